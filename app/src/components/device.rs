//! What a device remembers about itself, in its own browser storage: preferences only, never
//! anything about a person. Today that is the language of its sign-in page.

use crate::domain::language::{self, Language};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const SIGN_IN_LANGUAGE: &str = "zorgvuldig.inlogtaal";

/// The language this device's sign-in page was last set to, if it ever was.
pub fn sign_in_language() -> Option<Language> {
    LocalStorage::get::<String>(SIGN_IN_LANGUAGE).ok().and_then(|code| Language::from_code(&code))
}

/// Remembers the sign-in page's language on this device and shows the page in it: the language
/// cookie lets the server render it so (the session's own language outranks it once signed in).
pub fn choose_sign_in_language(language: Language) {
    let _ = LocalStorage::set(SIGN_IN_LANGUAGE, language.code());
    set_language_cookie(language);
    let _ = window().location().reload();
}

/// The device remembered a sign-in language the server did not render the page in (its cookie
/// was cleared): put the cookie back and show the page again. Nothing happens where cookies are
/// refused, rather than reloading for ever.
pub fn restore_sign_in_language(rendered: Language) {
    let Some(remembered) = sign_in_language() else { return };
    if remembered == rendered {
        return;
    }
    set_language_cookie(remembered);
    if cookie_holds(remembered) {
        let _ = window().location().reload();
    }
}

fn set_language_cookie(language: Language) {
    if let Some(document) = document().dyn_ref::<web_sys::HtmlDocument>() {
        let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Strict", language::COOKIE, language.code());
        let _ = document.set_cookie(&cookie);
    }
}

fn cookie_holds(language: Language) -> bool {
    let wanted = format!("{}={}", language::COOKIE, language.code());
    document()
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|document| document.cookie().ok())
        .is_some_and(|cookies| cookies.split(';').any(|pair| pair.trim() == wanted))
}
