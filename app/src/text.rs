//! Every sentence the interface shows comes from `locales/nl.json` and `locales/en.json` through
//! leptos_i18n; the build stops when one of them lacks a key the other has. This module knows
//! whose language is being written in and turns codes (actions, fields, errors, purposes) into
//! sentences. Write a plain sentence with `tr!(key)`; the functions here are for everything
//! that needs choosing first.

use crate::domain::FieldError;
use crate::error::AppError;
pub use crate::i18n::Locale;

/// The reason code in `/login?reden=…` after too many wrong unlock tries.
pub const SIGNED_OUT_WRONG_UNLOCKS: &str = "ontgrendelen";

/// The sentence `key` in the reader's language; with `name = value` pairs, filled in.
#[macro_export]
macro_rules! tr {
    ($key:ident) => {
        $crate::i18n::td_string!($crate::text::locale(), $key)
    };
    ($key:ident, $($args:tt)+) => {
        $crate::i18n::td_string!($crate::text::locale(), $key, $($args)+).to_string()
    };
}
pub use crate::tr;

/// As [`tr!`], in a language named by the caller: what a server function renders for the one
/// who asked, or a document in the language of the text that was signed.
#[macro_export]
macro_rules! tr_in {
    ($locale:expr, $key:ident) => {
        $crate::i18n::td_string!($locale, $key)
    };
    ($locale:expr, $key:ident, $($args:tt)+) => {
        $crate::i18n::td_string!($locale, $key, $($args)+).to_string()
    };
}
pub use crate::tr_in;

#[cfg(not(feature = "ssr"))]
thread_local! {
    static READER: std::cell::Cell<Locale> = const { std::cell::Cell::new(Locale::nl) };
}

/// The language chosen for one rendering on the server: a server function's answer for the staff
/// member who asked, a document in the language of the text that was signed.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy)]
struct Reader(Locale);

/// The language of whoever reads what is being rendered now. On the server: the language set by
/// [`for_reader`], else the request's (the session's language, the device's choice, the
/// browser's preference: `server_ctx::RequestMeta`). In the browser: the language the server
/// rendered the page in, read from `<html lang>` when the page starts.
pub fn locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<Reader>()
            .map(|reader| reader.0)
            .unwrap_or_else(|| locale_of(crate::server_ctx::request_meta().language))
    }
    #[cfg(not(feature = "ssr"))]
    {
        READER.with(std::cell::Cell::get)
    }
}

/// Runs `render` with `locale` as the reader's language.
pub fn for_reader<T>(locale: Locale, render: impl FnOnce() -> T) -> T {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::{provide_context, Owner};
        Owner::new().with(|| {
            provide_context(Reader(locale));
            render()
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let before = READER.with(|reader| reader.replace(locale));
        let rendered = render();
        READER.with(|reader| reader.set(before));
        rendered
    }
}

/// Sets the browser's reading language for event handlers, which run outside any component.
#[cfg(not(feature = "ssr"))]
pub fn set_locale(locale: Locale) {
    READER.with(|reader| reader.set(locale));
}

/// A language as the domain knows it, as the generated locale.
pub fn locale_of(language: crate::domain::language::Language) -> Locale {
    use crate::domain::language::Language;
    match language {
        Language::Nl => Locale::nl,
        Language::En => Locale::en,
    }
}

/// The language a page is rendered in, as the domain knows it.
pub fn language() -> crate::domain::language::Language {
    use crate::domain::language::Language;
    match locale() {
        Locale::nl => Language::Nl,
        Locale::en => Language::En,
    }
}

/// A language's own name, the same in every interface language.
pub fn language_name(language: crate::domain::language::Language) -> &'static str {
    use crate::domain::language::Language;
    match language {
        Language::Nl => tr!(language_nl),
        Language::En => tr!(language_en),
    }
}

/// A day, as the reader writes it: "02-12-2026"; "2 Dec 2026".
pub fn date(day: chrono::NaiveDate) -> String {
    date_in(locale(), day)
}

pub fn date_in(locale: Locale, day: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    // Written out rather than with chrono's `format`: its pattern parser and formatter would
    // ship to every page (about 12 kB of WebAssembly) for three patterns.
    match locale {
        Locale::nl => format!("{:02}-{:02}-{:04}", day.day(), day.month(), day.year()),
        Locale::en => format!("{} {} {:04}", day.day(), MONTHS_EN[day.month0() as usize], day.year()),
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A moment, as the reader writes it: "02-12-2026 14:05 CET"; "2 Dec 2026, 14:05 CET".
pub fn date_time(moment: &crate::api::types::LocalTime) -> String {
    date_time_in(locale(), moment)
}

pub fn date_time_in(locale: Locale, moment: &crate::api::types::LocalTime) -> String {
    use chrono::Timelike;
    let day = date_in(locale, moment.at.date());
    let separator = match locale {
        Locale::nl => "",
        Locale::en => ",",
    };
    format!("{day}{separator} {:02}:{:02} {}", moment.at.hour(), moment.at.minute(), moment.zone)
}

/// A photo's address opened outside the dossier: where the photo can be seen, and the link
/// back, for a page the server writes itself.
pub fn photo_elsewhere(language: crate::domain::language::Language) -> (&'static str, &'static str) {
    let locale = locale_of(language);
    (tr_in!(locale, photo_only_in_app), tr_in!(locale, nav_clients))
}

/// Why the previous session ended, for the sign-in page.
pub fn signed_out_reason(code: &str) -> Option<&'static str> {
    (code == SIGNED_OUT_WRONG_UNLOCKS).then(|| tr!(signed_out_after_wrong_unlocks))
}

pub fn profile_label(code: &str) -> &'static str {
    match code {
        "care_provider" => tr!(profile_care_provider),
        "beauty_wkkgz" => tr!(profile_beauty_wkkgz),
        _ => tr!(profile_beauty_other),
    }
}

pub fn page_of(page: u32, pages: u32) -> String {
    tr!(page_of, page, pages)
}

pub fn client_count(total: u32) -> String {
    match total {
        0 => tr!(client_count_none).into(),
        1 => tr!(client_count_one).into(),
        count => tr!(client_count_many, count),
    }
}

pub fn field_label(field: &str) -> &'static str {
    match field {
        "first_name" => tr!(first_name),
        "initials" => tr!(initials),
        "surname" => tr!(surname),
        "date_of_birth" => tr!(date_of_birth),
        "email" => tr!(email),
        "mobile" => tr!(mobile),
        "street" => tr!(street),
        "house_number" => tr!(house_number),
        "postcode" => tr!(postcode),
        "city" => tr!(city),
        "referrer" => tr!(referrer),
        "performed_on" => tr!(treatment_date),
        "type_id" => tr!(treatment_type),
        "products" => tr!(treatment_products),
        "skin_analysis" => tr!(treatment_skin_analysis),
        "notes" => tr!(treatment_notes),
        _ => tr!(field_other),
    }
}

/// What the integrity check found, for the owner.
pub fn integrity_finding(finding: &crate::domain::integrity::Finding) -> String {
    use crate::domain::integrity::{Finding, SealedRecords};
    let records = |records: &SealedRecords, count: u32| {
        let (one, many) = match records {
            SealedRecords::ConsentEvent => (tr!(records_consent_event_one), tr!(records_consent_event_many)),
            SealedRecords::ConsentSignature => {
                (tr!(records_consent_signature_one), tr!(records_consent_signature_many))
            }
            SealedRecords::ClientRevision => (tr!(records_client_revision_one), tr!(records_client_revision_many)),
            SealedRecords::TreatmentRevision => {
                (tr!(records_treatment_revision_one), tr!(records_treatment_revision_many))
            }
            SealedRecords::HealthAnswers => (tr!(records_health_answers_one), tr!(records_health_answers_many)),
        };
        counted(count.into(), one, many)
    };
    match finding {
        Finding::AuditChainBroken => tr!(finding_audit_chain_broken).into(),
        Finding::AuditTailMissing => tr!(finding_audit_tail_missing).into(),
        Finding::RecordChainBroken => tr!(finding_record_chain_broken).into(),
        Finding::RecordsMissing { records: kind, count } => {
            tr!(finding_records_missing, records = records(kind, *count))
        }
        Finding::RecordsAltered { records: kind, count } => {
            tr!(finding_records_altered, records = records(kind, *count))
        }
        Finding::RecordsUnsealed { records: kind, count } => {
            tr!(finding_records_unsealed, records = records(kind, *count))
        }
    }
}

/// What an entry's action is called. Every action has its label: the compiler checks.
pub fn audit_action_label(action: crate::domain::audit::AuditAction) -> &'static str {
    use crate::domain::audit::AuditAction;
    match action {
        AuditAction::ClientCreated => tr!(action_client_created),
        AuditAction::ClientViewed => tr!(action_client_viewed),
        AuditAction::ClientUpdated => tr!(action_client_updated),
        AuditAction::ClientSearched => tr!(action_client_searched),
        AuditAction::RecentClientsShown => tr!(action_recent_clients_shown),
        AuditAction::ClientListShown => tr!(action_client_list_shown),
        AuditAction::NameListed => tr!(action_name_listed),
        AuditAction::ClientEditOpened => tr!(action_client_edit_opened),
        AuditAction::AuditViewed => tr!(action_audit_viewed),
        AuditAction::Login => tr!(action_login),
        AuditAction::LoginFailed => tr!(action_login_failed),
        AuditAction::Logout => tr!(action_logout),
        AuditAction::PracticeSetUp => tr!(action_practice_set_up),
        AuditAction::HandoverStarted => tr!(action_handover_started),
        AuditAction::KioskViewed => tr!(action_kiosk_viewed),
        AuditAction::ConsentSigned => tr!(action_consent_signed),
        AuditAction::ConsentDeclined => tr!(action_consent_declined),
        AuditAction::HandoverFinished => tr!(action_handover_finished),
        AuditAction::HandoverEnded => tr!(action_handover_ended),
        AuditAction::ConsentWithdrawn => tr!(action_consent_withdrawn),
        AuditAction::ConsentVerified => tr!(action_consent_verified),
        AuditAction::ConsentCopied => tr!(action_consent_copied),
        AuditAction::TemplateChanged => tr!(action_template_changed),
        AuditAction::TreatmentTypeAdded => tr!(action_treatment_type_added),
        AuditAction::TreatmentTypeChanged => tr!(action_treatment_type_changed),
        AuditAction::AvgCheckDone => tr!(action_avg_check_done),
        AuditAction::TreatmentAdded => tr!(action_treatment_added),
        AuditAction::TreatmentEditOpened => tr!(action_treatment_edit_opened),
        AuditAction::TreatmentUpdated => tr!(action_treatment_updated),
        AuditAction::HealthRecorded => tr!(action_health_recorded),
        AuditAction::HealthRefused => tr!(action_health_refused),
        AuditAction::PhotoAdded => tr!(action_photo_added),
        AuditAction::PhotoRefused => tr!(action_photo_refused),
        AuditAction::PhotoViewed => tr!(action_photo_viewed),
        AuditAction::PhotosFlagged => tr!(action_photos_flagged),
        AuditAction::PhotoDeleted => tr!(action_photo_deleted),
        AuditAction::ScreenLocked => tr!(action_screen_locked),
        AuditAction::ScreenUnlocked => tr!(action_screen_unlocked),
        AuditAction::UnlockFailed => tr!(action_unlock_failed),
        AuditAction::SettingsChanged => tr!(action_settings_changed),
        AuditAction::PinSet => tr!(action_pin_set),
        AuditAction::LanguageChosen => tr!(action_language_chosen),
        AuditAction::ColleagueInvited => tr!(action_colleague_invited),
        AuditAction::InvitationAccepted => tr!(action_invitation_accepted),
        AuditAction::InvitationRefused => tr!(action_invitation_refused),
        AuditAction::RoleChanged => tr!(action_role_changed),
        AuditAction::ColleagueDisabled => tr!(action_colleague_disabled),
        AuditAction::PasswordReset => tr!(action_password_reset),
        AuditAction::ColleagueCheckDone => tr!(action_colleague_check_done),
        AuditAction::TeamViewed => tr!(action_team_viewed),
        AuditAction::SecondStepSetUp => tr!(action_second_step_set_up),
        AuditAction::SecondStepFailed => tr!(action_second_step_failed),
        AuditAction::RecoveryCodeUsed => tr!(action_recovery_code_used),
        AuditAction::RecoveryCodesRenewed => tr!(action_recovery_codes_renewed),
        AuditAction::PasswordChanged => tr!(action_password_changed),
        AuditAction::SessionEnded => tr!(action_session_ended),
        AuditAction::SecondStepReset => tr!(action_second_step_reset),
        AuditAction::ClientErased => tr!(action_client_erased),
        AuditAction::LegalHoldPlaced => tr!(action_legal_hold_placed),
        AuditAction::LegalHoldLifted => tr!(action_legal_hold_lifted),
        AuditAction::RetentionReviewed => tr!(action_retention_reviewed),
        AuditAction::RetentionRun => tr!(action_retention_run),
        AuditAction::ErasureReapplied => tr!(action_erasure_reapplied),
        AuditAction::RetentionPolicySet => tr!(action_retention_policy_set),
        AuditAction::KeepLongerDecided => tr!(action_keep_longer_decided),
        AuditAction::ConsentProofDestroyed => tr!(action_consent_proof_destroyed),
    }
}

/// Why a dossier was destroyed, in words.
pub fn destruction_label(reason: crate::domain::retention::Destruction) -> &'static str {
    use crate::domain::retention::Destruction;
    match reason {
        Destruction::TermEnded => tr!(destruction_term_ended),
        Destruction::OnRequest => tr!(destruction_on_request),
        Destruction::ReappliedAfterRestore => tr!(destruction_reapplied),
    }
}

pub fn hold_reason_label(reason: crate::domain::retention::HoldReason) -> &'static str {
    use crate::domain::retention::HoldReason;
    match reason {
        HoldReason::Complaint => tr!(hold_complaint),
        HoldReason::Claim => tr!(hold_claim),
        HoldReason::Inspection => tr!(hold_inspection),
        HoldReason::OthersInterest => tr!(hold_others_interest),
    }
}

pub fn keep_longer_reason_label(reason: crate::domain::retention::KeepLongerReason) -> &'static str {
    use crate::domain::retention::KeepLongerReason;
    match reason {
        KeepLongerReason::GoodCare => tr!(keep_longer_good_care),
        KeepLongerReason::ClientRequest => tr!(keep_longer_client_request),
        KeepLongerReason::OtherLaw => tr!(keep_longer_other_law),
    }
}

/// Whether a term is the law's or the practice's, with the article.
pub fn ground_label(ground: crate::domain::retention::Ground) -> &'static str {
    use crate::domain::retention::Ground;
    match ground {
        Ground::Wgbo => tr!(ground_wgbo),
        Ground::PracticePolicy => tr!(ground_practice_policy),
        Ground::Fiscal => tr!(ground_fiscal),
    }
}

/// "twee jaar na de laatste behandeling": what a dossier's term runs from.
pub fn term_label(kept: &crate::domain::retention::KeptUntil) -> String {
    use crate::domain::retention::Anchor;
    if let Some(decision) = kept.kept_longer {
        return tr!(
            term_kept_longer,
            reason = keep_longer_reason_label(decision.reason),
            decided = date(decision.decided_on),
            ends = date(kept.term_ends)
        );
    }
    let years = kept.rule.years;
    if kept.from_opening {
        return tr!(term_after_opening, years);
    }
    match kept.rule.anchor {
        Anchor::LastTreatment => tr!(term_after_last_treatment, years),
        Anchor::LastClinicalChange => tr!(term_after_last_clinical_change, years),
    }
}

/// A stored action code in words; a code this version does not know (written by a newer one)
/// still reads as something.
pub fn audit_action(code: &str) -> &'static str {
    crate::domain::audit::AuditAction::from_code(code).map_or(tr!(action_other), audit_action_label)
}

/// A detail stored as short Dutch text before details became codes (schema 0007), as the owner
/// reads it: field codes become their labels, counts get their plural, purpose codes their titles.
pub fn audit_detail(action: &str, detail: &str) -> String {
    if let Some(fields) = detail.strip_prefix("velden: ") {
        return joined(fields.split(", ").map(|field| field_label(field).to_lowercase()).collect());
    }
    let values: std::collections::BTreeMap<&str, &str> =
        detail.split(';').filter_map(|pair| pair.split_once('=')).collect();
    let count = |key: &str| values.get(key).and_then(|n| n.parse::<u64>().ok());
    match action {
        "photo.add" => match detail {
            "before" => tr!(detail_photo_before).into(),
            "after" => tr!(detail_photo_after).into(),
            other => other.into(),
        },
        "photo.view" => detail.into(),
        "client.listed" => match detail {
            "recent" => tr!(browse_recent).to_lowercase(),
            _ => tr!(browse_all).to_lowercase(),
        },
        "photo.flag" => leading_count(detail)
            .map_or_else(|| detail.into(), |n| counted(n, tr!(unit_photo_one), tr!(unit_photo_many))),
        "client.search" => leading_count(detail)
            .map_or_else(|| detail.into(), |n| counted(n, tr!(unit_result_one), tr!(unit_result_many))),
        "client.recent" => {
            count("shown").map_or_else(|| detail.into(), |n| counted(n, tr!(unit_name_one), tr!(unit_name_many)))
        }
        "client.list" => {
            let order = values.get("order").copied().and_then(crate::domain::client_list::ClientOrder::from_code);
            list_page(
                order.unwrap_or(crate::domain::client_list::ClientOrder::Surname),
                count("page").unwrap_or(1) as u32,
                count("pages").unwrap_or(1) as u32,
                count("shown").unwrap_or(0),
            )
        }
        consent if consent.starts_with("consent.") => joined(
            detail
                .split(", ")
                .map(|code| {
                    crate::domain::consent::ConsentPurpose::from_code(code)
                        .map_or_else(|| code.to_owned(), |purpose| consent_purpose_title(purpose).to_owned())
                })
                .collect(),
        ),
        _ => detail.into(),
    }
}

fn list_page(order: crate::domain::client_list::ClientOrder, page: u32, pages: u32, shown: u64) -> String {
    use crate::domain::client_list::ClientOrder;
    let order = match order {
        ClientOrder::Newest => tr!(order_newest),
        ClientOrder::Surname => tr!(order_surname),
    };
    format!(
        "{}, {}, {}",
        order.to_lowercase(),
        page_of(page, pages).to_lowercase(),
        counted(shown, tr!(unit_name_one), tr!(unit_name_many))
    )
}

/// One item of a new colleague's AVG check.
pub fn check_item_label(item: crate::domain::team::ColleagueCheckItem) -> &'static str {
    use crate::domain::team::ColleagueCheckItem as Item;
    match item {
        Item::Confidentiality => tr!(check_confidentiality),
        Item::Instruction => tr!(check_instruction),
        Item::AccessChecked => tr!(check_access),
    }
}

/// A role as the team page and the log name it.
pub fn role_label(role: crate::domain::user::Role) -> &'static str {
    use crate::domain::user::Role;
    match role {
        Role::Owner => tr!(role_owner),
        Role::Practitioner => tr!(role_practitioner),
        Role::Reception => tr!(role_reception),
    }
}

/// The browser and system of a session, as the security page names them: "Chrome op Android".
pub fn device_label(device: Option<crate::domain::second_step::Device>) -> String {
    use crate::domain::second_step::{Browser, System};
    let Some(device) = device else { return tr!(device_unknown).into() };
    let browser = match device.browser {
        Browser::Edge => "Edge",
        Browser::Firefox => "Firefox",
        Browser::Chrome => "Chrome",
        Browser::Safari => "Safari",
        Browser::Other => tr!(device_other_browser),
    };
    let system = match device.system {
        System::Android => "Android",
        System::Ios => "iOS",
        System::Windows => "Windows",
        System::MacOs => "macOS",
        System::Linux => "Linux",
        System::Other => tr!(device_other_system),
    };
    tr!(device_on, browser = browser, system = system)
}

/// Who acted, as the log names them: a staff member by name, anyone else by what they are.
pub fn audit_actor(actor: &crate::domain::audit::Actor, staff_name: Option<&str>) -> String {
    use crate::domain::audit::{Actor, SystemJob};
    match actor {
        Actor::Staff { role, .. } => {
            let name = staff_name.unwrap_or(tr!(actor_unknown_staff));
            match role {
                Some(role) => format!("{name} ({})", role_label(*role).to_lowercase()),
                None => name.to_owned(),
            }
        }
        Actor::GuardianLink(_) => tr!(actor_guardian_link).into(),
        Actor::ClientLink(_) => tr!(actor_client_link).into(),
        Actor::System(SystemJob::Retention) => tr!(actor_system_retention).into(),
        Actor::System(SystemJob::Backup) => tr!(actor_system_backup).into(),
        Actor::System(SystemJob::Command) => tr!(actor_system_command).into(),
        Actor::Anonymous => tr!(actor_unknown).into(),
    }
}

/// An entry's detail as the owner reads it, whether it was stored as codes or, before those, as
/// short text.
#[cfg(feature = "ssr")]
pub fn stored_audit_detail(action: &str, detail: &crate::db::audit::StoredDetail) -> Option<String> {
    use crate::db::audit::StoredDetail;
    match detail {
        StoredDetail::None => None,
        StoredDetail::Typed(typed) => Some(typed_audit_detail(typed)),
        StoredDetail::Text(text) => Some(audit_detail(action, text)),
    }
}

/// A typed detail in words.
pub fn typed_audit_detail(detail: &crate::domain::audit::AuditDetail) -> String {
    use crate::domain::audit::{AuditDetail, NameList, PhotoSize, TypeChange};
    use crate::domain::treatment::PhotoMoment;
    match detail {
        AuditDetail::Fields { fields } => {
            joined(fields.iter().map(|field| field_label(field).to_lowercase()).collect())
        }
        AuditDetail::Results { count } => counted((*count).into(), tr!(unit_result_one), tr!(unit_result_many)),
        AuditDetail::NamesShown { count } => counted((*count).into(), tr!(unit_name_one), tr!(unit_name_many)),
        AuditDetail::ClientListPage { order, page, pages, shown } => list_page(*order, *page, *pages, (*shown).into()),
        AuditDetail::Listed { list: NameList::Recent, .. } => tr!(browse_recent).to_lowercase(),
        AuditDetail::Listed { list: NameList::All, .. } => tr!(browse_all).to_lowercase(),
        AuditDetail::Listed { list: NameList::Search, .. } => tr!(detail_search_results).into(),
        AuditDetail::Listed { list: NameList::Retention, .. } => tr!(detail_retention_list).into(),
        AuditDetail::Erasure { reason, tax_record_kept } => {
            let reason = destruction_label(*reason);
            if *tax_record_kept {
                format!("{reason}; {}", tr!(detail_tax_record_kept))
            } else {
                reason.into()
            }
        }
        AuditDetail::Hold { reason } => hold_reason_label(*reason).to_lowercase(),
        AuditDetail::RetentionPolicy { years, automatic } => {
            let automatic =
                if *automatic { tr!(detail_automatic_destruction_on) } else { tr!(detail_automatic_destruction_off) };
            format!("{}; {automatic}", tr!(detail_years, years = *years))
        }
        AuditDetail::KeepLonger { reason, review_on } => {
            tr!(detail_keep_longer, reason = keep_longer_reason_label(*reason), date = date(*review_on))
        }
        AuditDetail::RetentionRun { due, tax_records_destroyed } => {
            tr!(detail_retention_run, due = *due, destroyed = *tax_records_destroyed)
        }
        AuditDetail::Purposes { purposes } => {
            joined(purposes.iter().map(|purpose| consent_purpose_title(*purpose).to_owned()).collect())
        }
        AuditDetail::PhotoMoment { moment: PhotoMoment::Before } => tr!(detail_photo_before).into(),
        AuditDetail::PhotoMoment { moment: PhotoMoment::After } => tr!(detail_photo_after).into(),
        AuditDetail::PhotoSize { size: PhotoSize::Full } => tr!(detail_photo_full).into(),
        AuditDetail::PhotoSize { size: PhotoSize::Thumbnail } => tr!(detail_thumbnail).into(),
        AuditDetail::Photos { count } => counted((*count).into(), tr!(unit_photo_one), tr!(unit_photo_many)),
        AuditDetail::HealthDataShown => tr!(detail_with_health).into(),
        AuditDetail::Evidence { intact: true } => tr!(detail_intact).into(),
        AuditDetail::Evidence { intact: false } => tr!(detail_altered).into(),
        AuditDetail::TypeAdded { records_health_data: true } => tr!(detail_with_health).into(),
        AuditDetail::TypeAdded { records_health_data: false } => tr!(detail_without_health).into(),
        AuditDetail::TypeChanged { change } => match change {
            TypeChange::Renamed => tr!(detail_renamed),
            TypeChange::NowRecordsHealth => tr!(detail_now_records_health),
            TypeChange::NoLongerRecordsHealth => tr!(detail_no_longer_records_health),
            TypeChange::RenamedNowRecordsHealth => tr!(detail_renamed_now_records_health),
            TypeChange::RenamedNoLongerRecordsHealth => tr!(detail_renamed_no_longer_records_health),
            TypeChange::Retired => tr!(detail_retired),
            TypeChange::InUseAgain => tr!(detail_in_use_again),
        }
        .into(),
        AuditDetail::LockMinutes { minutes } => tr!(detail_lock_minutes, minutes = *minutes),
        AuditDetail::Language { language } => language_name(*language).into(),
        AuditDetail::Colleague { role, .. } => role_label(*role).to_lowercase(),
        AuditDetail::RoleChange { from, to, .. } => {
            format!("{} → {}", role_label(*from).to_lowercase(), role_label(*to).to_lowercase())
        }
        AuditDetail::CheckDone { done, .. } => {
            done.iter().map(|item| check_item_label(*item).to_lowercase()).collect::<Vec<_>>().join(", ")
        }
    }
}

fn leading_count(detail: &str) -> Option<u64> {
    detail.split_whitespace().next()?.parse().ok()
}

/// "1 foto", "3 foto's".
pub fn counted(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "a", "a en b", "a, b en c" (or "and").
fn joined(mut items: Vec<String>) -> String {
    match items.len() {
        0 => String::new(),
        1 => items.remove(0),
        _ => {
            let last = items.pop().unwrap_or_default();
            format!("{}{}{last}", items.join(", "), tr!(list_and))
        }
    }
}

pub fn pregnancy(answer: crate::domain::treatment::Pregnancy) -> &'static str {
    use crate::domain::treatment::Pregnancy;
    match answer {
        Pregnancy::No => tr!(pregnancy_no),
        Pregnancy::Yes => tr!(pregnancy_yes),
        Pregnancy::Unknown => tr!(pregnancy_unknown),
        Pregnancy::NotApplicable => tr!(pregnancy_not_applicable),
    }
}

/// The sentence for one refused field.
pub fn field_error(error: FieldError) -> String {
    match error {
        FieldError::Required => tr!(error_required).into(),
        FieldError::TooLong { max } => tr!(error_too_long, max),
        FieldError::TooShort { min } => tr!(error_too_short, min),
        FieldError::WordTooLong { max } => tr!(error_word_too_long, max),
        FieldError::LooksLikeBsn => tr!(error_looks_like_bsn).into(),
        FieldError::InvalidCharacters => tr!(error_invalid_characters).into(),
        FieldError::InvalidEmail => tr!(error_invalid_email).into(),
        FieldError::InvalidMobile => tr!(error_invalid_mobile).into(),
        FieldError::InvalidPostcode => tr!(error_invalid_postcode).into(),
        FieldError::InvalidHouseNumber => tr!(error_invalid_house_number).into(),
        FieldError::InvalidDate => tr!(error_invalid_date).into(),
        FieldError::DateDoesNotExist => tr!(error_date_does_not_exist).into(),
        FieldError::DateInFuture => tr!(error_date_in_future).into(),
        FieldError::DateTooLongAgo => tr!(error_date_too_long_ago).into(),
        FieldError::InvalidKvk => tr!(error_invalid_kvk).into(),
        FieldError::InvalidProfile => tr!(error_invalid_profile).into(),
        FieldError::PasswordTooShort { min } => tr!(error_password_too_short, min),
        FieldError::PasswordTooLong { max } => tr!(error_password_too_long, max),
        FieldError::PasswordsDiffer => tr!(error_passwords_differ).into(),
        FieldError::PasswordReused => tr!(error_password_reused).into(),
        FieldError::InvalidCode => tr!(error_invalid_code).into(),
        FieldError::WrongCode => tr!(app_error_wrong_code).into(),
        FieldError::WrongPassword => tr!(app_error_wrong_password).into(),
        FieldError::AddressIncomplete => tr!(error_address_incomplete).into(),
        FieldError::ContactRequired => tr!(contact_hint).into(),
        FieldError::SignatureEmpty => tr!(sign_empty).into(),
        FieldError::SignatureTooSmall => tr!(sign_too_small).into(),
        FieldError::SignatureInvalid => tr!(sign_invalid).into(),
        FieldError::NothingChosen => tr!(error_nothing_chosen).into(),
        FieldError::EmailTaken => tr!(error_email_taken).into(),
        FieldError::CheckIncomplete => tr!(error_check_incomplete).into(),
        FieldError::NameTaken => tr!(error_name_taken).into(),
        FieldError::InvalidChoice => tr!(error_invalid_choice).into(),
        FieldError::OutOfRange { min, max } => tr!(error_out_of_range, min, max),
        FieldError::BelowLegalMinimum { min } => tr!(error_below_legal_minimum, min),
        FieldError::DateOutside { from, until } => tr!(error_date_outside, from = date(from), until = date(until)),
        FieldError::InvalidPin => tr!(error_invalid_pin).into(),
        FieldError::PinsDiffer => tr!(error_pins_differ).into(),
        FieldError::PinTooSimple => tr!(error_pin_too_simple).into(),
        FieldError::ImageUnreadable => tr!(error_image_unreadable).into(),
        FieldError::ImageTooLarge { max_mb } => tr!(error_image_too_large, max_mb),
        FieldError::ImageTooManyPixels { max_megapixels } => tr!(error_image_too_many_pixels, max_megapixels),
        FieldError::ImageIncomplete => tr!(error_image_incomplete).into(),
        FieldError::UnreadableText => tr!(error_unreadable_text).into(),
        FieldError::WrongSetupCode => tr!(error_wrong_setup_code).into(),
        FieldError::InvalidLanguage => tr!(error_invalid_language).into(),
    }
}

/// After the health-data consent ended: the answers are hidden, not gone from memory.
pub fn health_consent_ended(ended_on: &str, declined: bool) -> String {
    let how = if declined { tr!(health_ended_declined) } else { tr!(health_ended_withdrawn) };
    tr!(health_consent_ended, ended_on, how)
}

/// Why something could not be recorded without the client's consent.
pub fn consent_required(purpose: crate::domain::consent::ConsentPurpose) -> &'static str {
    use crate::domain::consent::ConsentPurpose;
    match purpose {
        ConsentPurpose::HealthData => tr!(consent_required_health),
        ConsentPurpose::PhotosDossier => tr!(consent_required_photos),
        _ => tr!(consent_required_other),
    }
}

/// The sentence for a failed request.
pub fn app_error(error: &AppError) -> String {
    match error {
        AppError::Unauthorized => tr!(app_error_unauthorized).into(),
        AppError::Forbidden => tr!(app_error_forbidden).into(),
        AppError::NotFound => tr!(app_error_not_found).into(),
        AppError::Invalid(_) => tr!(form_has_errors).into(),
        AppError::LoginFailed => tr!(app_error_login_failed).into(),
        AppError::WrongPassword => tr!(app_error_wrong_password).into(),
        AppError::WrongSecret => tr!(app_error_wrong_secret).into(),
        AppError::WrongCode => tr!(app_error_wrong_code).into(),
        AppError::SignInExpired => tr!(app_error_sign_in_expired).into(),
        AppError::TooManyAttempts { retry_after_secs } => {
            tr!(app_error_too_many_attempts, wait = wait_time(*retry_after_secs))
        }
        AppError::Conflict => tr!(app_error_conflict).into(),
        AppError::NothingChanged => tr!(edit_nothing_changed).into(),
        AppError::KioskLocked => tr!(app_error_kiosk_locked).into(),
        AppError::ConsentRequired(purpose) => consent_required(*purpose).into(),
        AppError::ScreenLocked => tr!(app_error_screen_locked).into(),
        AppError::AlreadySetUp => tr!(app_error_already_set_up).into(),
        AppError::InvitationInvalid => tr!(app_error_invitation_invalid).into(),
        AppError::LastOwner => tr!(app_error_last_owner).into(),
        AppError::UnderLegalHold => tr!(app_error_under_legal_hold).into(),
        AppError::NotYetDue => tr!(app_error_not_yet_due).into(),
        AppError::AlreadyDestroyed => tr!(app_error_already_destroyed).into(),
        AppError::Internal => tr!(app_error_internal).into(),
        AppError::BadRequest => tr!(app_error_bad_request).into(),
        AppError::ServerFn(_) => tr!(app_error_server_fn).into(),
    }
}

fn wait_time(seconds: u64) -> String {
    if seconds == 1 {
        tr!(wait_one_second).into()
    } else if seconds < 60 {
        tr!(wait_seconds, count = seconds)
    } else {
        match seconds.div_ceil(60) {
            1 => tr!(wait_one_minute).into(),
            count => tr!(wait_minutes, count),
        }
    }
}

/// A purpose's name in the interface (the signed text has its own title, in its own language).
pub fn consent_purpose_title(purpose: crate::domain::consent::ConsentPurpose) -> &'static str {
    use crate::domain::consent::ConsentPurpose;
    match purpose {
        ConsentPurpose::Treatment => tr!(purpose_treatment),
        ConsentPurpose::HealthData => tr!(purpose_health_data),
        ConsentPurpose::PhotosDossier => tr!(purpose_photos_dossier),
        ConsentPurpose::PhotosPublication => tr!(purpose_photos_publication),
        ConsentPurpose::MarketingEmail => tr!(purpose_marketing_email),
        ConsentPurpose::MarketingSms => tr!(purpose_marketing_sms),
        ConsentPurpose::MarketingWhatsapp => tr!(purpose_marketing_whatsapp),
        ConsentPurpose::ReferrerSharing => tr!(purpose_referrer_sharing),
    }
}

/// A stored purpose code's name; a code this version does not know reads as "consent".
pub fn consent_purpose(code: &str) -> &'static str {
    crate::domain::consent::ConsentPurpose::from_code(code).map_or(tr!(purpose_other), consent_purpose_title)
}

/// What withdrawing a consent will do, said before it is done.
pub fn withdraw_consequence(purpose: &str) -> String {
    let extra = match purpose {
        "photos_dossier" => tr!(withdraw_extra_photos),
        "health_data" => tr!(withdraw_extra_health),
        _ => "",
    };
    tr!(withdraw_consequence, extra)
}

pub fn characters_used(used: usize, max: usize) -> String {
    tr!(characters_used, used, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_reads_naturally() {
        assert_eq!(wait_time(1), "1 seconde");
        assert_eq!(wait_time(60), "1 minuut");
        assert_eq!(wait_time(61), "2 minuten");
    }

    #[test]
    fn every_stored_action_code_reads_as_its_label_and_an_unknown_one_still_reads() {
        for action in crate::domain::audit::AuditAction::ALL {
            assert_eq!(audit_action(action.code()), audit_action_label(action));
        }
        assert_eq!(audit_action("backup.run"), "Andere handeling");
    }

    #[test]
    fn audit_details_read_as_dutch() {
        assert_eq!(audit_detail("client.update", "velden: email, mobile"), "e-mailadres en mobiel nummer");
        assert_eq!(audit_detail("treatment.update", "velden: notes"), "notities");
        assert_eq!(audit_detail("photo.add", "before"), "vóór de behandeling");
        assert_eq!(audit_detail("photo.flag", "1 foto's"), "1 foto");
        assert_eq!(audit_detail("photo.flag", "3 foto's"), "3 foto's");
        assert_eq!(audit_detail("client.search", "1 resultaten"), "1 resultaat");
        assert_eq!(audit_detail("consent.withdraw", "marketing_email"), "Nieuwsbrief en aanbiedingen per e-mail");
        assert_eq!(
            audit_detail("client.list", "order=newest;page=2;pages=3;shown=25"),
            "nieuwste eerst, pagina 2 van 3, 25 namen"
        );
        assert_eq!(audit_detail("client.recent", "shown=1"), "1 naam");
        assert_eq!(audit_detail("client.listed", "all"), "alle cliënten");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        use crate::api::types::LocalTime;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let moment = LocalTime { at: day.and_hms_opt(14, 5, 0).unwrap(), zone: "CET".into() };
        assert_eq!(date(day), "02-12-2026");
        assert_eq!(date_time(&moment), "02-12-2026 14:05 CET");
        assert_eq!(date_in(Locale::en, day), "2 Dec 2026");
        assert_eq!(date_time_in(Locale::en, &moment), "2 Dec 2026, 14:05 CET");
    }

    #[test]
    fn the_same_codes_read_in_english() {
        use crate::domain::audit::{AuditAction, AuditDetail};
        assert_eq!(tr_in!(Locale::en, action_consent_signed), "Consent signed");
        assert_eq!(tr_in!(Locale::en, page_of, page = 2, pages = 3), "Page 2 of 3");
        for_reader(Locale::en, || {
            assert_eq!(audit_action_label(AuditAction::ClientViewed), "Dossier viewed");
            let fields = AuditDetail::Fields { fields: vec!["email".into(), "mobile".into()] };
            assert_eq!(typed_audit_detail(&fields), "e-mail address and mobile number");
            assert_eq!(wait_time(61), "2 minutes");
            assert_eq!(client_count(3), "3 clients");
        });
        assert_eq!(client_count(3), "3 cliënten", "the reader's language ends with the rendering");
    }
}
