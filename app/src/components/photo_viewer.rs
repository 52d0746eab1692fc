//! A treatment photo at full size, inside the app: it stays under the screen lock (a locked
//! screen removes it with the rest of the page) instead of living on in a bare browser tab.

use crate::text;
use leptos::html::Button;
use leptos::prelude::*;

/// Which photo is open, and the caption it is shown with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenPhoto {
    pub id: String,
    pub caption: String,
}

#[component]
pub fn PhotoViewer(open: RwSignal<Option<OpenPhoto>>) -> impl IntoView {
    let close_button = NodeRef::<Button>::new();
    // Escape closes, as every dialog does; focus starts on the one way out.
    Effect::new(move |_| {
        if open.get().is_some() {
            if let Some(button) = close_button.get() {
                let _ = button.focus();
            }
        }
    });
    let on_key = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && open.get_untracked().is_some() {
            open.set(None);
        }
    });
    on_cleanup(move || on_key.remove());
    move || {
        open.get().map(|OpenPhoto { id, caption }| {
            let (label, alt) = (caption.clone(), caption.clone());
            view! {
                <div class="photo-viewer" role="dialog" aria-modal="true" aria-label=label>
                    <img src=format!("/photos/{id}") alt=alt/>
                    <div class="photo-viewer-bar">
                        <p>{caption}</p>
                        <button type="button" class="button-primary" node_ref=close_button on:click=move |_| open.set(None)>
                            {text::tr!(photo_close)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
