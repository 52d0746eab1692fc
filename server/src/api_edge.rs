//! What every server-function request passes on its way in and out, in front of Leptos's own
//! decoding: a body that is not what the endpoint reads is refused with a typed error instead of
//! panicking the decoder or being decoded lossily, and a typed error leaves with its own HTTP
//! status instead of Leptos's blanket 500.

use app::api::photos::UploadPhoto;
use app::domain::{FieldError, ValidationErrors};
use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::server_fn::ServerFn;

/// A form post is a few kilobytes; the largest is a signature (at most 2 MB of JSON, which
/// percent-encoding can double). Photos come as multipart and are not buffered here.
const FORM_BODY_LIMIT: usize = 8 * 1024 * 1024;
/// Error bodies are a few hundred bytes of JSON.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The answer for a refused request: the typed error as JSON, with its status.
pub fn error_response(error: AppError) -> Response {
    let mut response = (error.status(), serde_json::to_string(&error).unwrap_or_default()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(seconds) = error.retry_after_secs() {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

fn content_type(request: &Request) -> &str {
    request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Refuses, before Leptos decodes it, a server-function request whose body the endpoint cannot
/// read: an upload that is not multipart with a boundary (the decoder would panic), and a form
/// whose percent-encoded bytes are not UTF-8 (the decoder would store replacement characters).
pub async fn refuse_unreadable_bodies(request: Request, next: Next) -> Response {
    if request.method() != Method::POST || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    if request.uri().path() == UploadPhoto::PATH {
        if multer::parse_boundary(content_type(&request)).is_err() {
            return error_response(AppError::BadRequest);
        }
        return next.run(request).await;
    }
    if !content_type(&request).starts_with("application/x-www-form-urlencoded") {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if let Err(error) = check_form_encoding(&bytes) {
        return error_response(error);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// `Ok` when every name and value decodes to UTF-8; otherwise the field that does not, so the
/// form can say which one (the user's typing stays on screen).
pub fn check_form_encoding(body: &[u8]) -> Result<(), AppError> {
    for pair in body.split(|b| *b == b'&').filter(|pair| !pair.is_empty()) {
        let mut halves = pair.splitn(2, |b| *b == b'=');
        let name = decode_form_component(halves.next().unwrap_or_default()).ok_or(AppError::BadRequest)?;
        if decode_form_component(halves.next().unwrap_or_default()).is_none() {
            let mut errors = ValidationErrors::new();
            errors.add(&field_of(&name), FieldError::UnreadableText);
            return Err(AppError::Invalid(errors));
        }
    }
    Ok(())
}

fn decode_form_component(raw: &[u8]) -> Option<String> {
    let spaced: Vec<u8> = raw.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
    percent_encoding::percent_decode(&spaced).decode_utf8().ok().map(|text| text.into_owned())
}

/// The field name the form's messages use: `form[first_name]` is `first_name`, the tablet's
/// `guardian[name]` is `guardian_name`, a plain `password` is itself.
fn field_of(name: &str) -> String {
    match name.strip_prefix("form[").and_then(|rest| rest.strip_suffix(']')) {
        Some(inner) => inner.to_owned(),
        None => name.replace('[', "_").replace(']', ""),
    }
}

/// Gives a server function's typed error its own status (401, 403, 404, 409, 422, 429 with
/// `Retry-After`); Leptos answers every error with 500. Redirects of plain form posts and real
/// failures pass unchanged.
pub async fn status_from_typed_error(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if !is_api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, ERROR_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = error.status();
        if let Some(seconds) = error.retry_after_secs() {
            parts.headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A panic anywhere below answers 500 with the typed `Internal` error instead of a dropped
/// connection; its message goes to the log, which never holds request data.
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error_response(AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_is_checked_per_field() {
        assert!(check_form_encoding(b"form%5Bfirst_name%5D=Zo%C3%AB&form%5Bsurname%5D=de+Vries").is_ok());
        assert!(check_form_encoding(b"").is_ok(), "an empty form is readable");
        assert!(check_form_encoding(b"flag").is_ok(), "a name without a value is readable");
        let Err(AppError::Invalid(errors)) = check_form_encoding(b"form%5Bsurname%5D=de+Vri%FFes&x=1") else {
            panic!("invalid UTF-8 in a value is refused");
        };
        assert_eq!(errors.get("surname"), &[FieldError::UnreadableText]);
        assert_eq!(check_form_encoding(b"na%C3me=x"), Err(AppError::BadRequest), "an unreadable name");
        let Err(AppError::Invalid(errors)) = check_form_encoding(b"password=%E2%82") else { panic!() };
        assert_eq!(errors.get("password"), &[FieldError::UnreadableText], "a truncated sequence");
    }

    #[test]
    fn field_names_match_the_forms_messages() {
        assert_eq!(field_of("form[first_name]"), "first_name");
        assert_eq!(field_of("guardian[name]"), "guardian_name");
        assert_eq!(field_of("password"), "password");
    }
}
