//! The screen lock. After the owner's idle minutes without a touch or a key, the signed-in page
//! is replaced by an unlock form (the page's personal data leaves the DOM), and the server
//! session is marked locked so that no other tab or request gets anything personal either.

use crate::api::settings::{LockScreen, UnlockScreen};
use crate::app::page_is_live;
use crate::components::field::SubmittedForm;
use crate::components::message::{ErrorMessage, LatestError};
use crate::domain::screen_lock::{idle_long_enough, DEFAULT_LOCK_MINUTES};
use crate::error::AppError;
use crate::text;
use leptos::prelude::*;
use std::time::Duration;

/// Shared by the layout and every error message: whether this device is locked now.
#[derive(Clone, Copy)]
pub struct ScreenLock {
    pub locked: RwSignal<bool>,
    minutes: RwSignal<u32>,
    last_input_ms: StoredValue<f64>,
}

impl ScreenLock {
    pub fn new() -> Self {
        Self {
            locked: RwSignal::new(false),
            minutes: RwSignal::new(DEFAULT_LOCK_MINUTES),
            last_input_ms: StoredValue::new(0.0),
        }
    }

    pub fn set_minutes(self, minutes: u32) {
        self.minutes.set(minutes);
    }

    /// A request was refused because the session is locked (e.g. from another tab): lock here too.
    pub fn notice(error: &AppError) {
        if *error == AppError::ScreenLocked {
            if let Some(lock) = use_context::<ScreenLock>() {
                lock.locked.set(true);
            }
        }
    }

    /// In the browser: count touches, clicks and keys as activity and check every few seconds.
    pub fn watch_idle(self) {
        let lock_server = ServerAction::<LockScreen>::new();
        Effect::new(move |_| {
            if self.locked.get() {
                forget_server_render();
            }
        });
        Effect::new(move |_| {
            self.last_input_ms.set_value(js_sys::Date::now());
            let mark = move |_: web_sys::Event| self.last_input_ms.set_value(js_sys::Date::now());
            let listeners: Vec<_> = ["pointerdown", "keydown", "touchstart", "wheel", "input"]
                .into_iter()
                .map(|event| window_event_listener_untyped(event, mark))
                .collect();
            let check = move || {
                let idle =
                    idle_long_enough(self.last_input_ms.get_value(), js_sys::Date::now(), self.minutes.get_untracked());
                if idle && !self.locked.get_untracked() {
                    self.locked.set(true);
                    lock_server.dispatch(LockScreen {});
                }
            };
            let interval = set_interval_with_handle(check, Duration::from_secs(5)).ok();
            // A phone taken out of a pocket shows the page before any timer runs: check at once,
            // before the first touch counts as activity.
            let on_return = window_event_listener_untyped("visibilitychange", move |_| check());
            on_cleanup(move || {
                on_return.remove();
                listeners.into_iter().for_each(|listener| listener.remove());
                if let Some(interval) = interval {
                    interval.clear();
                }
            });
        });
    }

    /// Locks this device at once, as when leaving the room: here and on the server.
    pub fn lock_now(self, lock_server: ServerAction<LockScreen>) {
        self.locked.set(true);
        lock_server.dispatch(LockScreen {});
    }

    /// The page left the document when the lock came (see `SignedInFrame`): it is loaded again,
    /// from the server, as the staff member now unlocking may see it.
    fn unlocked(self) {
        self.last_input_ms.set_value(js_sys::Date::now());
        let _ = window().location().reload();
    }
}

/// The server's first render streams each page in `<template>`s and carries its data in inline
/// scripts (in the islands build, in each live part's `data-props`); once the page is live they
/// are dead, but still in the document, dossier and all. A locked screen, and the tablet handed
/// back, hold no personal data anywhere in the page, so they go.
pub fn forget_server_render() {
    #[cfg(feature = "hydrate")]
    {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        if let Ok(leftovers) = document.query_selector_all("template, script:not([src])") {
            for index in 0..leftovers.length() {
                if let Some(node) = leftovers.item(index) {
                    if let Some(parent) = node.parent_node() {
                        let _ = parent.remove_child(&node);
                    }
                }
            }
        }
        if let Ok(live_parts) = document.query_selector_all("leptos-island[data-props]") {
            for index in 0..live_parts.length() {
                use wasm_bindgen::JsCast;
                if let Some(part) = live_parts.item(index).and_then(|node| node.dyn_into::<web_sys::Element>().ok()) {
                    let _ = part.remove_attribute("data-props");
                }
            }
        }
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"__RESOLVED_RESOURCES".into(), &js_sys::Array::new());
        }
    }
}

impl Default for ScreenLock {
    fn default() -> Self {
        Self::new()
    }
}

/// What a locked device shows: no client data, only the way back in.
#[component]
pub fn UnlockForm() -> impl IntoView {
    let lock = expect_context::<ScreenLock>();
    let unlock = ServerAction::<UnlockScreen>::new();
    let result = unlock.value();
    let refusal = LatestError::following(result);
    Effect::new(move |_| match result.get() {
        Some(Ok(())) => lock.unlocked(),
        Some(Err(AppError::Unauthorized)) => {
            crate::components::message::hard_navigate(&format!("/login?reden={}", text::SIGNED_OUT_WRONG_UNLOCKS))
        }
        _ => {}
    });
    let action = <UnlockScreen as leptos::server_fn::ServerFn>::url();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(form) = SubmittedForm::of(&ev) else { return };
        let data = UnlockScreen { secret: form.text("secret") };
        ev.prevent_default();
        refusal.dismiss();
        unlock.dispatch(data);
    };
    view! {
        <section class="lock-screen" aria-labelledby="lock-title">
            <h1 id="lock-title">{text::tr!(screen_lock_title)}</h1>
            <p class="intro">{text::tr!(screen_lock_intro)}</p>
            {move || refusal.get().map(|error| view! { <ErrorMessage error/> })}
            <form method="post" action=action on:submit=on_submit>
                <div class="field">
                    <label for="unlock-secret">{text::tr!(lock_secret)}</label>
                    <input id="unlock-secret" name="secret" type="password" autocomplete="current-password" required
                        on:input=move |_| refusal.dismiss()/>
                </div>
                <button type="submit" class="button-primary" disabled=move || !page_is_live() || unlock.pending().get()>{text::tr!(lock_submit)}</button>
            </form>
        </section>
    }
}
