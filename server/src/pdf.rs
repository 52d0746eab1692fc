//! Documents people keep (the client's copy of a consent now; registers and reports later):
//! A4 pages, text wrapped by the font's own glyph widths, a new page wherever the next line
//! would not fit, and a footer on every page. Fonts are inside the binary (DejaVu), so no
//! document ever asks anything of the network.

use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

pub const PAGE_WIDTH: f32 = 595.0; // A4 in points
pub const PAGE_HEIGHT: f32 = 842.0;
pub const MARGIN: f32 = 56.0;
/// The width text runs in, between the margins.
pub const COLUMN: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Room kept at the bottom of every page for its footer.
const FOOTER: f32 = 28.0;

/// How a run of text is set: weight, size in points, and the distance from one baseline to the
/// next.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub bold: bool,
    pub size: f32,
    pub leading: f32,
}

impl Style {
    pub const fn regular(size: f32, leading: f32) -> Self {
        Self { bold: false, size, leading }
    }

    pub const fn bold(size: f32, leading: f32) -> Self {
        Self { bold: true, size, leading }
    }
}

fn font_bytes(bold: bool) -> &'static [u8] {
    if bold {
        dejavu::sans::bold()
    } else {
        dejavu::sans::regular()
    }
}

/// The width of `text` set in `style`: the sum of its glyphs' advances, in points. Kerning only
/// ever narrows a line of DejaVu, so a line measured this way always fits.
pub fn text_width(text: &str, style: Style) -> f32 {
    let Ok(font) = FontRef::new(font_bytes(style.bold)) else {
        return text.chars().count() as f32 * style.size;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(style.size), LocationRef::default());
    let notdef = metrics.advance_width(skrifa::GlyphId::NOTDEF).unwrap_or(style.size);
    text.chars().map(|ch| charmap.map(ch).and_then(|glyph| metrics.advance_width(glyph)).unwrap_or(notdef)).sum()
}

/// Greedy word wrap by measured width; a word wider than a whole line (a hash, a long address)
/// is cut where the line is full. Nothing is dropped: the lines joined again are the text.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let fits = |line: &str| text_width(line, style) <= width;
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let current = lines.last_mut().expect("at least one line");
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if fits(&candidate) {
            *current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(String::new());
        }
        let mut rest = word;
        while !rest.is_empty() {
            let line = lines.last_mut().expect("at least one line");
            if fits(rest) {
                line.push_str(rest);
                break;
            }
            // The longest head of the word that fits (at least one character, so this ends).
            let mut cut = rest.char_indices().nth(1).map_or(rest.len(), |(at, _)| at);
            for (at, ch) in rest.char_indices().skip(1) {
                if !fits(&rest[..at + ch.len_utf8()]) {
                    break;
                }
                cut = at + ch.len_utf8();
            }
            line.push_str(&rest[..cut]);
            rest = &rest[cut..];
            if !rest.is_empty() {
                lines.push(String::new());
            }
        }
    }
    lines
}

/// One thing placed on a page: a line of text at its baseline, or a block the caller draws,
/// at its top.
enum Item {
    Text { style: Style, y: f32, text: String },
    Block { id: usize, y: f32 },
}

/// Places text and blocks top to bottom, starting a new page where the next one would not fit.
pub struct Layout {
    pages: Vec<Vec<Item>>,
    y: f32,
}

impl Default for Layout {
    fn default() -> Self {
        Self { pages: vec![Vec::new()], y: MARGIN }
    }
}

impl Layout {
    fn make_room(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN - FOOTER && !self.pages.last().is_some_and(Vec::is_empty) {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn push(&mut self, item: Item) {
        self.pages.last_mut().expect("a page").push(item);
    }

    /// Text wrapped to the column; each `\n` starts a new line.
    pub fn paragraph(&mut self, style: Style, text: &str) {
        for line in text.split('\n').flat_map(|line| wrap(line, style, COLUMN)) {
            self.make_room(style.leading);
            self.y += style.leading;
            if !line.is_empty() {
                let y = self.y;
                self.push(Item::Text { style, y, text: line });
            }
        }
    }

    /// An empty line's height.
    pub fn space(&mut self, height: f32) {
        self.make_room(height);
        self.y += height;
    }

    /// Room for something the caller draws (`id` names it at rendering), kept on one page.
    pub fn block(&mut self, id: usize, gap: f32, height: f32) {
        self.make_room(gap + height);
        self.y += gap;
        let y = self.y;
        self.push(Item::Block { id, y });
        self.y += height;
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The PDF: every page with its lines, its blocks drawn by `draw_block(surface, id, top)`,
    /// and `footer(page, pages)` at its foot.
    pub fn render(
        &self,
        footer: impl Fn(usize, usize) -> String,
        mut draw_block: impl FnMut(&mut Surface<'_>, usize, f32),
    ) -> Option<Vec<u8>> {
        let regular = Font::new(font_bytes(false).into(), 0)?;
        let bold = Font::new(font_bytes(true).into(), 0)?;
        let mut document = Document::new();
        let pages = self.pages.len();
        for (index, items) in self.pages.iter().enumerate() {
            let mut page = document.start_page_with(PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)?);
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Text { style, y, text } => {
                        let font = if style.bold { bold.clone() } else { regular.clone() };
                        surface.draw_text(
                            Point::from_xy(MARGIN, *y),
                            font,
                            style.size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Item::Block { id, y } => draw_block(&mut surface, *id, *y),
                }
            }
            let footer_y = PAGE_HEIGHT - MARGIN + 12.0;
            let text = footer(index + 1, pages);
            surface.draw_text(
                Point::from_xy(MARGIN, footer_y),
                regular.clone(),
                8.0,
                &text,
                false,
                TextDirection::Auto,
            );
            surface.finish();
            page.finish();
        }
        document.finish().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Style = Style::regular(10.0, 14.5);

    #[test]
    fn wrapping_keeps_every_word_and_every_line_fits_the_column() {
        let text = "Ik ben geïnformeerd over de behandeling: wat die inhoudt, het verwachte resultaat en de \
                    mogelijke risico's. Ik weet dat ik mijn toestemming altijd kan intrekken.";
        let lines = wrap(text, BODY, 200.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|line| text_width(line, BODY) <= 200.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        let hash = "a".repeat(300);
        let cut = wrap(&hash, BODY, 200.0);
        assert!(cut.len() > 1 && cut.iter().all(|line| text_width(line, BODY) <= 200.0));
        assert_eq!(cut.concat(), hash);
    }

    #[test]
    fn wide_letters_wrap_sooner_than_narrow_ones() {
        // The same number of characters: a count-based wrap would treat them alike.
        let wide = ["WMWMWMWMWM"; 12].join(" ");
        let narrow = ["iljiljilji"; 12].join(" ");
        assert!(wrap(&wide, BODY, COLUMN).len() > wrap(&narrow, BODY, COLUMN).len());
        assert_eq!(wrap(&narrow, BODY, COLUMN).len(), 1, "narrow letters fit on one line");
    }

    #[test]
    fn a_long_text_runs_over_pages_and_every_word_is_in_the_pdf() {
        let words: Vec<String> = (0..1400).map(|n| format!("woord{n}")).collect();
        let text = words.join(" ");
        assert!(text.chars().count() > 10_000);
        let mut layout = Layout::default();
        layout.paragraph(BODY, &text);
        let pdf = layout.render(|page, pages| format!("pagina {page} van {pages}"), |_, _, _| {}).unwrap();
        assert!(layout.page_count() >= 4, "{} pages", layout.page_count());
        let extracted = pdf_extract::extract_text_from_mem(&pdf).unwrap();
        let found: std::collections::HashSet<&str> = extracted.split_whitespace().collect();
        let missing: Vec<&String> = words.iter().filter(|word| !found.contains(word.as_str())).collect();
        assert!(missing.is_empty(), "missing from the PDF: {missing:?}");
        assert!(extracted.contains(&format!("pagina {0} van {0}", layout.page_count())));
    }
}
