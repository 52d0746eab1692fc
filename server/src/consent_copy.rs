//! The client's copy of what they signed (REQ-59): a PDF with the exact text, the drawn
//! signature and the evidence summary, served only to a signed-in practitioner and audited.

use app::api::types::local_time;
use app::db::consent;
use app::domain::audit::AuditAction;
use app::domain::signature::{Segment, Signature, StrokePath, PAD_HEIGHT, PAD_WIDTH};
use app::server_ctx::{AppState, RequestMeta};
use app::service::{Entry, Work};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::{LineCap, LineJoin, Stroke};
use krilla::text::{Font, TextDirection};
use krilla::Document;

/// What goes on the copy; every field comes from the stored evidence.
pub struct ConsentCopy {
    pub practice: String,
    pub client_name: String,
    pub signer: String,
    pub text: String,
    pub signature: Signature,
    pub signed_at: String,
    pub staff_name: String,
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
    pub recorded_by: String,
    pub reason: Option<String>,
}

const PAGE_WIDTH: f32 = 595.0; // A4 in points
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
/// krilla does not wrap text; DejaVu Sans at 10 pt fits about this many characters in the
/// text column, with room to spare for wide letters.
const CHARS_PER_LINE: usize = 82;

/// Room kept at the bottom of every page for its footer.
const FOOTER: f32 = 28.0;

/// One thing placed on a page, at its baseline (text) or top (the signature).
enum Item {
    Text { bold: bool, size: f32, y: f32, text: String },
    Signature { y: f32 },
}

/// Places lines and blocks top to bottom and starts a new page where the next one would not
/// fit: a consent text of any allowed length runs over pages, nothing falls off the paper.
struct Layout {
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Layout {
    fn new() -> Self {
        Self { pages: vec![Vec::new()], y: MARGIN }
    }

    fn make_room(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN - FOOTER && !self.pages.last().is_some_and(Vec::is_empty) {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn line(&mut self, bold: bool, size: f32, advance: f32, text: String) {
        self.make_room(advance);
        self.y += advance;
        if !text.is_empty() {
            let y = self.y;
            self.pages.last_mut().expect("a page").push(Item::Text { bold, size, y, text });
        }
    }

    fn signature(&mut self, gap: f32, height: f32) {
        self.make_room(gap + height);
        self.y += gap;
        let y = self.y;
        self.pages.last_mut().expect("a page").push(Item::Signature { y });
        self.y += height;
    }
}

fn lay_out(copy: &ConsentCopy, signature_height: f32) -> Layout {
    let mut layout = Layout::new();
    layout.line(true, 15.0, 15.0 * 1.45, "Kopie van uw toestemming".to_owned());
    layout.line(false, 10.0, 14.5, copy.practice.clone());
    layout.line(false, 10.0, 14.5, String::new());
    if let Some(withdrawal) = &copy.withdrawal {
        let notice = format!("INGETROKKEN op {}: deze toestemming geldt niet meer.", withdrawal.at);
        layout.line(true, 12.0, 12.0 * 1.45, notice);
        layout.line(false, 10.0, 14.5, String::new());
    }
    for paragraph in copy.text.split('\n') {
        for line in wrap(paragraph, CHARS_PER_LINE) {
            layout.line(false, 10.0, 14.5, line);
        }
    }
    layout.signature(16.0, signature_height + 8.0);

    let summary = [
        format!("Getekend door: {}", copy.signer),
        format!("Cliënt: {}", copy.client_name),
        format!("Datum en tijd (ontvangen door de praktijk): {}", copy.signed_at),
        format!("Aanwezige medewerker: {}", copy.staff_name),
        format!("Apparaat: {}", copy.device.chars().take(90).collect::<String>()),
        format!("Tekstversie: {}", copy.template_version),
        format!("SHA-256 van de getoonde tekst: {}", copy.text_sha256),
        format!("SHA-256 van het bewijs: {}", copy.evidence_sha256),
        format!("Kenmerk: {}", copy.evidence_id),
    ];
    let withdrawal = copy.withdrawal.iter().flat_map(|w| {
        let recorded = format!("Ingetrokken op: {}, vastgelegd door {} namens de cliënt", w.at, w.recorded_by);
        [Some(recorded), w.reason.as_ref().map(|reason| format!("Reden en wijze van intrekken: {reason}"))]
    });
    for line in summary.into_iter().chain(withdrawal.flatten()) {
        for part in wrap(&line, CHARS_PER_LINE + 8) {
            layout.line(false, 8.5, 12.0, part);
        }
    }
    layout
}

pub fn render(copy: &ConsentCopy) -> Option<Vec<u8>> {
    let regular = Font::new(dejavu::sans::regular().into(), 0)?;
    let bold = Font::new(dejavu::sans::bold().into(), 0)?;
    let (box_width, box_height) = (300.0, 300.0 * PAD_HEIGHT / PAD_WIDTH);
    let layout = lay_out(copy, box_height);
    let page_count = layout.pages.len();
    let mut document = Document::new();
    for (index, items) in layout.pages.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)?);
        let mut surface = page.surface();
        for item in items {
            match item {
                Item::Text { bold: is_bold, size, y, text } => {
                    let font = if *is_bold { bold.clone() } else { regular.clone() };
                    surface.draw_text(Point::from_xy(MARGIN, *y), font, *size, text, false, TextDirection::Auto);
                }
                Item::Signature { y } => draw_signature(&mut surface, &copy.signature, *y, box_width),
            }
        }
        // Every page names the document it belongs to, so a loose page can be put back.
        let footer = format!("Kenmerk {} · pagina {} van {page_count}", copy.evidence_id, index + 1);
        let footer_y = PAGE_HEIGHT - MARGIN + 12.0;
        surface.draw_text(Point::from_xy(MARGIN, footer_y), regular.clone(), 8.0, &footer, false, TextDirection::Auto);
        surface.finish();
        page.finish();
    }
    document.finish().ok()
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

/// Greedy word wrap; a word longer than a line (a hash) is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let mut word = word.to_owned();
        loop {
            let current = lines.last_mut().expect("at least one line");
            let needed = if current.is_empty() {
                word.chars().count()
            } else {
                current.chars().count() + 1 + word.chars().count()
            };
            if needed <= width {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&word);
                break;
            }
            if current.is_empty() {
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                current.push_str(&head);
            }
            lines.push(String::new());
        }
    }
    lines
}

/// `GET /clients/{id}/consents/{signature_id}/pdf`: the copy, for a signed-in practitioner.
pub async fn download(
    State(state): State<AppState>,
    Path((client_id, signature_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    match build(&state, &client_id, &signature_id, request).await {
        Ok(pdf) => {
            let short_id: String = signature_id.chars().take(8).collect();
            let filename = format!("attachment; filename=\"toestemming-{short_id}.pdf\"");
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

async fn build(state: &AppState, client_id: &str, signature_id: &str, request: Request) -> Result<Vec<u8>, StatusCode> {
    let internal = |error: sqlx::Error| {
        tracing::error!(error.cause_chain = ?error, "consent copy failed");
        StatusCode::INTERNAL_SERVER_ERROR
    };
    let (parts, _) = request.into_parts();
    let meta = RequestMeta::from_parts(&parts);
    let user = app::server_ctx::staff_user(state, &meta).await.map_err(|error| error.status())?;
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

    let signed_at = chrono::DateTime::parse_from_rfc3339(&signature.signed_at)
        .map(|at| local_time(at.with_timezone(&chrono::Utc)))
        .unwrap_or_else(|_| signature.signed_at.clone());
    let copy = ConsentCopy {
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
        withdrawal: withdrawal.map(|w| Withdrawal {
            at: local_time(w.at),
            recorded_by: w.recorded_by,
            reason: w.reason,
        }),
    };
    tokio::task::spawn_blocking(move || render(&copy))
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "Ik ben geïnformeerd over de behandeling: wat die inhoudt, het verwachte resultaat en de mogelijke risico's.";
        let lines = wrap(text, 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let hash = "a".repeat(70);
        assert_eq!(wrap(&hash, 30).concat(), hash);
    }

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
