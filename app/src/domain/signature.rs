//! A drawn signature as evidence: every pointer sample kept (x, y, time, pressure, pointer
//! kind), in a fixed logical space so that rotation, zoom and devicePixelRatio never change it.

use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The pad is 1000 × 400 logical units whatever its size on screen (CSS keeps the 5:2 ratio).
pub const PAD_WIDTH: f32 = 1000.0;
pub const PAD_HEIGHT: f32 = 400.0;
const MAX_STROKES: usize = 300;
const MAX_SAMPLES: usize = 30_000;
/// Nobody signs for an hour: a sample time beyond this is forged or broken, and would not
/// survive storage as a number.
const MAX_SAMPLE_MILLIS: f64 = 60.0 * 60.0 * 1000.0;
/// Less ink than this (in logical units) is a dot or a tick, not a signature.
const MIN_INK_LENGTH: f32 = 120.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PointerKind {
    Pen,
    Touch,
    Mouse,
}

impl PointerKind {
    pub fn from_pointer_type(kind: &str) -> Self {
        match kind {
            "pen" => Self::Pen,
            "touch" => Self::Touch,
            _ => Self::Mouse,
        }
    }
}

/// One pointer sample. `t` is milliseconds since the first sample of the signature.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub x: f32,
    pub y: f32,
    pub t: f64,
    pub p: f32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    pub pointer: PointerKind,
    pub samples: Vec<Sample>,
}

/// All strokes of one signature, in drawing order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub strokes: Vec<Stroke>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignatureError {
    Empty,
    TooSmall,
    TooLarge,
    /// Coordinates outside the pad, non-finite numbers or time running backwards.
    Malformed,
}

impl From<SignatureError> for super::FieldError {
    fn from(error: SignatureError) -> Self {
        match error {
            SignatureError::Empty => Self::SignatureEmpty,
            SignatureError::TooSmall => Self::SignatureTooSmall,
            SignatureError::TooLarge | SignatureError::Malformed => Self::SignatureInvalid,
        }
    }
}

impl Signature {
    /// Checks a signature received from a browser; the server accepts nothing else.
    pub fn parse_json(json: &str) -> Result<Self, SignatureError> {
        if json.len() > 2_000_000 {
            return Err(SignatureError::TooLarge);
        }
        let signature: Signature = serde_json::from_str(json).map_err(|_| SignatureError::Malformed)?;
        signature.validate()?;
        Ok(signature)
    }

    pub fn validate(&self) -> Result<(), SignatureError> {
        if self.strokes.iter().all(|s| s.samples.is_empty()) {
            return Err(SignatureError::Empty);
        }
        if self.strokes.len() > MAX_STROKES || self.sample_count() > MAX_SAMPLES {
            return Err(SignatureError::TooLarge);
        }
        self.check_samples()?;
        if self.ink_length() < MIN_INK_LENGTH {
            return Err(SignatureError::TooSmall);
        }
        Ok(())
    }

    /// Reads a signature back from stored evidence: every sample must still be a real number
    /// within bounds, or the drawing made from it would silently lose ink.
    pub fn from_stored_json(json: &str) -> Result<Self, SignatureError> {
        let signature: Signature = serde_json::from_str(json).map_err(|_| SignatureError::Malformed)?;
        if signature.strokes.iter().all(|s| s.samples.is_empty()) {
            return Err(SignatureError::Empty);
        }
        signature.check_samples()?;
        Ok(signature)
    }

    /// Every value bounded: position on (or just beside) the pad, pressure 0..1, time from 0 up
    /// to an hour and never running backwards.
    fn check_samples(&self) -> Result<(), SignatureError> {
        let margin = 20.0;
        let mut last_t = 0.0;
        for sample in self.strokes.iter().flat_map(|s| &s.samples) {
            let inside = (-margin..=PAD_WIDTH + margin).contains(&sample.x)
                && (-margin..=PAD_HEIGHT + margin).contains(&sample.y)
                && (0.0..=1.0).contains(&sample.p)
                && (last_t..=MAX_SAMPLE_MILLIS).contains(&sample.t);
            if !inside {
                return Err(SignatureError::Malformed);
            }
            last_t = sample.t;
        }
        Ok(())
    }

    pub fn sample_count(&self) -> usize {
        self.strokes.iter().map(|s| s.samples.len()).sum()
    }

    /// Total length of all strokes, in logical units.
    pub fn ink_length(&self) -> f32 {
        self.strokes
            .iter()
            .flat_map(|s| s.samples.windows(2))
            .map(|pair| ((pair[1].x - pair[0].x).powi(2) + (pair[1].y - pair[0].y).powi(2)).sqrt())
            .sum()
    }

    /// The stored form: compact JSON with coordinates to 0.1 unit and pressure to 0.01.
    pub fn to_json(&self) -> String {
        let rounded = Signature {
            strokes: self
                .strokes
                .iter()
                .map(|stroke| Stroke {
                    pointer: stroke.pointer,
                    samples: stroke
                        .samples
                        .iter()
                        .map(|s| Sample {
                            x: (s.x * 10.0).round() / 10.0,
                            y: (s.y * 10.0).round() / 10.0,
                            t: (s.t * 10.0).round() / 10.0,
                            p: (s.p * 100.0).round() / 100.0,
                        })
                        .collect(),
                })
                .collect(),
        };
        serde_json::to_string(&rounded).unwrap_or_default()
    }

    /// A vector rendering: one smoothed path per stroke, its width following the pen pressure.
    pub fn to_svg(&self) -> String {
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {PAD_WIDTH} {PAD_HEIGHT}\" \
             fill=\"none\" stroke=\"#1a1a2e\" stroke-linecap=\"round\" stroke-linejoin=\"round\">"
        );
        for path in self.strokes.iter().filter_map(Stroke::path) {
            let mut d = format!("M{:.1} {:.1}", path.start.0, path.start.1);
            for segment in &path.segments {
                let _ = match segment {
                    Segment::Quad { control, to } => {
                        write!(d, " Q{:.1} {:.1} {:.1} {:.1}", control.0, control.1, to.0, to.1)
                    }
                    Segment::Line { to } => write!(d, " L{:.1} {:.1}", to.0, to.1),
                };
            }
            let _ = write!(svg, "<path d=\"{d}\" stroke-width=\"{:.1}\"/>", path.width);
        }
        svg.push_str("</svg>");
        svg
    }
}

/// A point in the pad's logical units.
pub type Point = (f32, f32);

/// One piece of a drawn stroke after its start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    Quad { control: Point, to: Point },
    Line { to: Point },
}

/// A stroke as every stored rendering draws it (the SVG evidence and the PDF copy): so the
/// client's copy shows the same curve that the evidence holds.
#[derive(Debug, Clone, PartialEq)]
pub struct StrokePath {
    pub start: Point,
    pub segments: Vec<Segment>,
    pub width: f32,
}

impl Stroke {
    /// Quadratic curves through the midpoints of successive samples (smooth, and every sample
    /// shapes the line), then straight to the last sample; one width from the mean pressure.
    /// A single sample is a dot.
    pub fn path(&self) -> Option<StrokePath> {
        let samples = &self.samples;
        let first = samples.first()?;
        let mean_pressure = samples.iter().map(|s| s.p).sum::<f32>() / samples.len() as f32;
        let mut segments: Vec<Segment> = samples
            .windows(2)
            .map(|pair| {
                let (a, b) = (pair[0], pair[1]);
                Segment::Quad { control: (a.x, a.y), to: ((a.x + b.x) / 2.0, (a.y + b.y) / 2.0) }
            })
            .collect();
        let end = match samples.last() {
            Some(last) if samples.len() > 1 => (last.x, last.y),
            _ => (first.x + 0.1, first.y),
        };
        segments.push(Segment::Line { to: end });
        Some(StrokePath { start: (first.x, first.y), segments, width: stroke_width(mean_pressure) })
    }
}

/// Line width in logical units for a pressure between 0 and 1 (a mouse reports 0.5).
pub fn stroke_width(pressure: f32) -> f32 {
    2.5 + 5.0 * pressure.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A recorded-style fixture: a pen at 240 Hz (coalesced samples 4.17 ms apart), three strokes.
    fn fixture() -> Signature {
        let strokes = (0..3)
            .map(|stroke| Stroke {
                pointer: PointerKind::Pen,
                samples: (0..480)
                    .map(|i| {
                        let f = i as f32 / 480.0;
                        Sample {
                            x: 100.0 + stroke as f32 * 250.0 + f * 200.0,
                            y: 200.0 + (f * 12.0).sin() * 80.0,
                            t: stroke as f64 * 2500.0 + i as f64 * 4.17,
                            p: 0.3 + 0.4 * f,
                        }
                    })
                    .collect(),
            })
            .collect();
        Signature { strokes }
    }

    #[test]
    fn no_sample_is_dropped_on_the_way_to_storage() {
        let signature = fixture();
        let stored = Signature::parse_json(&signature.to_json()).expect("stored form parses");
        assert_eq!(stored.sample_count(), 3 * 480);
        assert_eq!(stored.strokes.len(), 3);
        // Stored to 0.1 unit and 0.1 ms: off by at most half of that (plus float noise).
        let close = |a: f64, b: f64| (a - b).abs() <= 0.05 + 1e-4;
        for (a, b) in signature.strokes[0].samples.iter().zip(&stored.strokes[0].samples) {
            assert!(
                close(a.x.into(), b.x.into()) && close(a.y.into(), b.y.into()) && close(a.t, b.t),
                "{a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn a_normal_signature_stays_under_100_kb() {
        let signature = fixture();
        let stored = signature.to_json().len() + signature.to_svg().len();
        assert!(stored < 100_000, "{stored} bytes");
    }

    #[test]
    fn empty_tiny_and_malformed_signatures_are_refused() {
        assert_eq!(Signature::default().validate(), Err(SignatureError::Empty));
        let dot = Signature {
            strokes: vec![Stroke {
                pointer: PointerKind::Touch,
                samples: vec![Sample { x: 5.0, y: 5.0, t: 0.0, p: 0.5 }],
            }],
        };
        assert_eq!(dot.validate(), Err(SignatureError::TooSmall));
        let mut outside = fixture();
        outside.strokes[0].samples[3].x = 5000.0;
        assert_eq!(outside.validate(), Err(SignatureError::Malformed));
        let mut backwards = fixture();
        backwards.strokes[1].samples[0].t = 0.0;
        assert_eq!(backwards.validate(), Err(SignatureError::Malformed));
        assert_eq!(Signature::parse_json("{\"strokes\": 3}"), Err(SignatureError::Malformed));
        assert_eq!(
            Signature::parse_json(
                "{\"strokes\":[{\"pointer\":\"pen\",\"samples\":[{\"x\":1,\"y\":1,\"t\":0,\"p\":null}]}]}"
            ),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn every_sample_value_is_bounded() {
        for (t, why) in [(1e308, "a time that overflows when stored"), (-5.0, "before the first sample")] {
            let mut forged = fixture();
            forged.strokes[1].samples[2].t = t;
            assert_eq!(forged.validate(), Err(SignatureError::Malformed), "{why}");
        }
        let mut late = fixture();
        let last = late.strokes[1].samples.len() - 1;
        late.strokes[1].samples[last].t = 2.0 * MAX_SAMPLE_MILLIS;
        assert_eq!(late.validate(), Err(SignatureError::Malformed), "longer than an hour");
        assert!(fixture().validate().is_ok());
        let stored = fixture().to_json();
        assert!(!stored.contains("null"), "every stored number is a number");
        assert_eq!(Signature::from_stored_json(&stored).map(|s| s.sample_count()), Ok(fixture().sample_count()));
    }

    #[test]
    fn stored_strokes_that_lost_a_value_are_not_readable() {
        let broken = r#"{"strokes":[{"pointer":"touch","samples":[{"x":10,"y":10,"t":null,"p":0.5}]}]}"#;
        assert_eq!(Signature::from_stored_json(broken), Err(SignatureError::Malformed));
        assert_eq!(Signature::from_stored_json(r#"{"strokes":[]}"#), Err(SignatureError::Empty));
    }

    #[test]
    fn a_stroke_is_curves_through_the_midpoints_then_a_line_to_the_end() {
        let sample = |x: f32, y: f32| Sample { x, y, t: 0.0, p: 0.5 };
        let stroke = Stroke {
            pointer: PointerKind::Touch,
            samples: vec![sample(0.0, 0.0), sample(10.0, 0.0), sample(10.0, 10.0)],
        };
        let path = stroke.path().unwrap();
        assert_eq!(path.start, (0.0, 0.0));
        assert_eq!(
            path.segments,
            [
                Segment::Quad { control: (0.0, 0.0), to: (5.0, 0.0) },
                Segment::Quad { control: (10.0, 0.0), to: (10.0, 5.0) },
                Segment::Line { to: (10.0, 10.0) },
            ]
        );
        assert_eq!(path.width, stroke_width(0.5));
        let dot = Stroke { pointer: PointerKind::Touch, samples: vec![sample(3.0, 4.0)] }.path().unwrap();
        assert_eq!(dot.segments, [Segment::Line { to: (3.1, 4.0) }]);
    }

    #[test]
    fn the_svg_has_a_path_per_stroke() {
        let svg = fixture().to_svg();
        assert_eq!(svg.matches("<path").count(), 3);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
