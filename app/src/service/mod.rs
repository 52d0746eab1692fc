//! Use cases, on the server only. Each takes a unit of work ([`Work`]) and nothing from the
//! request: a server function guards, parses, calls one and commits; a link's handler or a
//! scheduled job does the same with its own actor.

pub mod consent;
pub mod dossier;
pub mod retention;
pub mod sign_in;
pub mod signing;
pub mod team;
pub mod treatment;
pub mod work;

pub use work::{Entry, Origin, Work};

use crate::api::types::{local_time, HistoryEntry};
use crate::db::revision::Revision;
use crate::domain::client::FieldChange;

/// The corrections of one record, newest first: each version against the one before it.
pub(crate) fn history_entries<T, R: std::borrow::Borrow<Revision<T>>>(
    versions: &[R],
    changes: impl Fn(&T, &T) -> Vec<FieldChange>,
) -> Vec<HistoryEntry> {
    versions
        .windows(2)
        .rev()
        .map(|pair| {
            let (before, after) = (pair[0].borrow(), pair[1].borrow());
            HistoryEntry {
                version: after.version,
                changed_by: after.changed_by.clone(),
                at: local_time(after.created_at),
                reason: after.reason.clone(),
                changes: changes(&before.details, &after.details),
            }
        })
        .collect()
}
