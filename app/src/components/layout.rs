//! The frame around every signed-in page: practice, user, navigation, sign-out.

use crate::api::auth::Logout;
use crate::api::types::Session;
use crate::components::live_view::{live_view, server_only};
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::components::screen_lock::{ScreenLock, UnlockForm};
use crate::domain::user::{Permission, Role};
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Outlet;

/// The search text survives moving between the list and a dossier, in memory only: in the
/// whole-page build, where the router keeps the frame while the page changes. (In the islands
/// build every page change is a page load, and the box starts empty.)
#[derive(Clone, Copy)]
pub struct SearchText(pub RwSignal<String>);

#[component]
pub fn SignedInLayout() -> impl IntoView {
    match signed_in_session() {
        // The session's parts that the frame shows or uses, one prop each: props are read in
        // the browser by code made for their type, which a struct in a struct makes larger.
        Some(Session { practice_name, user, lock_minutes, screen_locked }) => view! {
            <SignedInFrame practice_name user_name=user.name role=user.role lock_minutes screen_locked>
                <Outlet/>
            </SignedInFrame>
        }
        .into_any(),
        // The page gate lets no page through without a session.
        None => view! {
            <main class="page"><ErrorMessage error=crate::error::AppError::Unauthorized/></main>
        }
        .into_any(),
    }
}

/// The session the page gate put on the request. The browser of the islands build never runs
/// this (the frame's live part gets the session as its props); in the whole-page build it reads
/// what the server wrote into the page.
fn signed_in_session() -> Option<Session> {
    #[cfg(feature = "ssr")]
    let from_request = crate::server_ctx::signed_in_page;
    #[cfg(not(feature = "ssr"))]
    let from_request = || None;
    #[cfg(feature = "islands")]
    return from_request();
    #[cfg(not(feature = "islands"))]
    leptos::server::SharedValue::new(from_request).into_inner()
}

/// The frame is a live part (see the crate's root) that holds the page as its children: the
/// page's own live parts find the lock and the staff member's `Role` in its context. The session
/// comes from the server with the page, so the frame is live without asking for it again.
#[cfg_attr(feature = "islands", leptos::island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn SignedInFrame(
    practice_name: String,
    user_name: String,
    role: Role,
    lock_minutes: u32,
    screen_locked: bool,
    children: Children,
) -> impl IntoView {
    crate::live_part_started!();
    provide_context(SearchText(RwSignal::new(String::new())));
    // For pages that show owner-only parts: what they show a button for. The server checks again.
    provide_context(role);
    let lock = ScreenLock::new();
    provide_context(lock);
    lock.set_minutes(lock_minutes);
    // A session the server holds locked opens locked, and the server writes no page into it.
    lock.locked.set(screen_locked);
    lock.watch_idle();

    // Shown once: a lock takes the page, with its personal data, out of the document, and
    // unlocking loads it again from the server.
    let page = OncePage(std::sync::Mutex::new(Some(children)));

    let logout = ServerAction::<Logout>::new();
    let lock_server = ServerAction::<crate::api::settings::LockScreen>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            hard_navigate("/login");
        }
    });

    live_view(view! {
        <header class="topbar">
            <a href="/clients" class="brand">{text::tr!(app_name)}</a>
            <span class="who">
                <span class="practice">{practice_name}</span>
                <span class="user">{user_name}</span>
            </span>
            <button type="button" class="button-quiet lock-now" title=text::tr!(lock_now) on:click=move |_| lock.lock_now(lock_server)>
                // A padlock on a phone, where the words do not fit beside the name and "Afmelden".
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                    <rect x="5" y="11" width="14" height="10" rx="2" fill="none" stroke="currentColor" stroke-width="2"/>
                    <path d="M8 11V8a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" stroke-width="2"/>
                </svg>
                <span class="lock-now-label">{text::tr!(lock_now)}</span>
            </button>
            <form
                method="post"
                action=Logout::url()
                class="signout"
                on:submit=move |ev| {
                    ev.prevent_default();
                    logout.dispatch(Logout {});
                }
            >
                <button type="submit" class="button-quiet">{text::tr!(sign_out)}</button>
            </form>
        </header>
        <nav class="tabs" aria-label="Hoofdmenu">
            <TabLink href="/clients" exact=true>{text::tr!(nav_clients)}</TabLink>
            <TabLink href="/clients/new">{text::tr!(nav_new_client)}</TabLink>
            <TabLink href="/settings">{text::tr!(nav_settings)}</TabLink>
            <TabLink href="/security">{text::tr!(nav_security)}</TabLink>
            {role.may(Permission::ManagePractice).then(|| view! {
                <TabLink href="/treatment-types">{text::tr!(nav_types)}</TabLink>
                <TabLink href="/templates">{text::tr!(nav_templates)}</TabLink>
            })}
            {role.may(Permission::ManageTeam).then(|| view! {
                <TabLink href="/team">{text::tr!(nav_team)}</TabLink>
            })}
            {role.may(Permission::DecideRetention).then(|| view! {
                <TabLink href="/retention">{text::tr!(nav_retention)}</TabLink>
            })}
        </nav>
        <main class="page">
            {move || {
                if lock.locked.get() {
                    view! { <UnlockForm/> }.into_any()
                } else {
                    // In an element of its own: in the islands build the browser does not take
                    // the page over, and only an element it holds can be taken out again.
                    page.take().map(|page| view! { <div class="page-body">{server_only(page())}</div> }).into_any()
                }
            }}
        </main>
    })
}

struct OncePage(std::sync::Mutex<Option<Children>>);

impl OncePage {
    fn take(&self) -> Option<Children> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }
}

/// A tab of the main menu, marked as the page shown. A plain link: in the islands build every
/// page change is a page load (there is no router in the browser), and in the whole-page build
/// the router takes plain links over all the same.
#[component]
fn TabLink(href: &'static str, #[prop(optional)] exact: bool, children: Children) -> impl IntoView {
    let path = current_path();
    let current = move || {
        path.with(|path| {
            let here = path.trim_end_matches('/');
            here == href || (!exact && here.starts_with(href) && here[href.len()..].starts_with('/'))
        })
        .then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

/// The address's path: followed as the router moves, or, in the browser of the islands build
/// (no router there), the path the page was loaded at.
fn current_path() -> Signal<String> {
    #[cfg(any(not(feature = "islands"), feature = "ssr"))]
    {
        let location = leptos_router::hooks::use_location();
        Signal::derive(move || location.pathname.get())
    }
    #[cfg(all(feature = "islands", not(feature = "ssr")))]
    Signal::stored(window().location().pathname().unwrap_or_default())
}
