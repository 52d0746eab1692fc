//! Builds the application: database, state, router and middleware, and serves it.

use crate::api_edge;
use crate::config::Settings;
use crate::in_flight::{self, InFlight};
use crate::security::{self, AllowedHosts};
use app::db::audit::AuditCheckpoint;
use app::db::Db;
use app::media::photo_store::PhotoStore;
use app::server_ctx::{setup_code::SetupCode, throttle::LoginThrottle, AppState};
use app::service::retention::{self, DestructionLedger};
use app::{shell, App};
use axum::{middleware, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// Before a database with data in it is upgraded, a consistent copy of it as it was
/// (`VACUUM INTO`), beside it: if an upgrade goes wrong, the practice is one file away from the
/// day before. A new database, or one with nothing to upgrade, gets no copy.
pub async fn keep_copy_before_migrating(
    pool: &SqlitePool,
    migrator: &sqlx::migrate::Migrator,
    data_dir: &std::path::Path,
) -> Result<Option<std::path::PathBuf>, sqlx::Error> {
    let has_history: bool =
        sqlx::query_scalar("select count(*) > 0 from sqlite_master where type = 'table' and name = '_sqlx_migrations'")
            .fetch_one(pool)
            .await?;
    if !has_history {
        return Ok(None);
    }
    let applied: Vec<i64> =
        sqlx::query_scalar("select version from _sqlx_migrations where success = 1").fetch_all(pool).await?;
    if migrator.iter().all(|migration| applied.contains(&migration.version)) {
        return Ok(None);
    }
    let from_version = applied.iter().max().copied().unwrap_or(0);
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let copy = data_dir.join(format!("zorgvuldig.before-upgrade-from-{from_version:04}-{stamp}.sqlite3"));
    sqlx::query("vacuum into ?").bind(copy.to_string_lossy().into_owned()).execute(pool).await?;
    Ok(Some(copy))
}

/// `secure_delete` zeroes what is deleted from the day it was turned on (schema 0014); a
/// database from before may still hold old versions of rows in its free pages and free space.
/// One `VACUUM` rewrites the file without them, once.
async fn rewrite_free_pages_once(pool: &SqlitePool, now: chrono::DateTime<chrono::Utc>) -> Result<(), sqlx::Error> {
    const TASK: &str = "vacuum_after_secure_delete";
    let done: bool = sqlx::query_scalar("select exists (select 1 from maintenance where task = ?)")
        .bind(TASK)
        .fetch_one(pool)
        .await?;
    if done {
        return Ok(());
    }
    sqlx::query("vacuum").execute(pool).await?;
    let stamp = app::db::timestamp(now);
    sqlx::query("insert into maintenance (task, done_at, created_at, updated_at) values (?, ?, ?, ?)")
        .bind(TASK)
        .bind(&stamp)
        .bind(&stamp)
        .bind(&stamp)
        .execute(pool)
        .await?;
    Ok(())
}

/// How long the copy kept before an upgrade stays: long enough to notice an upgrade gone
/// wrong, not so long that it keeps what was destroyed since (a restored copy is held to the
/// destruction ledger; a copy lying about is not).
pub const UPGRADE_COPY_DAYS: i64 = 30;

/// Removes the copies kept before upgrades that are older than [`UPGRADE_COPY_DAYS`], by the
/// time in their names; how many.
pub fn remove_old_upgrade_copies(data_dir: &std::path::Path, now: chrono::DateTime<chrono::Utc>) -> usize {
    let Ok(entries) = std::fs::read_dir(data_dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(made_at) = upgrade_copy_time(&name) else { continue };
        if now - made_at >= chrono::Duration::days(UPGRADE_COPY_DAYS) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(error) => tracing::error!(%error, "could not remove an old copy from before an upgrade"),
            }
        }
    }
    removed
}

/// The time in a name like `zorgvuldig.before-upgrade-from-0013-20261203T020748Z.sqlite3`.
fn upgrade_copy_time(name: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let rest = name.strip_prefix("zorgvuldig.before-upgrade-from-")?.strip_suffix(".sqlite3")?;
    let (_, stamp) = rest.split_once('-')?;
    let at = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()?;
    Some(at.and_utc())
}

/// Opens (creating if needed) and migrates the database. Consent evidence and the audit log
/// must survive a power cut, so every commit is synced (`synchronous=FULL`); WAL keeps reads
/// going during a write. One writer connection takes every write in arrival order (sqlx hands a
/// pool's connections out first come, first served); the readers are opened read-only.
/// The whole audit chain is walked here, once; `checkpoint` then remembers how far it was intact.
pub async fn open_database(
    settings: &Settings,
    checkpoint: &AuditCheckpoint,
) -> Result<Db, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let options = SqliteConnectOptions::new()
        .filename(settings.database_path())
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // What a destruction deletes is overwritten with zeros, not left readable in free pages.
        .pragma("secure_delete", "on")
        // The statement journal (the pages a multi-row insert changes, kept until it is through)
        // stays in memory: by default SQLite writes it to a file in /var/tmp, outside the data
        // folder, with the rows of the pages it holds, on every such commit.
        .pragma("temp_store", "memory")
        // The checkpointer folds the WAL back every second and has it start over past 200 MB
        // (`app::db::fold_wal`); SQLite itself steps in (within a commit) only should the WAL
        // grow past 400 MB anyway.
        .pragma("wal_autocheckpoint", WAL_PAGES_BEFORE_SQLITE_FOLDS)
        .busy_timeout(Duration::from_secs(5));
    // A write waits its turn in this queue rather than in SQLite's busy loop, which is not fair.
    // A connection to a file of our own does not go stale in the pool, so it is not pinged
    // (one more round trip to its thread) each time it is handed out.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options.clone())
        .await?;
    let migrator = sqlx::migrate!("../migrations");
    if let Some(copy) = keep_copy_before_migrating(&pool, &migrator, &settings.data_dir).await? {
        tracing::warn!(copy = %copy.display(), "the database is upgraded; a copy from before is kept beside it");
    }
    migrator.run(&pool).await?;
    rewrite_free_pages_once(&pool, settings.clock.now()).await?;
    app::db::ledger::adopt_existing_rows_once(&pool, settings.clock.now()).await?;
    app::db::audit::file_names_listed(&app::db::writer::Writer::new(pool.clone()), app::db::audit::UNTIL_ALL_FILED)
        .await?;
    let findings = app::db::ledger::check(&pool, checkpoint).await?;
    if !findings.is_empty() {
        // Codes and counts only: which records, never whose.
        tracing::warn!(?findings, "the append-only records are not as they were written");
    }
    app::db::consent::seed_default_templates(&pool, settings.clock.now()).await?;
    app::db::treatment::seed_default_types(&pool, settings.clock.now()).await?;
    let mut tx = app::db::begin_write(&pool).await?;
    let indexed = app::db::client::index_unindexed_names(&mut tx).await?;
    tx.commit().await?;
    if indexed > 0 {
        tracing::info!(indexed, "clients added to the name index");
    }
    let readers = SqliteConnectOptions::new()
        .filename(settings.database_path())
        .read_only(true)
        .foreign_keys(true)
        .pragma("temp_store", "memory")
        .busy_timeout(Duration::from_secs(5));
    let read = SqlitePoolOptions::new().max_connections(8).test_before_acquire(false).connect_with(readers).await?;
    let checkpointer = SqlitePoolOptions::new().max_connections(1).connect_with(options).await?;
    Ok(Db::new(read, pool).checkpointed_by(checkpointer, CHECKPOINT_EVERY).names_filed(FILING))
}

/// How often the WAL is folded back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);
/// When the names that lists showed are filed under each client. Until then a client's log
/// finds them in the entries themselves, which are read one by one. The filing waits for a
/// quiet moment, a minute at most; then it works at most 200 ms a second, so that in a rush
/// requests go first and it catches up after.
const FILING: app::db::Filing = app::db::Filing {
    every: Duration::from_secs(1),
    quiet: Duration::from_millis(500),
    at_the_latest: Duration::from_secs(60),
    budget: Duration::from_millis(200),
};
/// 100,000 pages of 4 kB: twice what the checkpointer lets the WAL grow to.
const WAL_PAGES_BEFORE_SQLITE_FOLDS: &str = "100000";

/// The app's own scripts, WebAssembly and styles. The build compressed them once at the strongest
/// settings (`tools/precompress.mjs`); those files are sent as they are, and only a file without
/// them is compressed on the way out. Their names do not change between releases, so a browser
/// asks each time whether its copy is still current (and gets "not modified" when it is).
fn static_files(options: &leptos::config::LeptosOptions) -> SetResponseHeader<ServeDir, axum::http::HeaderValue> {
    let folder = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let files = ServeDir::new(folder).precompressed_br().precompressed_gzip();
    let revalidate = axum::http::HeaderValue::from_static("no-cache");
    SetResponseHeader::overriding(files, axum::http::header::CACHE_CONTROL, revalidate)
}

/// The whole router: pages, server functions, static files, and the security layers.
pub fn router(state: AppState, hosts: AllowedHosts, in_flight: InFlight) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let context_state = state.clone();
    Router::new()
        // `{id}` as in the Leptos routes: axum refuses two names for one path segment.
        .route("/clients/{id}/consents/{signature_id}/pdf", axum::routing::get(crate::consent_copy::download))
        .route("/photos/{id}", axum::routing::get(crate::photos::full))
        .route("/photos/{id}/thumb", axum::routing::get(crate::photos::thumbnail))
        .nest_service("/pkg", static_files(&leptos_options))
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), {
            let leptos_options = leptos_options.clone();
            move || shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Layers run bottom-up: the host check first, then the cross-site check before any
        // handler, then bodies the server functions could not read are refused, and on the way
        // out a typed error gets its status. The sign-in gate is for pages only.
        .layer(middleware::from_fn_with_state(state.clone(), security::require_sign_in_for_pages))
        .layer(middleware::from_fn(api_edge::status_from_typed_error))
        .layer(middleware::from_fn(api_edge::refuse_unreadable_bodies))
        .layer(middleware::from_fn(security::reject_cross_site))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(api_edge::panic_response))
        .layer(middleware::from_fn_with_state(in_flight, in_flight::run_to_the_end))
        .layer(middleware::from_fn(security::security_headers))
        .layer(middleware::from_fn_with_state(hosts, security::refuse_unknown_hosts))
        // Photos are the largest thing anyone sends; nothing else comes near this.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(app::domain::treatment::PHOTO_MAX_BYTES + 1024 * 1024))
        // The WASM is ~1.6 MB raw and ~0.45 MB with brotli: phones load it over the practice's Wi-Fi.
        .layer(tower_http::compression::CompressionLayer::new().br(true).gzip(true))
        .with_state(state)
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Db,
    in_flight: InFlight,
}

impl Application {
    /// Opens the database and binds the address (port 0 picks a free port, for tests).
    pub async fn build(settings: Settings, leptos_options: LeptosOptions) -> Result<Self, Box<dyn std::error::Error>> {
        let audit_checkpoint = Arc::new(AuditCheckpoint::default());
        let db = open_database(&settings, &audit_checkpoint).await?;
        let photos = PhotoStore::open(&settings.photo_dir(), &settings.photo_key_file)?;
        let setup_code = first_run_code(&settings, &db.read).await?;
        let secrets = Arc::new(app::media::seal::Sealer::from_key_file(&settings.photo_key_file)?);
        let destruction_ledger = DestructionLedger::in_folder(&settings.data_dir);
        let again = retention::reapply_ledger(&db, &settings.clock, &secrets, &photos, &destruction_ledger)
            .await
            .map_err(|error| format!("the destruction ledger could not be applied: {error}"))?;
        if again > 0 {
            tracing::warn!(again, "dossiers destroyed again: a copy from before their destruction was restored");
        }
        let listener = TcpListener::bind(leptos_options.site_addr).await?;
        let hosts = AllowedHosts::new(&settings.allowed_hosts, leptos_options.site_addr);
        let state = AppState {
            leptos_options,
            db: db.clone(),
            throttle: Arc::new(LoginThrottle::new(db.clone(), settings.clock.clone())),
            sessions: settings.sessions,
            photos: Arc::new(photos),
            secrets,
            setup_code: Arc::new(setup_code),
            clock: settings.clock.clone(),
            audit_checkpoint,
            destruction_ledger,
        };
        tokio::spawn(run_retention_daily(state.clone(), settings.data_dir.clone()));
        let in_flight = InFlight::default();
        Ok(Self { listener, router: router(state, hosts, in_flight.clone()), db, in_flight })
    }

    /// The writer, for a benchmark to count its commits.
    pub fn writer(&self) -> app::db::writer::Writer {
        self.db.write.clone()
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener has an address")
    }

    /// Serves until Ctrl-C or SIGTERM (what a service manager sends), lets requests in flight
    /// finish (also those whose browser has gone), then closes the database cleanly.
    pub async fn run(self) -> std::io::Result<()> {
        use axum::serve::ListenerExt;
        // Without TCP_NODELAY small responses wait ~40 ms for Nagle's algorithm on keep-alive.
        let listener = self.listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        let served = axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await;
        self.in_flight.finish().await;
        self.db.close().await;
        served
    }
}

/// The daily retention run, checked every few minutes against the server's clock: it runs once
/// on each practice day (the first check after midnight, or the first after a start).
async fn run_retention_daily(state: AppState, data_dir: std::path::PathBuf) {
    let mut every = tokio::time::interval(Duration::from_secs(5 * 60));
    let destroyer =
        retention::Destroyer { sealer: &state.secrets, photos: &state.photos, ledger: &state.destruction_ledger };
    loop {
        every.tick().await;
        if state.db.write.pool().is_closed() {
            return;
        }
        match retention::daily_run(&state.db, &state.clock, destroyer).await {
            Ok(true) => {
                let removed = remove_old_upgrade_copies(&data_dir, state.clock.now());
                if removed > 0 {
                    tracing::info!(removed, "copies from before an upgrade removed after {UPGRADE_COPY_DAYS} days");
                }
            }
            Ok(false) => {}
            Err(error) => {
                tracing::error!(%error, "the daily retention run failed; it is tried again in five minutes");
            }
        }
    }
}

/// The code the first-run setup asks for, so that nobody but whoever can read this machine's
/// console (or set `ZORGVULDIG_SETUP_CODE`) can claim a fresh installation.
async fn first_run_code(settings: &Settings, pool: &SqlitePool) -> Result<SetupCode, sqlx::Error> {
    if let Some(code) = &settings.setup_code {
        return Ok(SetupCode::new(code));
    }
    let (setup_code, shown) = SetupCode::random();
    if !app::db::practice::is_set_up(pool).await? {
        // The console, not the log: the code is for the person installing, right now.
        println!("Eerste start van Zorgvuldig. Installatiecode voor het instellen van de praktijk: {shown}");
    }
    Ok(setup_code)
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server cleanly");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
    tracing::info!("stopping: requests in flight may finish");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_from_before_an_upgrade_go_after_thirty_days_and_nothing_else_does() {
        let folder = tempfile::tempdir().unwrap();
        let old = "zorgvuldig.before-upgrade-from-0013-20261101T120000Z.sqlite3";
        let recent = "zorgvuldig.before-upgrade-from-0014-20261120T120000Z.sqlite3";
        for name in
            [old, recent, "zorgvuldig.sqlite3", "destruction-ledger.tsv", "zorgvuldig.before-upgrade-from-x.sqlite3"]
        {
            std::fs::write(folder.path().join(name), b"x").unwrap();
        }
        let now = "2026-12-01T12:00:00Z".parse().unwrap();
        assert_eq!(remove_old_upgrade_copies(folder.path(), now), 1);
        assert!(!folder.path().join(old).exists());
        assert!(folder.path().join(recent).exists());
        assert!(folder.path().join("zorgvuldig.sqlite3").exists());
        assert!(folder.path().join("zorgvuldig.before-upgrade-from-x.sqlite3").exists());
    }
}
