//! What the integrity check of the append-only records can find: codes and counts, never
//! which client, so a finding can be shown to the owner and written to the log.

use serde::{Deserialize, Serialize};

/// The append-only records whose every row is sealed when written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SealedRecords {
    ConsentEvent,
    ConsentSignature,
    ClientRevision,
    TreatmentRevision,
    HealthAnswers,
}

impl SealedRecords {
    pub const ALL: [SealedRecords; 5] = [
        SealedRecords::ConsentEvent,
        SealedRecords::ConsentSignature,
        SealedRecords::ClientRevision,
        SealedRecords::TreatmentRevision,
        SealedRecords::HealthAnswers,
    ];
}

/// One thing found wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finding {
    /// The audit log's links do not follow on from each other: a row was altered, removed or
    /// inserted in the middle.
    AuditChainBroken,
    /// The audit log does not end at its stored head: rows were cut off the end.
    AuditTailMissing,
    /// The chain of seals itself was altered or cut short.
    RecordChainBroken,
    /// Sealed rows that are no longer there.
    RecordsMissing { records: SealedRecords, count: u32 },
    /// Rows whose content no longer matches their seal.
    RecordsAltered { records: SealedRecords, count: u32 },
    /// Rows that were never sealed: written behind the app's back.
    RecordsUnsealed { records: SealedRecords, count: u32 },
}
