//! The client's copy of what they signed (REQ-59): a PDF with the exact text, the drawn
//! signature and the evidence summary, served only to a signed-in practitioner and audited.

use crate::pdf::{Layout, Style, MARGIN};
use app::api::types::local_time;
use app::db::consent;
use app::domain::audit::AuditAction;
use app::domain::language::Language;
use app::domain::signature::{Segment, Signature, StrokePath, PAD_HEIGHT, PAD_WIDTH};
use app::server_ctx::{AppState, RequestMeta};
use app::service::{Entry, Work};
use app::text::{date_time_in, locale_of, tr_in, Locale};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use krilla::geom::PathBuilder;
use krilla::paint::{LineCap, LineJoin, Stroke};

/// What goes on the copy; every field comes from the stored evidence.
pub struct ConsentCopy {
    /// The language of the text that was signed: the whole copy is in it.
    pub language: Language,
    pub practice: String,
    pub client_name: String,
    pub signer: String,
    pub text: String,
    pub signature: Signature,
    pub signed_at: String,
    /// The staff member present; none when it was signed through a link.
    pub staff_name: Option<String>,
    pub device: String,
    pub template_version: i64,
    pub text_sha256: String,
    pub evidence_sha256: String,
    pub evidence_id: String,
    /// When and by whom the consent was withdrawn, if it was: the copy must not read as a
    /// consent still in force.
    pub withdrawal: Option<Withdrawal>,
}

pub struct Withdrawal {
    pub at: String,
    /// Who on the staff recorded it; none when the client withdrew through a link.
    pub recorded_by: Option<String>,
    pub reason: Option<String>,
}

/// The signature's box on the page, in points.
const SIGNATURE_WIDTH: f32 = 300.0;
const SIGNATURE_BLOCK: usize = 0;

fn lay_out(copy: &ConsentCopy, signature_height: f32) -> Layout {
    let l = locale_of(copy.language);
    let body = Style::regular(10.0, 14.5);
    let small = Style::regular(8.5, 12.0);
    let mut layout = Layout::default();
    layout.paragraph(Style::bold(15.0, 15.0 * 1.45), tr_in!(l, copy_title));
    layout.paragraph(body, &copy.practice);
    layout.space(body.leading);
    if let Some(withdrawal) = &copy.withdrawal {
        let notice = tr_in!(l, copy_withdrawn_notice, at = &withdrawal.at);
        layout.paragraph(Style::bold(12.0, 12.0 * 1.45), &notice);
        layout.space(body.leading);
    }
    layout.paragraph(body, &copy.text);
    layout.block(SIGNATURE_BLOCK, 16.0, signature_height + 8.0);

    let device: String = copy.device.chars().take(90).collect();
    let summary = [
        Some(tr_in!(l, copy_signed_by, name = &copy.signer)),
        Some(tr_in!(l, copy_client, name = &copy.client_name)),
        Some(tr_in!(l, copy_signed_at, at = &copy.signed_at)),
        copy.staff_name.as_ref().map(|name| tr_in!(l, copy_staff, name)),
        Some(tr_in!(l, copy_device, device)),
        Some(tr_in!(l, copy_version, version = copy.template_version)),
        Some(tr_in!(l, copy_language, language = language_name_in(copy.language))),
        Some(tr_in!(l, copy_text_hash, hash = &copy.text_sha256)),
        Some(tr_in!(l, copy_evidence_hash, hash = &copy.evidence_sha256)),
        Some(tr_in!(l, copy_reference, id = &copy.evidence_id)),
    ];
    let withdrawal = copy.withdrawal.iter().flat_map(|w| {
        let recorded = match &w.recorded_by {
            Some(name) => tr_in!(l, copy_withdrawn_by, at = &w.at, name),
            None => tr_in!(l, copy_withdrawn_on, at = &w.at),
        };
        [Some(recorded), w.reason.as_ref().map(|reason| tr_in!(l, copy_withdraw_reason, reason))]
    });
    for line in summary.into_iter().chain(withdrawal).flatten() {
        layout.paragraph(small, &line);
    }
    layout
}

/// A language's own name ("Nederlands", "English"), the same in every language.
fn language_name_in(language: Language) -> &'static str {
    match language {
        Language::Nl => tr_in!(Locale::nl, language_nl),
        Language::En => tr_in!(Locale::en, language_en),
    }
}

pub fn render(copy: &ConsentCopy) -> Option<Vec<u8>> {
    let l = locale_of(copy.language);
    let signature_height = SIGNATURE_WIDTH * PAD_HEIGHT / PAD_WIDTH;
    let layout = lay_out(copy, signature_height);
    // Every page names the document it belongs to, so a loose page can be put back.
    let footer = |page: usize, pages: usize| tr_in!(l, copy_footer, id = &copy.evidence_id, page, pages);
    layout.render(footer, |surface, _, top| draw_signature(surface, &copy.signature, top, SIGNATURE_WIDTH))
}

/// The signature, drawn from the stored strokes with the same curves as the SVG evidence.
fn draw_signature(surface: &mut krilla::surface::Surface<'_>, signature: &Signature, top: f32, box_width: f32) {
    let scale = box_width / PAD_WIDTH;
    for stroke in signature.strokes.iter().filter_map(|stroke| stroke.path()) {
        let placed = on_page(&stroke, scale, (MARGIN, top));
        let Some(path) = pdf_path(&placed) else { continue };
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            width: placed.width,
            line_cap: LineCap::Round,
            line_join: LineJoin::Round,
            ..Stroke::default()
        }));
        surface.draw_path(&path);
    }
    surface.set_stroke(None);
    surface.set_fill(Some(Default::default()));
}

/// One stroke on the page: the shared geometry, scaled and moved into the signature box.
fn on_page(stroke: &StrokePath, scale: f32, origin: (f32, f32)) -> StrokePath {
    let at = |(x, y): (f32, f32)| (origin.0 + x * scale, origin.1 + y * scale);
    StrokePath {
        start: at(stroke.start),
        segments: stroke
            .segments
            .iter()
            .map(|segment| match *segment {
                Segment::Quad { control, to } => Segment::Quad { control: at(control), to: at(to) },
                Segment::Line { to } => Segment::Line { to: at(to) },
            })
            .collect(),
        width: stroke.width * scale,
    }
}

fn pdf_path(stroke: &StrokePath) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.move_to(stroke.start.0, stroke.start.1);
    for segment in &stroke.segments {
        match *segment {
            Segment::Quad { control, to } => builder.quad_to(control.0, control.1, to.0, to.1),
            Segment::Line { to } => builder.line_to(to.0, to.1),
        }
    }
    builder.finish()
}

/// `GET /clients/{id}/consents/{signature_id}/pdf`: the copy, for a signed-in practitioner.
pub async fn download(
    State(state): State<AppState>,
    Path((client_id, signature_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    match build(&state, &client_id, &signature_id, request).await {
        Ok((pdf, language)) => {
            let short_id: String = signature_id.chars().take(8).collect();
            let name = tr_in!(locale_of(language), copy_filename);
            let filename = format!("attachment; filename=\"{name}-{short_id}.pdf\"");
            let mut response = pdf.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            if let Ok(value) = HeaderValue::from_str(&filename) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(status) => status.into_response(),
    }
}

/// The copy, and the language it is in.
async fn build(
    state: &AppState,
    client_id: &str,
    signature_id: &str,
    request: Request,
) -> Result<(Vec<u8>, Language), StatusCode> {
    let internal = |error: sqlx::Error| {
        tracing::error!(error.cause_chain = ?error, "consent copy failed");
        StatusCode::INTERNAL_SERVER_ERROR
    };
    let (parts, _) = request.into_parts();
    let meta = RequestMeta::from_parts(&parts);
    let user = app::server_ctx::staff_user_who_may(state, &meta, app::domain::user::Permission::HandleConsents)
        .await
        .map_err(|error| error.status())?;
    // Everything is read on this one connection, in one snapshot and outside the write lock;
    // the entry is written after the reading connection is given back, so a burst of copies
    // never holds one connection while waiting for another.
    let mut work = Work::staff_read(state, &user, &meta).await.map_err(|error| error.status())?;
    let conn = work.dossier(client_id);
    let signature =
        consent::signature(&mut *conn, signature_id).await.map_err(internal)?.ok_or(StatusCode::NOT_FOUND)?;
    if signature.client_id != client_id {
        return Err(StatusCode::NOT_FOUND);
    }
    let client = app::db::client::get(&mut *conn, client_id).await.map_err(internal)?.ok_or(StatusCode::NOT_FOUND)?;
    let practice = app::db::practice::name(&mut *conn).await.map_err(internal)?.unwrap_or_default();
    let withdrawal = consent::withdrawal_of(&mut *conn, signature_id).await.map_err(internal)?;
    // A copy without its drawing would read as a signed consent with no signature on it.
    let drawing = Signature::from_stored_json(&signature.strokes).map_err(|_| {
        tracing::error!("stored signature strokes are unreadable; no copy made");
        StatusCode::INTERNAL_SERVER_ERROR
    })?;
    work.audit(Entry::new(AuditAction::ConsentCopied).client(client_id));
    work.commit().await.map_err(|error| error.status())?;

    let language = Language::from_code(&signature.text_language).unwrap_or_default();
    let written = |at: chrono::DateTime<chrono::Utc>| date_time_in(locale_of(language), &local_time(at));
    let signed_at = chrono::DateTime::parse_from_rfc3339(&signature.signed_at)
        .map(|at| written(at.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| signature.signed_at.clone());
    let copy = ConsentCopy {
        language,
        practice,
        client_name: client.details.display_name(),
        signer: match &signature.guardian_relationship {
            Some(relationship) => format!("{} ({relationship})", signature.signer_name),
            None => signature.signer_name.clone(),
        },
        text: signature.rendered_text.clone(),
        signature: drawing,
        signed_at,
        staff_name: signature.staff_name.clone(),
        device: signature.device.clone(),
        template_version: signature.template_version,
        text_sha256: signature.text_sha256.clone(),
        evidence_sha256: signature.evidence_sha256.clone(),
        evidence_id: signature.id.clone(),
        withdrawal: withdrawal.map(|w| Withdrawal { at: written(w.at), recorded_by: w.recorded_by, reason: w.reason }),
    };
    let pdf = tokio::task::spawn_blocking(move || render(&copy))
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok((pdf, language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_draws_the_same_curve_as_the_svg_evidence() {
        use app::domain::signature::{PointerKind, Sample, Stroke as Ink};
        let sample = |x: f32, y: f32| Sample { x, y, t: 0.0, p: 0.5 };
        let ink = Ink {
            pointer: PointerKind::Pen,
            samples: vec![sample(10.0, 10.0), sample(60.0, 20.0), sample(90.0, 70.0)],
        };
        let stroke = ink.path().unwrap();
        // The page draws the very points of the SVG path, curve for curve, scaled into its box.
        let svg = Signature { strokes: vec![ink] }.to_svg();
        assert!(svg.contains("M10.0 10.0 Q10.0 10.0 35.0 15.0 Q60.0 20.0 75.0 45.0 L90.0 70.0"), "{svg}");
        let placed = on_page(&stroke, 0.5, (56.0, 100.0));
        assert_eq!(placed.start, (61.0, 105.0));
        assert_eq!(
            placed.segments,
            [
                Segment::Quad { control: (61.0, 105.0), to: (73.5, 107.5) },
                Segment::Quad { control: (86.0, 110.0), to: (93.5, 122.5) },
                Segment::Line { to: (101.0, 135.0) },
            ]
        );
        assert_eq!(placed.width, stroke.width * 0.5);
        assert!(pdf_path(&placed).is_some());
    }
}
