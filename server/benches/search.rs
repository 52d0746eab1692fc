//! Client-search latency with 10,000 dossiers, over HTTP through the real router (session
//! check, search, audit entry, commit with synchronous=FULL), and the size of the release WASM.
//!
//! Run with `scripts/bench.sh` (or `cargo bench -p server --bench search` after a release build).

#![recursion_limit = "256"]

mod common;

use std::time::{Duration, Instant};

const CLIENTS: usize = 10_000;
const SEARCHES: usize = 1_000;
const QUERIES: [&str; 8] = ["zoe", "van", "jan", "mul", "anais de", "bakker", "ren", "dijk"];

#[tokio::main]
async fn main() {
    let practice = common::start().await;
    let (base, settings) = (&practice.base, &practice.settings);
    let http = reqwest::Client::new();
    let post = |path: &str, form: Vec<(&str, String)>| {
        http.post(format!("{base}/api/{path}"))
            .header("origin", base)
            .header("cookie", &practice.cookie)
            .form(&form)
            .send()
    };

    let seeding = Instant::now();
    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", settings.database_path().display())).await.expect("pool");
    let mut tx = pool.begin().await.expect("tx");
    for i in 0..CLIENTS {
        app::db::client::insert(&mut tx, &common::client(i), 1, chrono::Utc::now()).await.expect("insert");
    }
    tx.commit().await.expect("commit");
    println!("seeded {CLIENTS} clients in {:.1} s", seeding.elapsed().as_secs_f64());

    // Warm up connections and caches, then measure.
    for query in QUERIES {
        post("clients/search", vec![("query", query.to_owned())]).await.expect("warm-up");
    }
    let mut latencies = Vec::with_capacity(SEARCHES);
    let mut hits = 0usize;
    for i in 0..SEARCHES {
        let query = QUERIES[i % QUERIES.len()];
        let start = Instant::now();
        let response = post("clients/search", vec![("query", query.to_owned())]).await.expect("search");
        let body = response.text().await.expect("body");
        latencies.push(start.elapsed());
        hits += body.matches("\"id\"").count();
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "client search over HTTP, {SEARCHES} requests, {CLIENTS} clients: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} hits in all)",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(latencies[latencies.len() - 1]),
        hits
    );

    report_wasm_size();
}

fn report_wasm_size() {
    let path = std::path::Path::new("../target/site/pkg/zorgvuldig.wasm");
    let path =
        if path.exists() { path.to_owned() } else { std::path::PathBuf::from("target/site/pkg/zorgvuldig.wasm") };
    let Ok(raw) = std::fs::read(&path) else {
        println!("release WASM not found at {}: run `cargo leptos build --release` first", path.display());
        return;
    };
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut raw.as_slice(), &mut compressed, &params).expect("brotli");
    println!(
        "release WASM: {:.0} KB raw, {:.0} KB brotli (quality 11)",
        raw.len() as f64 / 1024.0,
        compressed.len() as f64 / 1024.0
    );
}
