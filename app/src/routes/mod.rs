//! One page per file.

pub mod clients;
pub mod kiosk;
pub mod login;
pub mod not_found;
pub mod retention;
pub mod second_step;
pub mod security;
pub mod settings;
pub mod setup;
pub mod team;
pub mod templates;
pub mod treatment_types;
pub mod welcome;

/// A route whose page the browser fetches as WebAssembly of its own when it is first shown
/// (the split build), together with the other pages of its `$group`: every page of a group is in
/// one module. One module per page made the browser fetch 45 to 180 small modules for one page
/// (the code that two or more pages share goes into modules of its own, one for every set of
/// pages that shares it), and on a phone's network each fetch costs a round trip. Few groups,
/// of pages that are used together, keep that to a few. `$view` and `$preload` are the names of
/// the split function and of the function that loads it (`#[leptos::lazy]` names the second
/// `__preload_` + the first). The module's name is the group's plus a hash of the place where
/// `#[leptos::lazy]` is written, so a page joins its group only through this macro.
macro_rules! lazy_page {
    ($route:ident, $view:ident, $preload:ident, $group:ident, $page:path) => {
        pub struct $route;

        // In the islands build the browser runs no page, only its live parts: nothing to split.
        #[cfg_attr(not(feature = "islands"), leptos::lazy($group))]
        fn $view(_this: $route) -> leptos::prelude::AnyView {
            use leptos::prelude::IntoAny;
            leptos::prelude::view! { <$page/> }.into_any()
        }

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(this: Self) -> leptos::prelude::AnyView {
                #[cfg(not(feature = "islands"))]
                return $view(this).await;
                #[cfg(feature = "islands")]
                $view(this)
            }

            async fn preload() {
                #[cfg(all(target_arch = "wasm32", not(feature = "islands")))]
                $preload().await;
            }
        }
    };
}

// Signing in, with the second step: what a visitor loads first, none of the pages behind it.
lazy_page!(LoginRoute, login_view, __preload_login_view, sign_in, login::LoginPage);
lazy_page!(SecondStepRoute, second_step_view, __preload_second_step_view, sign_in, second_step::SecondStepPage);
// The tablet at reception.
lazy_page!(KioskRoute, kiosk_view, __preload_kiosk_view, kiosk, kiosk::KioskPage);
// Finding a client and taking in a new one.
lazy_page!(ClientListRoute, client_list_view, __preload_client_list_view, clients, clients::list::ClientListPage);
lazy_page!(NewClientRoute, new_client_view, __preload_new_client_view, clients, clients::new::NewClientPage);
// A client's dossier and what is done from it.
lazy_page!(DossierRoute, dossier_view, __preload_dossier_view, dossier, clients::detail::DossierPage);
lazy_page!(
    CorrectClientRoute,
    correct_client_view,
    __preload_correct_client_view,
    dossier,
    clients::edit::CorrectClientPage
);
lazy_page!(AuditRoute, audit_view, __preload_audit_view, dossier, clients::audit::AuditPage);
lazy_page!(
    NewTreatmentRoute,
    new_treatment_view,
    __preload_new_treatment_view,
    dossier,
    clients::treatment_new::NewTreatmentPage
);
lazy_page!(
    CorrectTreatmentRoute,
    correct_treatment_view,
    __preload_correct_treatment_view,
    dossier,
    clients::treatment_edit::CorrectTreatmentPage
);
// Setting up and running the practice, and one's own account: visited now and then.
lazy_page!(SetupRoute, setup_view, __preload_setup_view, practice, setup::SetupPage);
lazy_page!(WelcomeRoute, welcome_view, __preload_welcome_view, practice, welcome::WelcomePage);
lazy_page!(SecurityRoute, security_view, __preload_security_view, practice, security::SecurityPage);
lazy_page!(TemplatesRoute, templates_view, __preload_templates_view, practice, templates::TemplatesPage);
lazy_page!(
    TreatmentTypesRoute,
    treatment_types_view,
    __preload_treatment_types_view,
    practice,
    treatment_types::TreatmentTypesPage
);
lazy_page!(SettingsRoute, settings_view, __preload_settings_view, practice, settings::SettingsPage);
lazy_page!(TeamRoute, team_view, __preload_team_view, practice, team::TeamPage);
lazy_page!(RetentionRoute, retention_view, __preload_retention_view, practice, retention::RetentionPage);
