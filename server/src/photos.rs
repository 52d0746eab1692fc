//! Serving treatment photos: decrypted in memory, only to a signed-in practitioner whose screen
//! is not locked, never cached, and every view written to the audit log (REQ-56).

use app::db::{self, audit, photo::Variant, AppState, Audit, RequestMeta};
use app::error::AppError;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

pub async fn full(state: State<AppState>, id: Path<String>, request: Request) -> Response {
    serve(state, id, request, Variant::Full).await
}

pub async fn thumbnail(state: State<AppState>, id: Path<String>, request: Request) -> Response {
    serve(state, id, request, Variant::Thumb).await
}

async fn serve(State(state): State<AppState>, Path(id): Path<String>, request: Request, variant: Variant) -> Response {
    let (parts, _) = request.into_parts();
    let meta = RequestMeta::from_parts(&parts);
    match load(&state, &id, &meta, variant).await {
        Ok(jpeg) => {
            let mut response = jpeg.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
            response
        }
        Err(error) => error.status().into_response(),
    }
}

async fn load(state: &AppState, id: &str, meta: &RequestMeta, variant: Variant) -> Result<Vec<u8>, AppError> {
    let user = db::staff_user(state, meta).await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let photo = db::photo::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let jpeg = state
        .photos
        .read(&photo.id, variant)
        .await
        .map_err(|error| {
            tracing::error!(%error, "photo file unreadable");
            AppError::Internal
        })?
        .ok_or_else(|| {
            tracing::error!("photo file missing or does not decrypt");
            AppError::Internal
        })?;
    let detail = match variant {
        Variant::Full => "foto",
        Variant::Thumb => "miniatuur",
    };
    audit::record(
        &mut tx,
        audit::Entry::new(Audit::PhotoViewed, Some(user.id), meta).client(&photo.client_id).detail(detail),
    )
    .await?;
    tx.commit().await?;
    Ok(jpeg)
}
