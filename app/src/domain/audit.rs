//! The audit log as data: who or what acted, what they did, and details as codes and numbers.
//! Nothing here is a sentence: the log is rendered in the reader's language when it is read,
//! and what is hash-chained never has to change when a label does.

use crate::domain::client_list::ClientOrder;
use crate::domain::consent::ConsentPurpose;
use crate::domain::treatment::PhotoMoment;
use serde::{Deserialize, Serialize};

/// What happened. The code is stored; the label comes from `text::audit_action`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    PracticeSetUp,
    Login,
    LoginFailed,
    Logout,
    ClientCreated,
    ClientViewed,
    ClientEditOpened,
    ClientUpdated,
    ClientSearched,
    RecentClientsShown,
    ClientListShown,
    NameListed,
    AuditViewed,
    HandoverStarted,
    KioskViewed,
    ConsentSigned,
    ConsentDeclined,
    HandoverFinished,
    HandoverEnded,
    ConsentWithdrawn,
    ConsentVerified,
    ConsentCopied,
    TemplateChanged,
    TreatmentTypeAdded,
    TreatmentTypeChanged,
    AvgCheckDone,
    TreatmentAdded,
    TreatmentEditOpened,
    TreatmentUpdated,
    HealthRecorded,
    HealthRefused,
    PhotoAdded,
    PhotoRefused,
    PhotoViewed,
    PhotosFlagged,
    PhotoDeleted,
    ScreenLocked,
    ScreenUnlocked,
    UnlockFailed,
    SettingsChanged,
    PinSet,
    /// A staff member chose the interface language, or a client the language of the texts at the tablet.
    LanguageChosen,
    ColleagueInvited,
    InvitationAccepted,
    InvitationRefused,
    RoleChanged,
    ColleagueDisabled,
    PasswordReset,
    ColleagueCheckDone,
    TeamViewed,
    SecondStepSetUp,
    SecondStepFailed,
    RecoveryCodeUsed,
    RecoveryCodesRenewed,
    PasswordChanged,
    SessionEnded,
    SecondStepReset,
    ClientErased,
    LegalHoldPlaced,
    LegalHoldLifted,
    RetentionReviewed,
    RetentionRun,
    ErasureReapplied,
    RetentionPolicySet,
    KeepLongerDecided,
    ConsentProofDestroyed,
}

impl AuditAction {
    pub const ALL: [AuditAction; 66] = [
        Self::PracticeSetUp,
        Self::Login,
        Self::LoginFailed,
        Self::Logout,
        Self::ClientCreated,
        Self::ClientViewed,
        Self::ClientEditOpened,
        Self::ClientUpdated,
        Self::ClientSearched,
        Self::RecentClientsShown,
        Self::ClientListShown,
        Self::NameListed,
        Self::AuditViewed,
        Self::HandoverStarted,
        Self::KioskViewed,
        Self::ConsentSigned,
        Self::ConsentDeclined,
        Self::HandoverFinished,
        Self::HandoverEnded,
        Self::ConsentWithdrawn,
        Self::ConsentVerified,
        Self::ConsentCopied,
        Self::TemplateChanged,
        Self::TreatmentTypeAdded,
        Self::TreatmentTypeChanged,
        Self::AvgCheckDone,
        Self::TreatmentAdded,
        Self::TreatmentEditOpened,
        Self::TreatmentUpdated,
        Self::HealthRecorded,
        Self::HealthRefused,
        Self::PhotoAdded,
        Self::PhotoRefused,
        Self::PhotoViewed,
        Self::PhotosFlagged,
        Self::PhotoDeleted,
        Self::ScreenLocked,
        Self::ScreenUnlocked,
        Self::UnlockFailed,
        Self::SettingsChanged,
        Self::PinSet,
        Self::LanguageChosen,
        Self::ColleagueInvited,
        Self::InvitationAccepted,
        Self::InvitationRefused,
        Self::RoleChanged,
        Self::ColleagueDisabled,
        Self::PasswordReset,
        Self::ColleagueCheckDone,
        Self::TeamViewed,
        Self::SecondStepSetUp,
        Self::SecondStepFailed,
        Self::RecoveryCodeUsed,
        Self::RecoveryCodesRenewed,
        Self::PasswordChanged,
        Self::SessionEnded,
        Self::SecondStepReset,
        Self::ClientErased,
        Self::LegalHoldPlaced,
        Self::LegalHoldLifted,
        Self::RetentionReviewed,
        Self::RetentionRun,
        Self::ErasureReapplied,
        Self::RetentionPolicySet,
        Self::KeepLongerDecided,
        Self::ConsentProofDestroyed,
    ];

    /// The stored code; these never change, since rows written years ago carry them.
    pub fn code(self) -> &'static str {
        match self {
            Self::PracticeSetUp => "practice.setup",
            Self::Login => "auth.login",
            Self::LoginFailed => "auth.login_failed",
            Self::Logout => "auth.logout",
            Self::ClientCreated => "client.create",
            Self::ClientViewed => "client.view",
            Self::ClientEditOpened => "client.edit_view",
            Self::ClientUpdated => "client.update",
            Self::ClientSearched => "client.search",
            Self::RecentClientsShown => "client.recent",
            Self::ClientListShown => "client.list",
            Self::NameListed => "client.listed",
            Self::AuditViewed => "audit.view",
            Self::HandoverStarted => "consent.handover_start",
            Self::KioskViewed => "consent.kiosk_view",
            Self::ConsentSigned => "consent.sign",
            Self::ConsentDeclined => "consent.decline",
            Self::HandoverFinished => "consent.handover_finish",
            Self::HandoverEnded => "consent.handover_end",
            Self::ConsentWithdrawn => "consent.withdraw",
            Self::ConsentVerified => "consent.verify",
            Self::ConsentCopied => "consent.pdf",
            Self::TemplateChanged => "consent.template",
            Self::TreatmentTypeAdded => "treatment.type_add",
            Self::TreatmentTypeChanged => "treatment.type_change",
            Self::AvgCheckDone => "treatment.avg_check",
            Self::TreatmentAdded => "treatment.add",
            Self::TreatmentEditOpened => "treatment.edit_view",
            Self::TreatmentUpdated => "treatment.update",
            Self::HealthRecorded => "health.record",
            Self::HealthRefused => "health.refused",
            Self::PhotoAdded => "photo.add",
            Self::PhotoRefused => "photo.refused",
            Self::PhotoViewed => "photo.view",
            Self::PhotosFlagged => "photo.flag",
            Self::PhotoDeleted => "photo.delete",
            Self::ScreenLocked => "screen.lock",
            Self::ScreenUnlocked => "screen.unlock",
            Self::UnlockFailed => "screen.unlock_failed",
            Self::SettingsChanged => "settings.change",
            Self::PinSet => "settings.pin",
            Self::LanguageChosen => "language.choose",
            Self::ColleagueInvited => "team.invite",
            Self::InvitationAccepted => "team.accept",
            Self::InvitationRefused => "team.accept_refused",
            Self::RoleChanged => "team.role",
            Self::ColleagueDisabled => "team.disable",
            Self::PasswordReset => "team.reset",
            Self::ColleagueCheckDone => "team.avg_check",
            Self::TeamViewed => "team.view",
            Self::SecondStepSetUp => "auth.second_step_setup",
            Self::SecondStepFailed => "auth.code_failed",
            Self::RecoveryCodeUsed => "auth.recovery_code",
            Self::RecoveryCodesRenewed => "auth.recovery_renew",
            Self::PasswordChanged => "auth.password_change",
            Self::SessionEnded => "auth.session_end",
            Self::SecondStepReset => "auth.second_step_reset",
            Self::ClientErased => "retention.client_erased",
            Self::LegalHoldPlaced => "retention.hold_placed",
            Self::LegalHoldLifted => "retention.hold_lifted",
            Self::RetentionReviewed => "retention.reviewed",
            Self::RetentionRun => "retention.run",
            Self::ErasureReapplied => "retention.reapplied",
            Self::RetentionPolicySet => "retention.policy_set",
            Self::KeepLongerDecided => "retention.keep_longer",
            Self::ConsentProofDestroyed => "retention.consent_proof_destroyed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.code() == code)
    }
}

/// A job the practice's own server runs without anyone asking: it acts on dossiers too, and
/// its work is logged under its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SystemJob {
    /// The nightly run that ends what was kept long enough.
    Retention,
    /// A backup or a restore of the practice's data.
    Backup,
    /// A command someone ran on the server machine itself (such as resetting a second step).
    Command,
}

impl SystemJob {
    pub const ALL: [SystemJob; 3] = [Self::Retention, Self::Backup, Self::Command];

    pub fn code(self) -> &'static str {
        match self {
            Self::Retention => "retention",
            Self::Backup => "backup",
            Self::Command => "command",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|job| job.code() == code)
    }
}

/// Who or what acted. Staff sign in; a parent or a client acts through a link the practice sent
/// (known by the link's id, never by a name in the log); the system runs scheduled jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// A staff member, with the role they acted in (none on rows from before roles were logged).
    Staff {
        id: i64,
        role: Option<crate::domain::user::Role>,
    },
    GuardianLink(String),
    ClientLink(String),
    System(SystemJob),
    /// Nobody known: a failed sign-in.
    Anonymous,
}

/// The kind of actor, as stored in `audit_event.actor_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    Staff,
    GuardianLink,
    ClientLink,
    System,
    Anonymous,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [Self::Staff, Self::GuardianLink, Self::ClientLink, Self::System, Self::Anonymous];

    pub fn code(self) -> &'static str {
        match self {
            Self::Staff => "staff",
            Self::GuardianLink => "guardian_link",
            Self::ClientLink => "client_link",
            Self::System => "system",
            Self::Anonymous => "anonymous",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

impl Actor {
    pub fn kind(&self) -> ActorKind {
        match self {
            Self::Staff { .. } => ActorKind::Staff,
            Self::GuardianLink(_) => ActorKind::GuardianLink,
            Self::ClientLink(_) => ActorKind::ClientLink,
            Self::System(_) => ActorKind::System,
            Self::Anonymous => ActorKind::Anonymous,
        }
    }

    /// A staff member acting in their role now.
    pub fn staff(user: &crate::domain::user::CurrentUser) -> Self {
        Self::Staff { id: user.id, role: Some(user.role) }
    }

    /// Which one of its kind: for staff the role they acted in (the id has its own column), the
    /// link id or the job's code.
    pub fn reference(&self) -> Option<String> {
        match self {
            Self::Staff { role: Some(role), .. } => Some(role.code().to_owned()),
            Self::Staff { id, role: None } => Some(id.to_string()),
            Self::GuardianLink(link) | Self::ClientLink(link) => Some(link.clone()),
            Self::System(job) => Some(job.code().to_owned()),
            Self::Anonymous => None,
        }
    }

    pub fn staff_id(&self) -> Option<i64> {
        match self {
            Self::Staff { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The actor of a stored row. Rows from before actors were stored name only a staff id;
    /// rows from before roles were logged hold the staff id as their reference.
    pub fn from_stored(kind: Option<&str>, reference: Option<&str>, user_id: Option<i64>) -> Self {
        let role = reference.and_then(crate::domain::user::Role::from_code);
        let reference = reference.map(str::to_owned);
        match (kind.and_then(ActorKind::from_code), user_id) {
            (Some(ActorKind::Staff) | None, Some(id)) => Self::Staff { id, role },
            (Some(ActorKind::Staff), None) => reference
                .and_then(|r| r.parse().ok())
                .map(|id| Self::Staff { id, role: None })
                .unwrap_or(Self::Anonymous),
            (Some(ActorKind::GuardianLink), _) => reference.map(Self::GuardianLink).unwrap_or(Self::Anonymous),
            (Some(ActorKind::ClientLink), _) => reference.map(Self::ClientLink).unwrap_or(Self::Anonymous),
            (Some(ActorKind::System), _) => {
                reference.as_deref().and_then(SystemJob::from_code).map(Self::System).unwrap_or(Self::Anonymous)
            }
            (Some(ActorKind::Anonymous) | None, _) => Self::Anonymous,
        }
    }
}

/// Which list a name was shown on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameList {
    Recent,
    All,
    /// Among the results of a search.
    Search,
    /// On the owner's list of dossiers whose term has ended.
    Retention,
}

/// Which rendering of a photo was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoSize {
    Full,
    Thumbnail,
}

/// What changed about a treatment type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeChange {
    Renamed,
    NowRecordsHealth,
    NoLongerRecordsHealth,
    RenamedNowRecordsHealth,
    RenamedNoLongerRecordsHealth,
    Retired,
    InUseAgain,
}

/// What an entry adds to its action: codes and numbers only, never a name, a value typed about a
/// client, or a sentence. Stored as JSON; rendered when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditDetail {
    /// The fields a correction changed, by their codes (not their values).
    Fields {
        fields: Vec<String>,
    },
    /// How many clients a search found.
    Results {
        count: u32,
    },
    /// How many names a list showed.
    NamesShown {
        count: u32,
    },
    /// One page of the whole client list.
    ClientListPage {
        order: ClientOrder,
        page: u32,
        pages: u32,
        shown: u32,
    },
    /// On which list clients' names were shown, and whose: one entry for the whole list. Entries
    /// written before release 0011 name one client each, in the entry's own client column.
    Listed {
        list: NameList,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        clients: Vec<String>,
    },
    /// The consents an event was about.
    Purposes {
        purposes: Vec<ConsentPurpose>,
    },
    PhotoMoment {
        moment: PhotoMoment,
    },
    PhotoSize {
        size: PhotoSize,
    },
    /// How many photos were flagged for deletion.
    Photos {
        count: u32,
    },
    /// Special-category data was part of what was read (NEN 7513: sensitivity of what was read).
    HealthDataShown,
    /// Whether the evidence hash still matched.
    Evidence {
        intact: bool,
    },
    /// A new treatment type, and whether it records health data.
    TypeAdded {
        records_health_data: bool,
    },
    TypeChanged {
        change: TypeChange,
    },
    /// The idle minutes before every device locks.
    LockMinutes {
        minutes: u32,
    },
    /// The language chosen.
    Language {
        language: crate::domain::language::Language,
    },
    /// The colleague an entry is about, by account id, and their role after it.
    Colleague {
        colleague: i64,
        role: crate::domain::user::Role,
    },
    /// A colleague's role changed.
    RoleChange {
        colleague: i64,
        from: crate::domain::user::Role,
        to: crate::domain::user::Role,
    },
    /// Why a dossier was destroyed, and whether a tax record was kept of it.
    Erasure {
        reason: crate::domain::retention::Destruction,
        tax_record_kept: bool,
    },
    /// Why a dossier must be kept for now.
    Hold {
        reason: crate::domain::retention::HoldReason,
    },
    /// The practice's retention term and whether the daily run destroys by itself.
    RetentionPolicy {
        years: u16,
        automatic: bool,
    },
    /// Why a dossier is kept longer, and until which review day.
    KeepLonger {
        reason: crate::domain::retention::KeepLongerReason,
        review_on: chrono::NaiveDate,
    },
    /// What the daily retention run found and did.
    RetentionRun {
        due: u32,
        tax_records_destroyed: u32,
    },
    /// What the owner recorded as done in a new colleague's AVG check.
    CheckDone {
        colleague: i64,
        done: Vec<crate::domain::team::ColleagueCheckItem>,
    },
}

impl AuditDetail {
    pub fn purpose(purpose: ConsentPurpose) -> Self {
        Self::Purposes { purposes: vec![purpose] }
    }

    /// As stored in the `detail` column.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_stored(stored: &str) -> Option<Self> {
        serde_json::from_str(stored).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_code_reads_back_as_its_action_and_no_two_share_one() {
        let mut codes = std::collections::HashSet::new();
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.code()), Some(action));
            assert!(codes.insert(action.code()), "{} twice", action.code());
        }
    }

    #[test]
    fn an_actor_survives_being_stored() {
        for actor in [
            Actor::Staff { id: 7, role: Some(crate::domain::user::Role::Reception) },
            Actor::GuardianLink("l1".into()),
            Actor::ClientLink("l2".into()),
            Actor::System(SystemJob::Retention),
            Actor::Anonymous,
        ] {
            let stored = Actor::from_stored(Some(actor.kind().code()), actor.reference().as_deref(), actor.staff_id());
            assert_eq!(stored, actor);
        }
    }

    #[test]
    fn rows_from_before_actors_read_as_staff_or_nobody() {
        assert_eq!(Actor::from_stored(None, None, Some(3)), Actor::Staff { id: 3, role: None });
        assert_eq!(Actor::from_stored(None, None, None), Actor::Anonymous);
    }

    #[test]
    fn details_are_stored_as_codes() {
        let detail = AuditDetail::Purposes { purposes: vec![ConsentPurpose::HealthData] };
        let stored = detail.to_stored();
        assert_eq!(stored, r#"{"kind":"purposes","purposes":["HealthData"]}"#);
        assert_eq!(AuditDetail::from_stored(&stored), Some(detail));
        assert_eq!(AuditDetail::from_stored("met gezondheidsgegevens"), None);
    }
}
