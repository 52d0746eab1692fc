//! The frame around every signed-in page: practice, user, navigation, sign-out.

use crate::api::auth::{current_session, Logout};
use crate::components::message::{hard_navigate, ErrorMessage};
use crate::domain::user::Role;
use crate::text;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::{Outlet, A};

/// The search text survives moving between the list and a dossier, in memory only.
#[derive(Clone, Copy)]
pub struct SearchText(pub RwSignal<String>);

/// The signed-in user's role, for pages that show owner-only links.
#[derive(Clone, Copy)]
pub struct SignedInRole(pub Signal<Option<Role>>);

#[component]
pub fn SignedInLayout() -> impl IntoView {
    let session = Resource::new(|| (), |_| current_session());
    provide_context(SearchText(RwSignal::new(String::new())));
    provide_context(SignedInRole(Signal::derive(move || {
        session.get().and_then(|s| s.ok()).flatten().map(|s| s.user.role)
    })));

    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            hard_navigate("/login");
        }
    });

    view! {
        <header class="topbar">
            <A href="/clients" attr:class="brand">{text::APP_NAME}</A>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(Some(session)) => view! {
                            <span class="who">
                                <span class="practice">{session.practice_name}</span>
                                <span class="user">{session.user.name}</span>
                            </span>
                        }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
            <form
                method="post"
                action=Logout::url()
                class="signout"
                on:submit=move |ev| {
                    ev.prevent_default();
                    logout.dispatch(Logout {});
                }
            >
                <button type="submit" class="button-quiet">{text::SIGN_OUT}</button>
            </form>
        </header>
        <nav class="tabs" aria-label="Hoofdmenu">
            <A href="/clients" exact=true>{text::NAV_CLIENTS}</A>
            <A href="/clients/new">{text::NAV_NEW_CLIENT}</A>
            <Show when=move || session.get().and_then(|s| s.ok()).flatten().is_some_and(|s| s.user.role == Role::Owner)>
                <A href="/templates">{text::NAV_TEMPLATES}</A>
            </Show>
        </nav>
        <main class="page">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(Some(_)) => view! { <Outlet/> }.into_any(),
                        Ok(None) => view! { <ErrorMessage error=crate::error::AppError::Unauthorized/> }.into_any(),
                        Err(error) => view! { <ErrorMessage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}
