//! Under load, as a practice's busiest moment and beyond: 20 requests at once against the
//! release router on loopback, with 10,000 and then 100,000 clients. A load generator (`wrk`, from
//! Debian) sends searches, signed-in page loads of `/clients` and new clients; the same run
//! measures the static-file ceiling (the icon, and the sign-in page) and the bare SQLite search
//! query, and prints every target of issue 12 beside its measured value.
//!
//! Run with `scripts/bench.sh` (or `cargo bench -p server --bench load` after a release build).

#![recursion_limit = "256"]

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

const CONNECTIONS: u32 = 20;
const SECONDS: u32 = 10;
const QUERIES: [&str; 6] = ["zoe", "jan", "mul", "anouk de", "bakker", "dijk"];

/// What one wrk run measured.
struct Load {
    p50_ms: f64,
    p99_ms: f64,
    per_second: f64,
    errors: u64,
}

#[tokio::main]
async fn main() {
    let which = Command::new("wrk").arg("--version").output();
    if which.is_err() {
        eprintln!("wrk is missing: `scripts/install-tools.sh --bench` installs it (Debian package wrk)");
        std::process::exit(1);
    }
    // `ZORGVULDIG_BENCH_CLIENTS=10000` runs one size only, for a quick look or a profile.
    let sizes: Vec<usize> = match std::env::var("ZORGVULDIG_BENCH_CLIENTS") {
        Ok(one) => vec![one.parse().expect("ZORGVULDIG_BENCH_CLIENTS is a number")],
        Err(_) => vec![10_000, 100_000],
    };
    for clients in sizes {
        run(clients).await;
    }
}

async fn run(clients: usize) {
    let practice = common::start().await;
    let (base, cookie, settings) = (&practice.base, &practice.cookie, &practice.settings);

    let seeding = Instant::now();
    let pool =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", settings.database_path().display())).await.expect("pool");
    for chunk in 0..clients.div_ceil(10_000) {
        let mut tx = pool.begin().await.expect("tx");
        for i in chunk * 10_000..((chunk + 1) * 10_000).min(clients) {
            app::db::client::insert(&mut tx, &common::client(i), 1, chrono::Utc::now()).await.expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    println!("\n== {clients} clients (seeded in {:.0} s)", seeding.elapsed().as_secs_f64());
    // `ZORGVULDIG_BENCH_SAVE=/tmp/seeded.db` keeps the seeded database, to time queries with sqlite3.
    if let Ok(copy) = std::env::var("ZORGVULDIG_BENCH_SAVE") {
        sqlx::query("vacuum into ?").bind(copy).execute(&pool).await.expect("copy");
    }

    let bare = bare_search(&pool).await;
    let icon = wrk(base, "/icon.svg", cookie, None);
    let sign_in_page = wrk(base, "/login", "", None);
    let search = wrk(base, "/api/clients/search", cookie, Some(SEARCH_SCRIPT));
    let one_search = wrk_with(base, "/api/clients/search", cookie, Some(SEARCH_SCRIPT), 1);
    let page = wrk(base, "/clients", cookie, None);
    let count_clients = || sqlx::query_scalar::<_, i64>("select count(*) from client").fetch_one(&pool);
    let (clients_before, commits_before) = (count_clients().await.expect("count"), practice.writer.commits());
    let create = wrk(base, "/api/clients/create", cookie, Some(CREATE_SCRIPT));
    let created = count_clients().await.expect("count") - clients_before;
    let commits = practice.writer.commits() - commits_before;

    let line = |name: &str, load: &Load| {
        println!(
            "{name:<38} {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  errors {}",
            load.per_second, load.p50_ms, load.p99_ms, load.errors
        )
    };
    line("static file (icon), 20 at once", &icon);
    line("sign-in page, 20 at once", &sign_in_page);
    line("search, 20 at once", &search);
    line("search, one at a time", &one_search);
    line("/clients signed in, 20 at once", &page);
    line("create a client, 20 at once", &create);
    println!("creations shared commits: {created} clients in {commits} commits of the writer");
    println!("bare SQLite search query: p50 {:.3} ms, p99 {:.3} ms", bare.0, bare.1);
    println!(
        "ratios: search {:.2}x the static file's req/s, {:.0}x the bare query's p50; /clients {:.2}x the sign-in page's req/s",
        search.per_second / icon.per_second,
        search.p50_ms / bare.0.max(0.001),
        page.per_second / sign_in_page.per_second
    );
    let target = |name: &str, measured: f64, limit: f64, unit: &str| {
        let verdict = if measured <= limit { "met" } else { "NOT MET" };
        println!("target {name}: at most {limit} {unit}, measured {measured:.2} {unit}: {verdict}");
    };
    if clients == 10_000 {
        for page in first_loads(base, cookie) {
            println!(
                "lighthouse mobile {:<9} score {:>3}  LCP {:>5.0} ms  blocking {:>4.0} ms  hydrated {:>5.0} ms  {:>4.0} kB",
                page.path,
                page.score,
                page.lcp_ms,
                page.blocking_ms,
                page.hydrated_ms.unwrap_or(f64::NAN),
                page.transferred_bytes / 1000.0
            );
            if page.path == "/clients" {
                let verdict = if page.score >= 95.0 { "met" } else { "NOT MET" };
                println!("target Lighthouse mobile /clients score: at least 95, measured {}: {verdict}", page.score);
                target("Lighthouse mobile /clients LCP", page.lcp_ms, 2500.0, "ms");
                target("/clients hydrated, Lighthouse mobile", page.hydrated_ms.unwrap_or(f64::NAN), 2500.0, "ms");
            }
        }
    }
    if clients == 100_000 {
        target("search p99, 100k clients, 20 at once", search.p99_ms, 25.0, "ms");
        target("search errors, 100k clients", search.errors as f64, 0.0, "errors");
        target("search p50, one at a time", one_search.p50_ms, 2.0, "ms");
    }
    target(&format!("/clients p99, 20 connections ({clients} clients)"), page.p99_ms, 25.0, "ms");
    target(&format!("create p99, 20 at once ({clients} clients)"), create.p99_ms, 50.0, "ms");
    target(&format!("create errors ({clients} clients)"), create.errors as f64, 0.0, "errors");
}

/// One page's first load under Lighthouse's mobile profile.
#[derive(serde::Deserialize)]
struct FirstLoad {
    path: String,
    score: f64,
    lcp_ms: f64,
    blocking_ms: f64,
    hydrated_ms: Option<f64>,
    transferred_bytes: f64,
}

/// The sign-in page as a stranger gets it, and `/clients` signed in, under Lighthouse's mobile
/// throttling (`tools/bench/lighthouse.mjs`); nothing when Lighthouse is not installed.
fn first_loads(base: &str, cookie: &str) -> Vec<FirstLoad> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/bench/lighthouse.mjs");
    let mut pages = Vec::new();
    for (path, cookie) in [("/login", ""), ("/clients", cookie)] {
        let output = Command::new("node").arg(script).args([base, cookie, path]).output();
        match output {
            Ok(output) if output.status.success() => {
                // The request waterfall, when ZORGVULDIG_LIGHTHOUSE_REQUESTS asks for it.
                eprint!("{}", String::from_utf8_lossy(&output.stderr));
                let report = String::from_utf8_lossy(&output.stdout);
                pages.extend(report.lines().filter_map(|line| serde_json::from_str::<FirstLoad>(line).ok()));
            }
            Ok(output) => eprintln!("lighthouse failed: {}", String::from_utf8_lossy(&output.stderr)),
            Err(error) => eprintln!("lighthouse did not start: {error}"),
        }
    }
    pages
}

/// The search's own SQL, straight on SQLite: what no server can beat.
async fn bare_search(pool: &sqlx::SqlitePool) -> (f64, f64) {
    let mut conn = pool.acquire().await.expect("conn");
    let mut latencies = Vec::new();
    for i in 0..2_000 {
        let words = app::domain::search::query_words(QUERIES[i % QUERIES.len()]);
        let start = Instant::now();
        app::db::client::search(&mut conn, &words).await.expect("search");
        latencies.push(start.elapsed());
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(latencies[latencies.len() / 2]), ms(latencies[latencies.len() * 99 / 100]))
}

fn wrk(base: &str, path: &str, cookie: &str, script: Option<&str>) -> Load {
    wrk_with(base, path, cookie, script, CONNECTIONS)
}

fn wrk_with(base: &str, path: &str, cookie: &str, script: Option<&str>, connections: u32) -> Load {
    let dir = tempfile::tempdir().expect("temp dir");
    let lua = dir.path().join("request.lua");
    let headers = format!(
        "wrk.headers[\"Cookie\"] = \"{cookie}\"\nwrk.headers[\"Origin\"] = \"{base}\"\n\
         wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n"
    );
    std::fs::write(&lua, format!("{headers}{}", script.unwrap_or(""))).expect("script");
    let threads = connections.min(2).to_string();
    let output = Command::new("wrk")
        .args(["-t", &threads, "-c", &connections.to_string(), "-d", &format!("{SECONDS}s"), "--latency", "-s"])
        .arg(&lua)
        .arg(format!("{base}{path}"))
        .output()
        .expect("wrk runs");
    parse(&String::from_utf8_lossy(&output.stdout))
}

/// The latency distribution, rate and failures from wrk's report.
fn parse(report: &str) -> Load {
    let millis = |value: &str| -> f64 {
        let (number, unit) = value.split_at(value.find(|c: char| c.is_alphabetic()).unwrap_or(value.len()));
        let number: f64 = number.parse().unwrap_or(f64::NAN);
        match unit {
            "us" => number / 1000.0,
            "s" => number * 1000.0,
            "m" => number * 60_000.0,
            _ => number,
        }
    };
    let after = |label: &str| -> Option<&str> {
        report.lines().find_map(|line| line.trim().strip_prefix(label).map(str::trim))
    };
    let socket_errors: u64 = after("Socket errors:")
        .map(|rest| rest.split(',').filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    let bad_status: u64 = after("Non-2xx or 3xx responses:").and_then(|n| n.parse().ok()).unwrap_or(0);
    Load {
        p50_ms: after("50%").map(millis).unwrap_or(f64::NAN),
        p99_ms: after("99%").map(millis).unwrap_or(f64::NAN),
        per_second: after("Requests/sec:").and_then(|n| n.parse().ok()).unwrap_or(f64::NAN),
        errors: socket_errors + bad_status,
    }
}

/// Searches for names, a different query each time.
const SEARCH_SCRIPT: &str = r#"
wrk.method = "POST"
local queries = { "zoe", "jan", "mul", "anouk+de", "bakker", "dijk" }
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, "query=" .. queries[(n % #queries) + 1])
end
"#;

/// New clients, each with a name of its own, spread over the alphabet as a practice's new clients
/// are: each lands somewhere else in the name index and the list, not beside the one before.
const CREATE_SCRIPT: &str = r#"
wrk.method = "POST"
local n = 0
-- Names have no digits: a number becomes letters. Multiplying by a number with no factor in
-- common with 26^4 visits every four-letter name once, in an order that jumps around.
local function letters(k)
  local word = ""
  repeat
    word = string.char(97 + k % 26) .. word
    k = math.floor(k / 26)
  until k == 0
  return word
end
request = function()
  n = n + 1
  local body = "form%5Bfirst_name%5D=Bench&form%5Binitials%5D=&form%5Bsurname%5D=Load+" .. letters((n * 40503) % 456976) ..
    "&form%5Bdate_of_birth%5D=1990-01-01&form%5Bemail%5D=&form%5Bmobile%5D=0612345678&form%5Bstreet%5D=" ..
    "&form%5Bhouse_number%5D=&form%5Bpostcode%5D=&form%5Bcity%5D=&form%5Breferrer%5D="
  return wrk.format(nil, nil, nil, body)
end
"#;
