//! What server functions send to the browser: values and codes, never sentences. Times arrive as
//! the practice's local date and time (Europe/Amsterdam, with CET/CEST); the interface writes
//! them out in the reader's language (`text::date_time`).

use crate::domain::client::{ClientDetails, FieldChange};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A search hit: enough to tell two clients apart, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub id: String,
    pub first_name: String,
    pub surname: String,
    #[serde(deserialize_with = "crate::domain::field::calendar_date_from_wire")]
    pub date_of_birth: NaiveDate,
}

/// One page of the list of all clients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub clients: Vec<ClientSummary>,
    pub page: u32,
    pub pages: u32,
    pub total: u32,
}

/// The dossier page: current details and the correction history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub id: String,
    pub details: ClientDetails,
    pub version: i64,
    pub age: u32,
    pub created_at: LocalTime,
    pub history: Vec<HistoryEntry>,
    pub consents: Vec<ConsentState>,
    /// Treatments, health answers and photos; none for a reader whose role may not see them.
    pub care: Option<Care>,
    /// Until when it is kept, and whether a legal hold stops its destruction.
    pub retention: Retention,
}

/// How long a dossier is kept: "Bewaard tot 14-03-2028: twee jaar na de laatste behandeling".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    pub kept_until: crate::domain::retention::KeptUntil,
    pub hold: Option<HoldView>,
    /// The owner's note with the decision that keeps it longer (`kept_until.kept_longer`).
    pub keep_longer_note: Option<String>,
}

/// A legal hold in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldView {
    pub reason: crate::domain::retention::HoldReason,
    pub note: String,
    pub placed_on: NaiveDate,
}

/// A dossier whose term has ended, on the owner's list "te vernietigen".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DueDossier {
    pub client_id: String,
    pub first_name: String,
    pub surname: String,
    pub kept_until: crate::domain::retention::KeptUntil,
    /// A legal hold stops it: shown, not offered for destruction.
    pub held: bool,
}

/// A tax record kept apart from a destroyed dossier: "Z. de Vries" and the treatments given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRecordView {
    pub name: String,
    pub kept_until: NaiveDate,
    /// Each treatment's day and kind.
    pub lines: Vec<(NaiveDate, String)>,
}

/// One line of the destruction ledger: no name, no content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionView {
    /// The pseudonym the audit log still names.
    pub client_id: String,
    pub destroyed_on: NaiveDate,
    pub reason: crate::domain::retention::Destruction,
    pub approved_by: Option<String>,
    /// The daily run destroyed it by itself, as the owner had decided for the practice.
    pub automatic: bool,
    pub tax_record_kept: bool,
}

/// The owner's retention page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionReview {
    pub policy: crate::domain::retention::RetentionPolicy,
    /// The term the law or the practice profile starts from, for "standaard" beside the field.
    pub default_years: u16,
    pub due: Vec<DueDossier>,
    pub tax_records: Vec<TaxRecordView>,
    pub destroyed: Vec<DestructionView>,
}

/// What an erasure did, and what it had to keep and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erased {
    /// The tax record kept of the treatments given, until this day (AWR 52); none without
    /// treatments.
    pub tax_record_until: Option<NaiveDate>,
    pub photos_removed: u32,
}

/// The care part of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Care {
    /// The day of the most recent treatment: the retention period counts from there.
    pub last_treatment_on: Option<NaiveDate>,
    pub treatments: Vec<TreatmentView>,
    pub health: HealthView,
    /// New photos may be taken: the photo consent is in force.
    pub photo_consent: bool,
}

/// One treatment on the dossier's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentView {
    pub id: String,
    pub performed_on: NaiveDate,
    pub type_name: String,
    pub products: Option<String>,
    pub skin_analysis: Option<String>,
    pub notes: Option<String>,
    pub created_by: String,
    /// Corrections, newest first.
    pub history: Vec<HistoryEntry>,
    pub photos: Vec<PhotoView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoView {
    pub id: String,
    pub moment: crate::domain::treatment::PhotoMoment,
    pub taken_at: LocalTime,
    /// The photo consent was withdrawn: this photo waits to be deleted.
    pub flagged_for_deletion: bool,
}

/// The health questionnaire on the dossier: shown only while its consent is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HealthView {
    NoConsent,
    Consented(Option<HealthRecordView>),
    /// Answers were recorded, but the consent ended on this date: they may no longer be used
    /// or shown, and the practitioner must not take their absence for "none".
    ConsentEnded {
        ended_on: NaiveDate,
        /// Said no at a later hand-over, rather than withdrawn.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        declined: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthRecordView {
    pub answers: crate::domain::treatment::HealthAnswers,
    pub recorded_by: String,
    pub at: LocalTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentTypeView {
    pub id: i64,
    pub name: String,
    pub records_health_data: bool,
    pub active: bool,
    pub used: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatmentTypesOverview {
    pub types: Vec<TreatmentTypeView>,
    pub reminders: Vec<ReminderView>,
}

/// "A type that records health data was used for the first time: do the AVG check."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderView {
    pub id: i64,
    pub type_name: String,
    pub raised_by: String,
    pub at: LocalTime,
}

/// The screen-lock settings as the settings page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub lock_minutes: u32,
    pub has_pin: bool,
    /// The language this staff member reads the app in.
    pub language: crate::domain::language::Language,
}

/// One correction: who, when, why and which fields changed from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub version: i64,
    pub changed_by: String,
    pub at: LocalTime,
    pub reason: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// The owner's view of who touched one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub client_name: String,
    pub entries: Vec<AuditLine>,
    /// Nothing was found: the log and the sealed records are as they were written.
    pub chain_intact: bool,
    /// What the integrity check of the audit log and the sealed records found; empty when
    /// everything is as it was written.
    pub findings: Vec<crate::domain::integrity::Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: LocalTime,
    pub who: String,
    pub action: String,
    pub detail: Option<String>,
    pub from: String,
}

/// The practice and the signed-in user, for the page header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub practice_name: String,
    pub user: crate::domain::user::CurrentUser,
    /// Idle minutes before this device locks its screen (the owner's setting).
    pub lock_minutes: u32,
    /// The screen is locked now: the page shows only the unlock form.
    pub screen_locked: bool,
}

/// A moment as the practice's clock read it: the local date and time, and the zone's
/// abbreviation ("CET", "CEST"), so an hour in the night the clocks change is not ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalTime {
    pub at: chrono::NaiveDateTime,
    pub zone: String,
}

/// A moment where the practice is.
#[cfg(feature = "ssr")]
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> LocalTime {
    let local = at.with_timezone(&chrono_tz::Europe::Amsterdam);
    LocalTime { at: local.naive_local(), zone: local.format("%Z").to_string() }
}

/// The date where the practice is.
#[cfg(feature = "ssr")]
pub fn local_date(at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}

/// Where a consent stands now, from its latest event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentStatus {
    Granted,
    Declined,
    Withdrawn,
}

impl ConsentStatus {
    /// The kind of the event that put the consent here, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// An event's kind as stored. A kind this version does not know reads as withdrawn: a
    /// consent is never taken to be in force by mistake.
    pub fn from_kind(kind: &str) -> Self {
        [Self::Granted, Self::Declined].into_iter().find(|status| status.code() == kind).unwrap_or(Self::Withdrawn)
    }
}

/// One purpose on the dossier page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentState {
    pub purpose: String,
    pub title: String,
    pub status: ConsentStatus,
    pub since: LocalTime,
    /// When it was signed, for a grant that was later withdrawn.
    pub signed_at: Option<LocalTime>,
    /// Why and how a withdrawal was asked for.
    pub reason: Option<String>,
    /// Who on the staff recorded it; none when the signer answered through a link.
    pub recorded_by: Option<String>,
    pub template_version: i64,
    /// The language of the text that was signed or refused.
    pub language: crate::domain::language::Language,
    /// The signature behind the grant (still shown after a withdrawal, as history).
    pub signature: Option<SignatureView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureView {
    pub id: String,
    /// "Zoë de Vries" or "Eva de Vries (moeder)".
    pub signer: String,
    /// The vector rendering as a `data:` URL for an `<img>`: no markup is injected into the page.
    pub image: String,
}

/// What the tablet shows during a hand-over. Once the client is done it holds nothing at all:
/// whoever picks the tablet up next cannot read the last client's name or answers.
///
/// Tagged the way serde tags by default (`"finished"`, `{"open": {..}}`): a tag inside the object
/// makes the browser buffer the answer in serde's generic form first, code only the tablet loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KioskView {
    /// The signer first chooses the language of the texts.
    ChooseLanguage,
    Open(KioskQuestions),
    Finished,
}

/// The client's name and only the consents asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskQuestions {
    pub client_name: String,
    pub guardian_required: bool,
    pub items: Vec<KioskItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskItem {
    pub template_id: i64,
    pub title: String,
    /// The exact text to show, character for character: its hash is checked when signing.
    pub text: String,
    pub answer: Option<ConsentStatus>,
}

/// A consent text as the owner edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub purpose: String,
    pub version: i64,
    pub title: String,
    pub body: String,
    pub text_sha256: String,
    /// Every version of this purpose's text, the newest first.
    pub versions: Vec<TemplateVersionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVersionView {
    pub version: i64,
    pub since: LocalTime,
    pub text_sha256: String,
    /// How many signatures were given on exactly this version.
    pub signed: i64,
}

/// The team page: everyone with an account, and the AVG checks still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamView {
    pub members: Vec<MemberView>,
    pub checks: Vec<ColleagueCheckView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: crate::domain::user::Role,
    pub status: MemberStatus,
    /// When this person last used the app, if a session of theirs is still known.
    pub last_seen: Option<LocalTime>,
    /// The one reading the page.
    pub is_you: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberStatus {
    Active,
    /// Has not set a password yet; the invitation works until then.
    Invited {
        until: LocalTime,
    },
    /// Has no password and no working invitation: the owner makes a new one.
    InvitationExpired,
    Disabled {
        since: LocalTime,
    },
}

/// A new colleague's AVG check, still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColleagueCheckView {
    pub colleague: i64,
    pub name: String,
    pub raised_at: LocalTime,
}

/// An invitation as the owner hands it over: shown once, never stored readable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub name: String,
    pub link: String,
    /// The link as a QR code, drawn by the server as SVG.
    pub qr_svg: String,
    pub until: LocalTime,
}

/// What the invitation page tells the one who opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    pub name: String,
    pub practice_name: String,
    pub role: crate::domain::user::Role,
    pub purpose: crate::domain::team::InvitationPurpose,
    pub until: LocalTime,
}

/// What a sign-in asks for after the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInStep {
    /// A code from the authenticator app, or a recovery code.
    EnterCode,
    /// The first time (or after a reset): set up the second step.
    SetUp,
}

/// The sign-in waiting in this browser for its second step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingSignIn {
    pub name: String,
    pub step: SignInStep,
}

/// A new second-step secret, shown once: as text to type into an app, and as a QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondStepSecret {
    /// Base32, in groups of four for typing.
    pub text: String,
    pub qr_svg: String,
}

/// Signed in; with a recovery code, how many are left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub recovery_codes_left: Option<i64>,
}

/// One of a person's own live sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnSession {
    /// What ends it: the hash of its token (the token itself never leaves the cookie).
    pub id: String,
    pub device: Option<crate::domain::second_step::Device>,
    pub started: LocalTime,
    pub last_seen: LocalTime,
    /// The session of the browser asking.
    pub this_device: bool,
}

/// A person's own security page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityOverview {
    pub sessions: Vec<OwnSession>,
    pub recovery_codes_left: i64,
}
