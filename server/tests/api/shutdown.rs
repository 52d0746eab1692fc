//! The real binary under a service manager: SIGTERM stops it cleanly, as Ctrl-C does.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Server {
    process: Child,
    port: u16,
    data_dir: tempfile::TempDir,
}

/// The binary on a fresh data folder, once it answers.
async fn start_server() -> Server {
    let data_dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let process = Command::new(env!("CARGO_BIN_EXE_zorgvuldig"))
        .env("LEPTOS_OUTPUT_NAME", "zorgvuldig")
        .env("LEPTOS_SITE_ROOT", data_dir.path().join("site"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("ZORGVULDIG_DATA_DIR", data_dir.path())
        .env("ZORGVULDIG_SETUP_CODE", "1234 5678")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");

    // Ready once it answers; a request is what a service manager's health check would send.
    let http = reqwest::Client::new();
    let started = Instant::now();
    while http.get(format!("http://127.0.0.1:{port}/setup")).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not come up");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Server { process, port, data_dir }
}

impl Server {
    /// Sends SIGTERM and waits (at most 30 s) for the process to end; returns its exit status
    /// and what it wrote to stderr.
    async fn terminate(mut self) -> (std::process::ExitStatus, String, tempfile::TempDir) {
        let killed = Command::new("kill").args(["-TERM", &self.process.id().to_string()]).status().unwrap();
        assert!(killed.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.process.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = self.process.kill();
                panic!("the server hangs after SIGTERM");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut self.process.stderr.take().unwrap(), &mut stderr).unwrap();
        (status, stderr, self.data_dir)
    }
}

#[tokio::test]
async fn sigterm_lets_the_server_finish_and_close_the_database() {
    let server = start_server().await;
    let wal = server.data_dir.path().join("zorgvuldig.sqlite3-wal");
    assert!(wal.exists(), "the database is open in WAL mode");

    let (status, stderr, _data_dir) = server.terminate().await;

    assert!(status.success(), "stopped by itself, not killed by the signal: {status:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The last connection to close checkpoints the WAL into the database file and removes it.
    assert!(!wal.exists(), "the pool was closed");
}

/// A browser that leaves a page half-way (another tap, a phone off the Wi-Fi) must not leave the
/// server's page rendering behind in a broken state: no panic, no stuck worker, a clean stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_left_half_way_leave_the_server_whole() {
    let server = start_server().await;
    let port = server.port;
    for _ in 0..10 {
        let leavers: Vec<_> = (0..20)
            .map(|_| {
                tokio::spawn(async move {
                    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
                    let request = format!("GET /setup HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
                    stream.write_all(request.as_bytes()).await.unwrap();
                    let mut first_bytes = [0u8; 64];
                    let _ = stream.read(&mut first_bytes).await;
                    // Dropped here, with the rest of the page still to come.
                })
            })
            .collect();
        for leaver in leavers {
            leaver.await.unwrap();
        }
    }
    let page = reqwest::get(format!("http://127.0.0.1:{port}/setup")).await.unwrap();
    assert!(page.status().is_success());
    assert!(page.text().await.unwrap().contains("</html>"), "a whole page still comes");

    let (status, stderr, data_dir) = server.terminate().await;

    assert!(status.success(), "{status:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!data_dir.path().join("zorgvuldig.sqlite3-wal").exists(), "the database was closed");
}
