//! Files and folders only their owner may use: the database, the config,
//! the outbox (its messages hold live tokens). Modes are set outright after
//! creating, because the mode given at creation is cut by the umask.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use crate::error::{Error, Result};

/// Creates a folder (and missing parents) with mode 0700; existing folders are
/// left as they are.
///
/// Each missing folder is made one at a time and then set to 0700 outright:
/// the mode given at creation is cut by the umask, and a umask like 0277
/// would leave a folder orgadm cannot even write into.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut missing = Vec::new();
    let mut p = dir;
    while !p.as_os_str().is_empty() && !p.exists() {
        missing.push(p);
        match p.parent() {
            Some(parent) => p = parent,
            None => break,
        }
    }
    for d in missing.into_iter().rev() {
        let made = match fs::DirBuilder::new().mode(0o700).create(d) {
            Ok(()) => fs::set_permissions(d, fs::Permissions::from_mode(0o700)),
            // Another orgadm made it in the meantime: theirs is as good.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => Ok(()),
            Err(e) => Err(e),
        };
        made.map_err(|e| Error::internal(format!("cannot create folder {}: {e}", d.display())))?;
    }
    Ok(())
}

/// Creates a new file that only its owner can read and write (0600 whatever
/// the umask); fails if it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::PermissionsExt;
    let f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(f)
}
