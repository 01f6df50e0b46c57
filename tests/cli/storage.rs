//! Many processes on one file, and processes killed mid-change.

use std::process::Stdio;
use std::time::Duration;

use crate::support::*;

#[test]
fn parallel_writers_and_readers_never_see_database_is_locked() {
    let env = Env::init();
    env.ok(&["group", "create", "Staff", "--role", "user"]);
    let results: Vec<Out> = std::thread::scope(|s| {
        let mut handles = Vec::new();
        for w in 0..6 {
            let env = &env;
            handles.push(s.spawn(move || {
                let mut outs = Vec::new();
                for i in 0..8 {
                    let email = format!("w{w}-{i}@example.com");
                    outs.push(env.run(&add_args(&email, "W", &["--group", "Staff", "--no-email"])));
                    outs.push(env.run(&["user", "list", "--json"]));
                    // Leaving the group strands them (it was their only role): --yes.
                    outs.push(env.run(&["group", "manage", "Staff", "--remove", &email, "--yes"]));
                }
                outs
            }));
        }
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    for o in &results {
        assert_eq!(o.code, 0, "{o:?}");
        assert!(!o.stderr.contains("locked"), "{}", o.stderr);
    }
    assert_eq!(env.json(&["user", "list"]).as_array().unwrap().len(), 49);
    assert_eq!(
        env.json(&["group", "show", "Staff"])["members"],
        serde_json::json!([])
    );
    env.ok(&["audit", "verify"]);
}

#[test]
fn kill_9_mid_change_leaves_the_change_whole_or_absent() {
    let env = Env::init();
    env.ok(&["group", "create", "Big", "--role", "finance-admin"]);
    let n = 150;
    for i in 0..n {
        env.invite(
            &format!("p{i}@example.com"),
            &format!("P{i}"),
            &["--role", "user"],
        );
    }
    let emails: Vec<String> = (0..n).map(|i| format!("p{i}@example.com")).collect();
    let mut add_args = vec!["group".to_string(), "manage".into(), "Big".into()];
    for e in &emails {
        add_args.push("--add".into());
        add_args.push(e.clone());
    }
    let mut killed_mid_way = 0;
    for round in 0..12u64 {
        let mut child = env
            .cmd()
            .args(&add_args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn_guarded();
        std::thread::sleep(Duration::from_millis(5 + (round * 7) % 60));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed_mid_way += 1;
        }
        let members = env.json(&["group", "show", "Big"])["members"]
            .as_array()
            .unwrap()
            .len();
        assert!(
            members == 0 || members == n,
            "round {round}: {members} of {n} members: a torn change"
        );
        if env.pg_url.is_none() {
            let ok = env.sql_rows("PRAGMA integrity_check");
            assert_eq!(ok, [["ok"]]);
        }
        env.ok(&["audit", "verify"]);
        let entries = env
            .json(&["audit", "--action", "group.manage"])
            .as_array()
            .unwrap()
            .len();
        assert_eq!(entries % n, 0, "audit entries come with their change");
        if members == n {
            let mut rm = vec!["group".to_string(), "manage".into(), "Big".into()];
            for e in &emails {
                rm.push("--remove".into());
                rm.push(e.clone());
            }
            let rm: Vec<&str> = rm.iter().map(String::as_str).collect();
            env.ok(&rm);
        }
    }
    assert!(killed_mid_way > 0, "no process was killed while running");
}

/// A folder whose files cannot be written: a read-only bind mount for root
/// (whom file modes do not stop), modes 0500/0400 for anyone else.
struct ReadOnlyDir {
    path: std::path::PathBuf,
    mounted: bool,
}

impl ReadOnlyDir {
    fn new(src: &std::path::Path, at: &std::path::Path) -> ReadOnlyDir {
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        if root {
            std::fs::create_dir_all(at).unwrap();
            let sh = |c: &str| {
                std::process::Command::new("sh")
                    .args(["-c", c])
                    .status()
                    .unwrap()
                    .success()
            };
            assert!(
                sh(&format!(
                    "mount --bind '{}' '{}' && mount -o remount,ro,bind '{}'",
                    src.display(),
                    at.display(),
                    at.display()
                )),
                "as root, this test needs `mount --bind` to make a read-only medium"
            );
            ReadOnlyDir {
                path: at.to_path_buf(),
                mounted: true,
            }
        } else {
            use std::os::unix::fs::PermissionsExt;
            for f in std::fs::read_dir(src).unwrap() {
                std::fs::set_permissions(f.unwrap().path(), std::fs::Permissions::from_mode(0o400))
                    .unwrap();
            }
            std::fs::set_permissions(src, std::fs::Permissions::from_mode(0o500)).unwrap();
            ReadOnlyDir {
                path: src.to_path_buf(),
                mounted: false,
            }
        }
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .arg(&self.path)
                .status();
        } else {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o700));
        }
    }
}

#[test]
fn read_commands_work_on_a_read_only_medium_and_writes_say_why_they_cannot() {
    let env = Env::init_sqlite();
    env.invite("bob@example.com", "Bob", &["--role", "user"]);
    let src = env.db().parent().unwrap().to_path_buf();
    // A folder name SQLite's URI syntax would misread unless escaped.
    let ro = ReadOnlyDir::new(&src, &env.dir.path().join("ro é#?%20"));
    let db = ro.path.join("orgadm.db");
    let db = db.to_str().unwrap();
    assert!(
        !ro.path.join("orgadm.db-shm").exists(),
        "a cleanly closed database has no -shm"
    );
    let list = env.ok(&["--db", db, "user", "list", "--json"]).json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    env.ok(&["--db", db, "audit", "verify"]);
    let o = env.code(
        8,
        &[
            "--db",
            db,
            "user",
            "add",
            "--email",
            "c@example.com",
            "--name",
            "C",
            "--role",
            "user",
            "--no-email",
        ],
    );
    assert!(o.stderr.contains("read-only"), "{}", o.stderr);
    drop(ro);
}

/// Eight `init`s racing on one file: one organization is made, whole; every
/// other says it is already initialized (exit 4), and no temporary file is
/// left in the folder.
#[test]
fn inits_at_once_make_one_organization() {
    let env = Env::sqlite();
    let dir = env.dir.path().join("shared");
    let db = dir.join("org.db");
    let outs: Vec<Out> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let (env, db) = (&env, &db);
                s.spawn(move || {
                    let admin = format!("admin{i}@example.com");
                    env.run(&[
                        "--db",
                        db.to_str().unwrap(),
                        "init",
                        "--admin",
                        &admin,
                        "--name",
                        "Admin",
                        "--org",
                        "Raced",
                    ])
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let winners: Vec<usize> = (0..8).filter(|&i| outs[i].code == 0).collect();
    assert_eq!(winners.len(), 1, "{outs:?}");
    for (i, o) in outs.iter().enumerate() {
        if i != winners[0] {
            assert_eq!(o.code, 4, "{o:?}");
            assert!(o.stderr.contains("already initialized"), "{}", o.stderr);
        }
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["org.db"]);
    let list = env.json(&["--db", db.to_str().unwrap(), "user", "list"]);
    assert_eq!(
        column(&list, "email"),
        [format!("admin{}@example.com", winners[0])]
    );
}

/// `init` through a symbolic link whose target does not exist yet creates
/// the database at the target, where every later command finds it; a path
/// ending in a slash names no file and is refused, leaving nothing behind.
#[test]
fn init_follows_a_link_to_where_the_database_goes_and_refuses_a_folder_path() {
    let env = Env::sqlite();
    let dir = env.dir.path();
    let link = dir.join("link.db");
    std::os::unix::fs::symlink("srv/org.db", &link).unwrap();
    let init = |db: &str| {
        env.run(&[
            "--db", db, "init", "--admin", ADMIN, "--name", "Ada", "--org", "Linked",
        ])
    };
    let o = init(link.to_str().unwrap());
    assert_eq!(o.code, 0, "{o:?}");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(dir.join("srv/org.db").is_file());
    env.ok(&["--db", link.to_str().unwrap(), "user", "show", ADMIN]);
    let again = init(link.to_str().unwrap());
    assert_eq!(again.code, 4, "{again:?}");

    let folder = dir.join("empty");
    let o = init(&format!("{}/org.db/", folder.display()));
    assert_eq!(o.code, 8, "{o:?}");
    assert!(
        o.stderr.contains("cannot create") && o.stderr.contains("Not a directory"),
        "{}",
        o.stderr
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0);
}

/// `init` where a file that is not orgadm's already sits (another program's
/// SQLite file, a text file, a folder) says what the file is (exit 8) and
/// leaves it byte for byte; only an orgadm database is "already
/// initialized" (exit 4).
#[test]
fn init_over_a_file_that_is_not_orgadms_says_what_it_is() {
    let env = Env::sqlite();
    let dir = env.dir.path();
    let other = dir.join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine');")
        .unwrap();
    let text = dir.join("notes.txt");
    std::fs::write(&text, "not a database\n".repeat(20)).unwrap();
    let folder = dir.join("folder.db");
    std::fs::create_dir(&folder).unwrap();
    for (path, says) in [
        (&other, "another application's SQLite file"),
        (&text, "not an SQLite file"),
        (&folder, "not a regular file"),
    ] {
        let before = std::fs::read(path).ok();
        let o = env.code(
            8,
            &["--db", path.to_str().unwrap(), "init", "--admin", ADMIN],
        );
        assert!(o.stderr.contains(says), "{}: {}", path.display(), o.stderr);
        assert!(!o.stderr.contains("already initialized"), "{}", o.stderr);
        assert_eq!(std::fs::read(path).ok(), before);
    }
    let ours = dir.join("ours.db");
    env.ok(&["--db", ours.to_str().unwrap(), "init", "--admin", ADMIN]);
    let o = env.code(
        4,
        &["--db", ours.to_str().unwrap(), "init", "--admin", ADMIN],
    );
    assert!(o.stderr.contains("already initialized"), "{}", o.stderr);
}
