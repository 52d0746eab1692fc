//! The real binary under a service manager: SIGTERM stops it cleanly, as Ctrl-C does.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test]
async fn sigterm_lets_the_server_finish_and_close_the_database() {
    let data_dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_zorgvuldig"))
        .env("LEPTOS_OUTPUT_NAME", "zorgvuldig")
        .env("LEPTOS_SITE_ROOT", data_dir.path().join("site"))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("ZORGVULDIG_DATA_DIR", data_dir.path())
        .env("ZORGVULDIG_SETUP_CODE", "1234 5678")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server starts");

    // Ready once it answers; a request is what a service manager's health check would send.
    let http = reqwest::Client::new();
    let started = Instant::now();
    let base = format!("http://127.0.0.1:{port}");
    while http.get(format!("{base}/setup")).send().await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not come up");
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(data_dir.path().join("zorgvuldig.sqlite3-wal").exists(), "the database is open in WAL mode");

    let killed = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || server.wait()).await.unwrap().unwrap();

    assert!(status.success(), "stopped by itself, not killed by the signal: {status:?}");
    // The last connection to close checkpoints the WAL into the database file and removes it.
    assert!(!data_dir.path().join("zorgvuldig.sqlite3-wal").exists(), "the pool was closed");
}
