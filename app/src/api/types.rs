//! What server functions send to the browser. Times arrive already written out in the
//! practice's zone (Europe/Amsterdam, with CET/CEST), so server and browser render the same text.

use crate::domain::client::{ClientDetails, FieldChange};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A search hit: enough to tell two clients apart, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct ClientSummary {
    pub id: String,
    pub first_name: String,
    pub surname: String,
    pub date_of_birth: NaiveDate,
}

/// The dossier page: current details and the correction history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub id: String,
    pub details: ClientDetails,
    pub version: i64,
    pub age: u32,
    pub created_at: String,
    pub history: Vec<HistoryEntry>,
}

/// One correction: who, when, why and which fields changed from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub version: i64,
    pub changed_by: String,
    pub at: String,
    pub reason: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// The owner's view of who touched one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub client_name: String,
    pub entries: Vec<AuditLine>,
    pub chain_intact: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
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
}

/// A time as the practice reads it: "22-11-2026 14:05 CET".
#[cfg(feature = "ssr")]
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Amsterdam).format("%d-%m-%Y %H:%M %Z").to_string()
}

/// Today's date where the practice is.
#[cfg(feature = "ssr")]
pub fn practice_today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Amsterdam).date_naive()
}
