//! Builds the application: database, state, router and middleware, and serves it.

use crate::config::Settings;
use crate::security;
use app::db::{photo::PhotoStore, throttle::LoginThrottle, AppState};
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

/// Opens (creating if needed) and migrates the database. Consent evidence and the audit log
/// must survive a power cut, so every commit is synced (`synchronous=FULL`); WAL keeps reads
/// going during a write.
pub async fn open_database(settings: &Settings) -> Result<SqlitePool, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(&settings.data_dir)?;
    let options = SqliteConnectOptions::new()
        .filename(settings.database_path())
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    app::db::consent::seed_default_templates(&pool).await?;
    app::db::treatment::seed_default_types(&pool).await?;
    Ok(pool)
}

/// The whole router: pages, server functions, static files, and the security layers.
pub fn router(state: AppState) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let context_state = state.clone();
    Router::new()
        // `{id}` as in the Leptos routes: axum refuses two names for one path segment.
        .route("/clients/{id}/consents/{signature_id}/pdf", axum::routing::get(crate::consent_copy::download))
        .route("/photos/{id}", axum::routing::get(crate::photos::full))
        .route("/photos/{id}/thumb", axum::routing::get(crate::photos::thumbnail))
        .leptos_routes_with_context(&state, routes, move || provide_context(context_state.clone()), {
            let leptos_options = leptos_options.clone();
            move || shell(leptos_options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Layers run bottom-up: headers wrap everything, the cross-site check runs before any
        // handler, the sign-in gate only for pages.
        .layer(middleware::from_fn_with_state(state.clone(), security::require_sign_in_for_pages))
        .layer(middleware::from_fn(security::reject_cross_site))
        .layer(middleware::from_fn(security::security_headers))
        // Photos are the largest thing anyone sends; nothing else comes near this.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(app::domain::treatment::PHOTO_MAX_BYTES + 1024 * 1024))
        // The WASM is ~1.6 MB raw and ~0.45 MB with brotli: phones load it over the practice's Wi-Fi.
        .layer(tower_http::compression::CompressionLayer::new().br(true).gzip(true))
        .with_state(state)
}

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Opens the database and binds the address (port 0 picks a free port, for tests).
    pub async fn build(settings: Settings, leptos_options: LeptosOptions) -> Result<Self, Box<dyn std::error::Error>> {
        let pool = open_database(&settings).await?;
        let photos = PhotoStore::open(&settings.photo_dir(), &settings.photo_key_file)?;
        let listener = TcpListener::bind(leptos_options.site_addr).await?;
        let state = AppState {
            leptos_options,
            pool,
            throttle: Arc::new(LoginThrottle::default()),
            sessions: settings.sessions,
            photos: Arc::new(photos),
        };
        Ok(Self { listener, router: router(state) })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener has an address")
    }

    pub async fn run(self) -> std::io::Result<()> {
        use axum::serve::ListenerExt;
        // Without TCP_NODELAY small responses wait ~40 ms for Nagle's algorithm on keep-alive.
        let listener = self.listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
