//! Serving treatment photos: decrypted in memory, only to a signed-in practitioner whose screen
//! is not locked, never cached, and every view written to the audit log (REQ-56).

use app::db;
use app::domain::audit::{AuditAction, AuditDetail, PhotoSize};
use app::domain::language::Language;
use app::error::AppError;
use app::media::photo_store::Variant;
use app::server_ctx::{self, AppState, RequestMeta};
use app::service::{Entry, Work};
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
        Err(error) => refusal(&error, meta.language),
    }
}

/// A photo address opened on its own (a saved link, a reload of an old tab) gets a page in the
/// reader's language that says where the photo can be seen, not the browser's own error page.
fn refusal(error: &AppError, language: Language) -> Response {
    let (where_to_see, back) = app::text::photo_elsewhere(language);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>Zorgvuldig</title></head><body>\
         <p>{where_to_see}</p><p><a href=\"/clients\">{back}</a></p></body></html>",
        language.code()
    );
    let mut response = (error.status(), axum::response::Html(page)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store, private"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'"));
    response
}

async fn load(state: &AppState, id: &str, meta: &RequestMeta, variant: Variant) -> Result<Vec<u8>, AppError> {
    let user = server_ctx::staff_user_who_may(state, meta, app::domain::user::Permission::ReadCare).await?;
    let mut work = Work::staff_read(state, &user, meta).await?;
    let photo = db::photo::get(work.conn(), id).await?.ok_or(AppError::NotFound)?;
    work.dossier(&photo.client_id);
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
    let size = match variant {
        Variant::Full => PhotoSize::Full,
        Variant::Thumb => PhotoSize::Thumbnail,
    };
    work.audit(Entry::new(AuditAction::PhotoViewed).client(&photo.client_id).detail(AuditDetail::PhotoSize { size }));
    work.commit().await?;
    Ok(jpeg)
}
