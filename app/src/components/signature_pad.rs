//! The signing surface. Every pointer sample is kept, including the coalesced ones a pen
//! delivers between frames (an Apple Pencil samples at 240 Hz, the page gets 60 events a second).
//! Points live in the pad's fixed 1000 × 400 space, so zoom, devicePixelRatio, rotation and
//! resizing never move the ink: the canvas is simply redrawn from the strokes. The ink is drawn
//! with the geometry the SVG evidence and the PDF copy use (`Stroke::path`), so what the client
//! saw while signing is what her copy shows.

use crate::domain::signature::{PointerKind, Sample, Segment, Stroke, PAD_HEIGHT, PAD_WIDTH};
use crate::text;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

const INK: &str = "#1a1a2e";

#[component]
pub fn SignaturePad(strokes: RwSignal<Vec<Stroke>>) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    // The pointer drawing the current stroke: one stroke follows one pointer, other fingers are ignored.
    let active_pointer = StoredValue::new(None::<i32>);
    let first_timestamp = StoredValue::new(None::<f64>);
    let canvas_blocked = RwSignal::new(false);

    let redraw = move || {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        match context(&canvas) {
            Some(ctx) => strokes.with_untracked(|all| paint_all(&canvas, &ctx, all)),
            None => canvas_blocked.set(true),
        }
    };
    Effect::new(move |_| {
        if canvas_ref.get().is_some() {
            redraw();
        }
    });
    // Rotation, resizing and zoom change the canvas's size: redraw from the stored strokes.
    let resize = window_event_listener(leptos::ev::resize, move |_| redraw());
    on_cleanup(move || resize.remove());

    let sample = move |canvas: &HtmlCanvasElement, ev: &PointerEvent| -> Sample {
        let rect = canvas.get_bounding_client_rect();
        let t0 = first_timestamp.get_value().unwrap_or_else(|| {
            first_timestamp.set_value(Some(ev.time_stamp()));
            ev.time_stamp()
        });
        let pressure = match (ev.pointer_type().as_str(), ev.pressure()) {
            // Touch screens without pressure report 0 or 1; treat them like a mouse.
            ("touch", p) if p <= 0.0 || p >= 1.0 => 0.5,
            (_, p) if p <= 0.0 => 0.5,
            (_, p) => p,
        };
        Sample {
            x: ((ev.client_x() as f64 - rect.left()) / rect.width().max(1.0) * PAD_WIDTH as f64) as f32,
            y: ((ev.client_y() as f64 - rect.top()) / rect.height().max(1.0) * PAD_HEIGHT as f64) as f32,
            t: (ev.time_stamp() - t0).max(0.0),
            p: pressure,
        }
    };

    let on_down = move |ev: PointerEvent| {
        if active_pointer.get_value().is_some() || !ev.is_primary() {
            return;
        }
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        active_pointer.set_value(Some(ev.pointer_id()));
        let first = sample(&canvas, &ev);
        let pointer = PointerKind::from_pointer_type(&ev.pointer_type());
        strokes.update(|all| all.push(Stroke { pointer, samples: vec![first] }));
        if let Some(ctx) = context(&canvas) {
            strokes.with_untracked(|all| paint_strokes(&ctx, all));
        }
    };

    let on_move = move |ev: PointerEvent| {
        if active_pointer.get_value() != Some(ev.pointer_id()) {
            return;
        }
        ev.prevent_default();
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        // Every sample the browser collected since the last event, not just the last one.
        let coalesced: Vec<PointerEvent> =
            ev.get_coalesced_events().iter().filter_map(|e| e.dyn_into::<PointerEvent>().ok()).collect();
        let events = if coalesced.is_empty() { vec![ev] } else { coalesced };
        let new_samples: Vec<Sample> = events.iter().map(|e| sample(&canvas, e)).collect();
        strokes.update(|all| {
            let Some(stroke) = all.last_mut() else { return };
            for next in new_samples {
                let previous = stroke.samples.last().copied().unwrap_or(next);
                stroke.samples.push(Sample { t: next.t.max(previous.t), ..next });
            }
        });
        // Each new sample bends the end of the curve and shifts the stroke's width a little:
        // the strokes are drawn again whole, as the stored renderings will draw them.
        if let Some(ctx) = context(&canvas) {
            strokes.with_untracked(|all| paint_strokes(&ctx, all));
        }
    };

    let on_up = move |ev: PointerEvent| {
        if active_pointer.get_value() == Some(ev.pointer_id()) {
            active_pointer.set_value(None);
        }
    };

    let undo = move |_| {
        strokes.update(|all| {
            all.pop();
        });
        redraw();
    };
    let clear = move |_| {
        strokes.set(Vec::new());
        first_timestamp.set_value(None);
        redraw();
    };

    view! {
        <div class="signature-pad">
            <p class="sign-here">{text::tr!(sign_here)}</p>
            <canvas
                node_ref=canvas_ref
                aria-label=text::tr!(sign_here)
                role="img"
                data-strokes=move || strokes.with(Vec::len).to_string()
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
            ></canvas>
            <Show when=move || canvas_blocked.get()>
                <p class="notice notice-error" role="alert">{text::tr!(sign_no_canvas)}</p>
            </Show>
            <div class="pad-tools">
                <button type="button" class="button-quiet" on:click=undo disabled=move || strokes.with(Vec::is_empty)>
                    {text::tr!(sign_undo)}
                </button>
                <button type="button" class="button-quiet" on:click=clear disabled=move || strokes.with(Vec::is_empty)>
                    {text::tr!(sign_clear)}
                </button>
            </div>
        </div>
    }
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()
}

/// Sizes the backing store to the screen's pixels and draws every stroke again.
fn paint_all(canvas: &HtmlCanvasElement, ctx: &CanvasRenderingContext2d, strokes: &[Stroke]) {
    let rect = canvas.get_bounding_client_rect();
    let ratio = window().device_pixel_ratio().max(1.0);
    canvas.set_width((rect.width() * ratio).round().max(1.0) as u32);
    canvas.set_height((rect.height() * ratio).round().max(1.0) as u32);
    let scale = rect.width() * ratio / PAD_WIDTH as f64;
    let _ = ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0);
    paint_strokes(ctx, strokes);
}

/// Clears the pad and draws each stroke's path: the curves and width of `Stroke::path`.
fn paint_strokes(ctx: &CanvasRenderingContext2d, strokes: &[Stroke]) {
    ctx.clear_rect(0.0, 0.0, PAD_WIDTH as f64, PAD_HEIGHT as f64);
    ctx.set_stroke_style_str(INK);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    for path in strokes.iter().filter_map(Stroke::path) {
        ctx.set_line_width(path.width as f64);
        ctx.begin_path();
        ctx.move_to(path.start.0 as f64, path.start.1 as f64);
        for segment in &path.segments {
            match *segment {
                Segment::Quad { control, to } => {
                    ctx.quadratic_curve_to(control.0 as f64, control.1 as f64, to.0 as f64, to.1 as f64)
                }
                Segment::Line { to } => ctx.line_to(to.0 as f64, to.1 as f64),
            }
        }
        ctx.stroke();
    }
}
