//! The HTML shell and the route table.

use crate::components::layout::SignedInLayout;
use crate::components::live_view::live_view;
use crate::routes::{
    not_found::NotFound, AuditRoute, ClientListRoute, CorrectClientRoute, CorrectTreatmentRoute, DossierRoute,
    KioskRoute, LoginRoute, NewClientRoute, NewTreatmentRoute, RetentionRoute, SecondStepRoute, SecurityRoute,
    SettingsRoute, SetupRoute, TeamRoute, TemplatesRoute, TreatmentTypesRoute, WelcomeRoute,
};
use crate::text;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_security_headers();
    view! {
        <!DOCTYPE html>
        // The browser takes the page's language from here when it starts (`text::locale`).
        <html lang=text::language().code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="referrer" content="no-referrer"/>
                <meta name="theme-color" content="#24574a"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=cfg!(feature = "islands")/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// A page may run only our own scripts (with this response's nonce) and talk only to us:
/// no CDN, font service or analytics can be reached, even by injected markup.
#[cfg(feature = "ssr")]
fn set_page_security_headers() {
    let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'; manifest-src 'self'; worker-src 'self'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static PAGE_IS_LIVE: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// Whether the app has taken over the page. Until then a form would post without the app: past
/// its checks, and to an answer meant for the app, so a refusal would leave the page and what
/// was typed on it. Submit buttons wait for this instead; the server renders them waiting.
pub fn page_is_live() -> bool {
    #[cfg(feature = "hydrate")]
    return PAGE_IS_LIVE.with(|live| live.get());
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Marks the page as hydrated, once all of it is (the browser entry calls it when hydration
/// is through). Browser tests wait for this mark before they type: until then the page is
/// server HTML only. The benchmark reads the same moment as a performance mark, under
/// Lighthouse's throttling. The submit buttons come alive first, so that whoever sees the
/// mark finds them usable.
#[cfg(feature = "hydrate")]
pub async fn mark_hydrated() {
    PAGE_IS_LIVE.with(|live| live.set(true));
    leptos::task::tick().await;
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
    if let Some(performance) = window().performance() {
        let _ = performance.mark("hydrated");
    }
}

/// The browser entry of the islands build: the page is the server's HTML, and each live part
/// (see the crate's root) is taken over by itself.
#[cfg(all(feature = "hydrate", feature = "islands"))]
pub fn hydrate_live_parts() {
    text::set_locale(page_language());
    // A server function that answers with a redirect (a dossier saved) is followed by the
    // router in the whole-page build; here there is none, so the browser loads the page.
    let _ =
        leptos::server_fn::redirect::set_redirect_hook(|path: &str| crate::components::message::hard_navigate(path));
    leptos::mount::hydrate_islands();
}

#[cfg(all(feature = "hydrate", feature = "islands"))]
thread_local! {
    static LIVE_PARTS_STARTED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static MARKED_LIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The first line of every live part: `live_part_started!()`. It names the live part's own
/// function, which is how the server finds the live part's modules.
#[macro_export]
macro_rules! live_part_started {
    () => {{
        fn here() {}
        $crate::app::live_part_started(::std::any::type_name_of_val(&here))
    }};
}

/// See [`live_part_started!`]; `here` is the path of a function inside the live part's body.
///
/// In the islands build the server lists the live part's modules in the page's head, so the
/// browser fetches them all at once instead of one live part after another; and the browser
/// counts the live parts taken over: the page is live once all of them still in the document
/// are (no live part holds another in its own view, so each is one `leptos-island` element).
/// In the whole-page build the browser entry says when the page is live, and this does nothing.
pub fn live_part_started(here: &str) {
    #[cfg(all(feature = "ssr", feature = "islands"))]
    preload_modules_of(here);
    #[cfg(all(feature = "hydrate", feature = "islands"))]
    {
        let _ = here;
        LIVE_PARTS_STARTED.with(|count| count.set(count.get() + 1));
        // Counted once the live part has built itself: a frame that opens locked takes its
        // page, and the live parts in it, out of the document as it starts.
        leptos::task::spawn_local(async {
            leptos::task::tick().await;
            let started = LIVE_PARTS_STARTED.with(|count| count.get());
            let on_page = document().query_selector_all("leptos-island").map(|parts| parts.length()).unwrap_or(0);
            if started >= on_page && !MARKED_LIVE.with(|marked| marked.replace(true)) {
                mark_hydrated().await;
            }
        });
    }
    #[cfg(not(feature = "islands"))]
    let _ = here;
}

/// A lazy island's body is the function `__component_<name>`, and the split build names its
/// module `<name>_loader_<hash>` in the split manifest that `HydrationScripts` has read.
#[cfg(all(feature = "ssr", feature = "islands"))]
fn preload_modules_of(here: &str) {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    // The names live as long as the server: one per live part, the same on every page.
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let Some(name) = here.split("::").find_map(|segment| segment.strip_prefix("__component_")) else { return };
    let Some(manifest) = use_context::<leptos::WasmSplitManifest>() else { return };
    let prefix = format!("{name}_loader_");
    let keys: Vec<String> = manifest
        .0
        .with_value(|(_, modules, _)| modules.keys().filter(|key| key.starts_with(&prefix)).cloned().collect());
    let mut names = NAMES.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for key in keys {
        let key = match names.get(key.as_str()) {
            Some(known) => *known,
            None => {
                let leaked: &'static str = Box::leak(key.into_boxed_str());
                names.insert(leaked);
                leaked
            }
        };
        leptos::prefetch_lazy_fn_on_server(key);
    }
}

/// Until the app has taken the page over its submit buttons wait; on a slow first load this says
/// why (it shows only after a second, so a quick load does not flash it).
// On every page, so in the main module rather than one of its own.
#[cfg_attr(feature = "islands", leptos::island)]
#[cfg_attr(not(feature = "islands"), component)]
fn AppLoading() -> impl IntoView {
    crate::live_part_started!();
    live_view(view! {
        <Show when=move || !page_is_live()>
            <p class="app-loading" aria-live="polite">{text::tr!(app_loading)}</p>
        </Show>
    })
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Before anything renders in the browser: the words must be those the server wrote.
    #[cfg(not(feature = "ssr"))]
    text::set_locale(page_language());
    view! {
        <Stylesheet id="leptos" href="/pkg/zorgvuldig.css"/>
        <Title text=text::tr!(app_name)/>
        <AppLoading/>
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=|| view! { <Redirect path="/clients"/> }/>
                <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()}/>
                <Route path=path!("/login") view={Lazy::<LoginRoute>::new()}/>
                <Route path=path!("/login/code") view={Lazy::<SecondStepRoute>::new()}/>
                <Route path=path!("/kiosk") view={Lazy::<KioskRoute>::new()}/>
                <Route path=path!("/welcome") view={Lazy::<WelcomeRoute>::new()}/>
                <ParentRoute path=path!("/clients") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<ClientListRoute>::new()}/>
                    <Route path=path!("new") view={Lazy::<NewClientRoute>::new()}/>
                    <Route path=path!(":id") view={Lazy::<DossierRoute>::new()}/>
                    <Route path=path!(":id/edit") view={Lazy::<CorrectClientRoute>::new()}/>
                    <Route path=path!(":id/audit") view={Lazy::<AuditRoute>::new()}/>
                    <Route path=path!(":id/treatments/new") view={Lazy::<NewTreatmentRoute>::new()}/>
                    <Route path=path!(":id/treatments/:treatment_id/edit") view={Lazy::<CorrectTreatmentRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/templates") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<TemplatesRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/treatment-types") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<TreatmentTypesRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/team") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<TeamRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/retention") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<RetentionRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/settings") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<SettingsRoute>::new()}/>
                </ParentRoute>
                <ParentRoute path=path!("/security") view=SignedInLayout>
                    <Route path=path!("") view={Lazy::<SecurityRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The language the server rendered this page in, as `<html lang>` says.
#[cfg(not(feature = "ssr"))]
fn page_language() -> text::Locale {
    use crate::domain::language::Language;
    let lang = document().document_element().and_then(|html| html.get_attribute("lang"));
    text::locale_of(lang.as_deref().and_then(Language::from_code).unwrap_or_default())
}
