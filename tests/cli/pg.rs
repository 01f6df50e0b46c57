//! A throwaway PostgreSQL cluster for the tests: started once per test run
//! (initdb in a temporary folder, a loopback port, fsync off), stopped when
//! the test process ends; each test gets its own database. Set
//! `ORGADM_TEST_PG` to a server URL (`postgresql://USER@HOST:PORT`) to use
//! a running server instead.
//!
//! Where PostgreSQL is not installed, the tests that need it say so and pass,
//! except under `CI=true`, where they fail: CI installs it.

#![allow(dead_code)]

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub struct Cluster {
    /// `postgresql://orgadm@127.0.0.1:PORT`, without a database.
    pub base: String,
    /// Whether it serves TLS with the tests' certificates (our own cluster does).
    pub tls: bool,
    pub port: u16,
    pub dir: Option<tempfile::TempDir>,
    /// The watchdog shell: the server stops when its stdin closes.
    _child: Option<Child>,
}

/// The folder with initdb and postgres, the newest installed version.
pub fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p)
}

/// Whether the PostgreSQL tests can run here; panics under CI when not.
pub fn available() -> bool {
    let ok = std::env::var_os("ORGADM_TEST_PG").is_some() || bin_dir().is_some();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "PostgreSQL is not installed, and CI must run the PostgreSQL tests (apt-get install postgresql)"
        );
        eprintln!("skipped: PostgreSQL is not installed (apt-get install postgresql)");
    }
    ok
}

pub fn cluster() -> &'static Cluster {
    static C: OnceLock<Cluster> = OnceLock::new();
    C.get_or_init(|| {
        if let Ok(base) = std::env::var("ORGADM_TEST_PG") {
            let port = base
                .rsplit(':')
                .next()
                .and_then(|p| p.trim_end_matches('/').parse().ok())
                .unwrap_or(5432);
            return Cluster {
                base: base.trim_end_matches('/').to_string(),
                tls: false,
                port,
                dir: None,
                _child: None,
            };
        }
        start()
    })
}

fn as_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Runs a PostgreSQL program as the `postgres` user when we are root
/// (initdb refuses root), else as ourselves.
fn pg_command(program: &std::path::Path) -> Command {
    if as_root() {
        // By absolute path: /usr/sbin is not on every PATH (a cron job's,
        // a CI runner's).
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("runuser (util-linux) is needed to run initdb as `postgres`: apt-get install util-linux");
        let mut c = Command::new(runuser);
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn start() -> Cluster {
    let bin = bin_dir().expect("PostgreSQL is installed (apt-get install postgresql)");
    let dir = tempfile::Builder::new()
        .prefix("orgadm-pg")
        .tempdir()
        .unwrap();
    if as_root() {
        let pg = nix::unistd::User::from_name("postgres")
            .unwrap()
            .expect("the postgres user exists");
        nix::unistd::chown(dir.path(), Some(pg.uid), Some(pg.gid)).unwrap();
    }
    let data = dir.path().join("data");
    let out = pg_command(&bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-A",
            "trust",
            "-U",
            "orgadm",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // TLS with the tests' CA and 127.0.0.1 leaf (the key must be the
    // server user's and private); plain connections are accepted too.
    let certs = crate::support::certs();
    let (cert, key) = (dir.path().join("server.crt"), dir.path().join("server.key"));
    std::fs::copy(certs.cert(), &cert).unwrap();
    std::fs::copy(certs.key(), &key).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        if as_root() {
            let pg = nix::unistd::User::from_name("postgres").unwrap().unwrap();
            for f in [&cert, &key] {
                nix::unistd::chown(f, Some(pg.uid), Some(pg.gid)).unwrap();
            }
        }
    }
    let port = crate::support::free_port();
    // The server runs under a shell that stops it when our end of its stdin
    // closes, which happens however this test process ends, and then
    // removes the cluster's folder: the Cluster lives in a static, which is
    // never dropped, so its TempDir would stay behind (1-2 GB a run; cargo
    // mutants runs the suite once a mutant).
    let script = format!(
        "{postgres} -D {data} -p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key} >{log} 2>&1 & pid=$!; echo started; read _; kill -INT $pid; wait $pid; rm -rf {sock}",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        sock = dir.path().display(),
        log = dir.path().join("log").display(),
        cert = cert.display(),
        key = key.display(),
    );
    let mut child = pg_command(std::path::Path::new("/bin/sh"))
        .arg("-c")
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = format!("postgresql://orgadm@127.0.0.1:{port}");
    let t0 = Instant::now();
    loop {
        if postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls).is_ok() {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "PostgreSQL did not start: {}",
            std::fs::read_to_string(dir.path().join("log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Cluster {
        base,
        tls: true,
        port,
        dir: Some(dir),
        _child: Some(child),
    }
}

pub fn client(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("connect to {url}: {e}"))
}

/// A new, empty database on the cluster; returns its URL.
pub fn new_database() -> String {
    let c = cluster();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    client(&format!("{}/postgres", c.base))
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    format!("{}/{name}", c.base)
}

/// The rows of a query, each value as text (blobs in hex), as the SQLite
/// dump shows them.
pub fn rows(c: &mut postgres::Client, sql: &str) -> Vec<Vec<String>> {
    use postgres::types::Type;
    c.query(sql, &[])
        .unwrap()
        .iter()
        .map(|r| {
            r.columns()
                .iter()
                .enumerate()
                .map(|(i, col)| {
                    let t = col.type_();
                    let v: Option<String> = if *t == Type::INT8 {
                        r.get::<_, Option<i64>>(i).map(|v| v.to_string())
                    } else if *t == Type::INT4 {
                        r.get::<_, Option<i32>>(i).map(|v| v.to_string())
                    } else if *t == Type::BYTEA {
                        r.get::<_, Option<Vec<u8>>>(i)
                            .map(|b| b.iter().map(|x| format!("{x:02x}")).collect())
                    } else if *t == Type::BOOL {
                        r.get::<_, Option<bool>>(i).map(|v| v.to_string())
                    } else {
                        r.get::<_, Option<String>>(i)
                    };
                    v.unwrap_or_else(|| "NULL".into())
                })
                .collect()
        })
        .collect()
}

/// Every row of every orgadm table.
pub fn dump(url: &str) -> String {
    let mut c = client(url);
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = String::new();
    for t in tables {
        // Ordered by the whole row, whatever the columns.
        for row in rows(&mut c, &format!("SELECT * FROM {t} ORDER BY {t}")) {
            out.push_str(&format!("{t}: {}\n", row.join("|")));
        }
    }
    out
}

/// A loopback TCP proxy in front of the cluster, for faults between orgadm
/// and its database: a connection cut once it has carried so many bytes
/// towards the server (mid-transaction, at a point the test picks), one
/// that stalls there instead (it stays open and forwards nothing more, in
/// either direction, until the client leaves), or an outage (open
/// connections cut, new ones closed at once) and the return.
pub struct Proxy {
    pub port: u16,
    state: std::sync::Arc<ProxyState>,
}

struct ProxyState {
    upstream: u16,
    /// Bytes towards the server after which a connection is cut.
    cut_after: std::sync::atomic::AtomicU64,
    /// Bytes towards the server after which a connection stalls.
    stall_after: std::sync::atomic::AtomicU64,
    /// Bytes carried towards the server by the connections so far.
    carried: std::sync::atomic::AtomicU64,
    down: std::sync::atomic::AtomicBool,
    closed: std::sync::atomic::AtomicBool,
    open: std::sync::Mutex<Vec<std::net::TcpStream>>,
}

impl Proxy {
    pub fn start(upstream: u16) -> Proxy {
        use std::sync::atomic::Ordering::SeqCst;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = std::sync::Arc::new(ProxyState {
            upstream,
            cut_after: u64::MAX.into(),
            stall_after: u64::MAX.into(),
            carried: 0.into(),
            down: false.into(),
            closed: false.into(),
            open: Default::default(),
        });
        let st = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if st.closed.load(SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                if st.down.load(SeqCst) {
                    continue; // dropped: closed at once
                }
                let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", st.upstream)) else {
                    continue;
                };
                // As PostgreSQL and its clients do: a pipelined batch
                // forwarded in two writes would otherwise wait for the
                // server's delayed ACK (40 ms) each time.
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                if let Ok(mut open) = st.open.lock() {
                    open.push(client.try_clone().unwrap());
                    open.push(server.try_clone().unwrap());
                }
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let st2 = st.clone();
                let stalled = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
                let stalled2 = stalled.clone();
                std::thread::spawn(move || pump(client, server, Some(st2), &stalled));
                std::thread::spawn(move || pump(s2, c2, None, &stalled2));
            }
        });
        Proxy { port, state }
    }

    /// The database URL `url` through this proxy.
    pub fn url(&self, url: &str) -> String {
        let upstream = format!(":{}/", self.state.upstream);
        assert!(url.contains(&upstream), "{url}");
        url.replace(&upstream, &format!(":{}/", self.port))
    }

    /// Cut each connection once it has carried `bytes` towards the server.
    pub fn cut_after(&self, bytes: u64) {
        self.state
            .cut_after
            .store(bytes, std::sync::atomic::Ordering::SeqCst);
    }

    /// Stall each connection once it has carried `bytes` towards the server.
    pub fn stall_after(&self, bytes: u64) {
        self.state
            .stall_after
            .store(bytes, std::sync::atomic::Ordering::SeqCst);
    }

    /// Bytes carried towards the server so far, by all connections.
    pub fn carried(&self) -> u64 {
        self.state.carried.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The database goes away: open connections are cut, new ones closed.
    pub fn down(&self) {
        self.state
            .down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        self.state.cut_all();
    }

    /// The database is back.
    pub fn up(&self) {
        self.state
            .down
            .store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

impl ProxyState {
    fn cut_all(&self) {
        if let Ok(mut open) = self.open.lock() {
            for s in open.drain(..) {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.state
            .closed
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        self.state.cut_all();
    }
}

/// Copies `from` to `to`; towards the server (`st` given) it counts the
/// bytes and cuts the connection past the cut limit, or marks the
/// connection `stalled` past the stall limit. A stalled connection's pumps
/// read and drop everything, until the client closes its side.
fn pump(
    mut from: std::net::TcpStream,
    mut to: std::net::TcpStream,
    st: Option<std::sync::Arc<ProxyState>>,
    stalled: &std::sync::atomic::AtomicBool,
) {
    use std::io::{Read, Write};
    use std::sync::atomic::Ordering::SeqCst;
    let mut buf = [0u8; 16 * 1024];
    let mut mine = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if stalled.load(SeqCst) {
            continue;
        }
        let mut send = n;
        if let Some(st) = &st {
            let stall = st.stall_after.load(SeqCst);
            if mine + n as u64 > stall {
                send = usize::try_from(stall.saturating_sub(mine)).unwrap_or(0);
                let _ = to.write_all(&buf[..send]);
                st.carried.fetch_add(send as u64, SeqCst);
                mine = stall;
                stalled.store(true, SeqCst);
                continue;
            }
            let limit = st.cut_after.load(SeqCst);
            if mine + n as u64 > limit {
                // Up to the limit, then nothing more: cut mid-stream.
                send = usize::try_from(limit.saturating_sub(mine)).unwrap_or(0);
                let _ = to.write_all(&buf[..send]);
                st.carried.fetch_add(send as u64, SeqCst);
                break;
            }
            mine += n as u64;
            st.carried.fetch_add(n as u64, SeqCst);
        }
        if to.write_all(&buf[..send]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(std::net::Shutdown::Both);
    let _ = to.shutdown(std::net::Shutdown::Both);
}
