//! Nothing kept longer than promised: which dossiers' terms have ended, legal holds, erasure
//! (when a term ends or on request), the tax record kept apart, the daily run, and the ledger
//! of destructions that a restored copy of the database is held to.

use super::work::{Entry, Work};
use crate::api::types::{
    local_date, DestructionView, DueDossier, Erased, HoldView, Retention, RetentionReview, TaxRecordView,
};
use crate::db::{self, retention::DossierDatesRow, Db};
use crate::domain::audit::{Actor, AuditAction, AuditDetail, NameList, SystemJob};
use crate::domain::consent::ConsentPurpose;
use crate::domain::field::FieldError;
use crate::domain::retention::{
    fiscal_kept_until, fiscal_name, marketing_proof_kept_until, Destruction, DossierDates, DossierRule, Ground,
    HoldReason, KeepLonger, KeepLongerReason, KeptUntil, RetentionPolicy,
};
use crate::domain::ValidationErrors;
use crate::error::AppError;
use crate::media::{photo_store::PhotoStore, seal::Sealer};
use crate::server_ctx::clock::Clock;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};

/// The practice's retention policy: its profile's rule, with the term and automatic
/// destruction as the owner last decided them.
pub async fn policy(conn: &mut sqlx::SqliteConnection) -> Result<RetentionPolicy, AppError> {
    let profile = db::practice::profile(&mut *conn).await?.ok_or(AppError::NotFound)?;
    let default = RetentionPolicy::default_for(profile);
    Ok(match db::retention::policy(conn).await? {
        Some((years, automatic)) => RetentionPolicy { rule: DossierRule { years, ..default.rule }, automatic },
        None => default,
    })
}

/// The owner sets the practice's term (within the law: `DossierRule::with_years`) and whether
/// the daily run destroys what is due without her approval of each dossier.
pub async fn set_policy(work: &mut Work, years: &str, automatic: bool) -> Result<RetentionPolicy, AppError> {
    let staff = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let now = work.now();
    let current = policy(work.conn()).await?;
    let rule = current.rule.with_years(years).map_err(|error| ValidationErrors::one("years", error))?;
    let decided = RetentionPolicy { rule, automatic };
    if decided == current {
        return Err(AppError::NothingChanged);
    }
    db::retention::record_policy(work.conn(), rule.years, automatic, staff, now).await?;
    work.audit(
        Entry::new(AuditAction::RetentionPolicySet)
            .detail(AuditDetail::RetentionPolicy { years: rule.years, automatic }),
    );
    Ok(decided)
}

/// A documented decision to keep a care dossier past its term until a review day (REQ-31).
pub async fn keep_longer(
    work: &mut Work,
    client_id: &str,
    reason: KeepLongerReason,
    review_on: NaiveDate,
    note: &str,
) -> Result<(), AppError> {
    let staff = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let now = work.now();
    let today = work.today();
    let conn = work.dossier(client_id);
    let rule = policy(&mut *conn).await?.rule;
    let row = db::retention::dossier_dates(&mut *conn, client_id).await?.ok_or(AppError::NotFound)?;
    // Only a care dossier has a legal term that good care can lengthen; a practice's own
    // term is changed for all its dossiers, and a dispute is a legal hold.
    if rule.ground != Ground::Wgbo {
        return Err(ValidationErrors::one("reason", FieldError::InvalidChoice).into());
    }
    let term = kept_until(rule, &row).term_ends;
    let review_on = KeepLonger::review_on_within(review_on, term, today)
        .map_err(|error| ValidationErrors::one("review_on", error))?;
    let decision =
        db::retention::NewKeepLonger { client_id, reason: reason.code(), note, review_on, decided_by: staff };
    db::retention::record_keep_longer(conn, &decision, now).await?;
    work.audit(
        Entry::new(AuditAction::KeepLongerDecided)
            .client(client_id)
            .detail(AuditDetail::KeepLonger { reason, review_on }),
    );
    Ok(())
}

fn day_of(stamp: &str) -> Option<NaiveDate> {
    DateTime::parse_from_rfc3339(stamp).ok().map(|at| local_date(at.with_timezone(&Utc)))
}

fn kept_until(rule: DossierRule, row: &DossierDatesRow) -> KeptUntil {
    let opened_on = day_of(&row.created_at).unwrap_or(NaiveDate::MIN);
    let dates = DossierDates {
        opened_on,
        last_treatment_on: row.last_treatment_on.as_deref().and_then(|day| day.parse().ok()),
        last_clinical_change_on: row.last_clinical_at.as_deref().and_then(day_of),
    };
    let decision = (|| {
        Some(KeepLonger {
            reason: KeepLongerReason::from_code(row.keep_longer_reason.as_deref()?)?,
            review_on: row.keep_longer_review_on.as_deref()?.parse().ok()?,
            decided_on: day_of(row.keep_longer_decided_at.as_deref()?)?,
        })
    })();
    KeptUntil::of(rule, &dates, decision)
}

/// The dossier's line "Bewaard tot …", read as part of the dossier (whose read is logged).
pub async fn of_dossier(conn: &mut sqlx::SqliteConnection, client_id: &str) -> Result<Retention, AppError> {
    let rule = policy(&mut *conn).await?.rule;
    let row = db::retention::dossier_dates(&mut *conn, client_id).await?.ok_or(AppError::NotFound)?;
    let hold = db::retention::active_hold(&mut *conn, client_id).await?.and_then(|hold| {
        Some(HoldView {
            reason: HoldReason::from_code(&hold.reason)?,
            note: hold.note,
            placed_on: day_of(&hold.placed_at)?,
        })
    });
    let kept_until = kept_until(rule, &row);
    let keep_longer_note = match kept_until.kept_longer {
        Some(_) => db::retention::keep_longer_note(conn, client_id).await?,
        None => None,
    };
    Ok(Retention { kept_until, hold, keep_longer_note })
}

/// The dossiers whose term has ended on `today`, oldest first, held ones included (marked).
async fn due_on(
    conn: &mut sqlx::SqliteConnection,
    today: NaiveDate,
) -> Result<(RetentionPolicy, Vec<DueDossier>), AppError> {
    let policy = policy(&mut *conn).await?;
    let rule = policy.rule;
    let mut due: Vec<DueDossier> = db::retention::all_dossier_dates(conn)
        .await?
        .into_iter()
        .filter_map(|row| {
            let kept = kept_until(rule, &row);
            kept.is_due(today).then_some(DueDossier {
                client_id: row.client_id,
                first_name: row.first_name,
                surname: row.surname,
                kept_until: kept,
                held: row.held,
            })
        })
        .collect();
    due.sort_by(|a, b| a.kept_until.date.cmp(&b.kept_until.date).then_with(|| a.surname.cmp(&b.surname)));
    Ok((policy, due))
}

/// The list as of `today` with names: showing it is a read of each dossier on it.
pub async fn due_list(work: &mut Work, today: NaiveDate) -> Result<Vec<DueDossier>, AppError> {
    let (_, due) = due_on(work.conn(), today).await?;
    names_shown(work, &due);
    Ok(due)
}

fn names_shown(work: &mut Work, due: &[DueDossier]) {
    super::dossier::names_listed(work, due.iter().map(|dossier| dossier.client_id.clone()), NameList::Retention);
}

/// The owner's page: what is due, the tax records kept, and what was destroyed.
pub async fn review(work: &mut Work, sealer: &Sealer) -> Result<RetentionReview, AppError> {
    let today = work.today();
    let (policy, due) = due_on(work.conn(), today).await?;
    let profile = db::practice::profile(work.conn()).await?.ok_or(AppError::NotFound)?;
    names_shown(work, &due);
    let mut tax_records = Vec::new();
    for record in db::retention::tax_records(work.conn()).await? {
        let name = sealer
            .open(&tax_record_seal(&record.id), &record.name_sealed)
            .and_then(|plain| String::from_utf8(plain).ok())
            .ok_or(AppError::Internal)?;
        let lines = db::retention::tax_record_lines(work.conn(), &record.id)
            .await?
            .into_iter()
            .filter_map(|(day, kind)| Some((day.parse().ok()?, kind)))
            .collect();
        let kept_until = record.kept_until.parse().map_err(|_| AppError::Internal)?;
        tax_records.push(TaxRecordView { name, kept_until, lines });
    }
    let mut destroyed = Vec::new();
    for row in db::retention::destructions(work.conn()).await? {
        let approved_by = match row.approved_by {
            Some(id) => db::team::name(work.conn(), id).await?,
            None => None,
        };
        let reason = Destruction::from_code(&row.reason).unwrap_or(Destruction::TermEnded);
        destroyed.push(DestructionView {
            client_id: row.client_id,
            destroyed_on: day_of(&row.destroyed_at).unwrap_or(today),
            reason,
            automatic: reason == Destruction::TermEnded && row.approved_by.is_none(),
            approved_by,
            tax_record_kept: row.tax_record_id.is_some(),
        });
    }
    work.audit(Entry::new(AuditAction::RetentionReviewed));
    let default_years = DossierRule::for_profile(profile).years;
    Ok(RetentionReview { policy, default_years, due, tax_records, destroyed })
}

fn tax_record_seal(id: &str) -> String {
    format!("tax_record/{id}")
}

/// A legal hold on a dossier: nothing destroys it until it is lifted.
pub async fn place_hold(work: &mut Work, client_id: &str, reason: HoldReason, note: &str) -> Result<(), AppError> {
    let staff = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let now = work.now();
    let conn = work.dossier(client_id);
    if !db::retention::client_exists(&mut *conn, client_id).await? {
        return Err(AppError::NotFound);
    }
    if db::retention::active_hold(&mut *conn, client_id).await?.is_some() {
        return Err(AppError::NothingChanged);
    }
    db::retention::place_hold(conn, client_id, reason.code(), note, staff, now).await?;
    work.audit(Entry::new(AuditAction::LegalHoldPlaced).client(client_id).detail(AuditDetail::Hold { reason }));
    Ok(())
}

pub async fn lift_hold(work: &mut Work, client_id: &str) -> Result<(), AppError> {
    let staff = work.actor().staff_id().ok_or(AppError::Forbidden)?;
    let now = work.now();
    let conn = work.dossier(client_id);
    let hold = db::retention::active_hold(&mut *conn, client_id).await?.ok_or(AppError::NothingChanged)?;
    db::retention::lift_hold(conn, client_id, staff, now).await?;
    let reason = HoldReason::from_code(&hold.reason).unwrap_or(HoldReason::Complaint);
    work.audit(Entry::new(AuditAction::LegalHoldLifted).client(client_id).detail(AuditDetail::Hold { reason }));
    Ok(())
}

/// An erasure committed in the database; its files and the ledger beside the database are
/// seen to by [`Erasure::finish`] once it is.
#[must_use = "an erasure leaves photo files behind until it is finished"]
pub struct Erasure {
    pub outcome: Erased,
    client_id: String,
    reason: Destruction,
    at: DateTime<Utc>,
    photo_ids: Vec<String>,
}

/// Erases one client's dossier everywhere the database keeps it, in the work's transaction:
/// first a tax record of the treatments given (first initial and surname, sealed, with the
/// days and kinds) while the fiscal term runs, then every row of the dossier, then a line in
/// the destruction ledger. A held dossier, or one whose term has not ended when that is the
/// reason, is refused with nothing changed.
pub async fn erase(
    work: &mut Work,
    sealer: &Sealer,
    client_id: &str,
    reason: Destruction,
) -> Result<Erasure, AppError> {
    let now = work.now();
    let today = work.today();
    let approved_by = work.actor().staff_id();
    let conn = work.dossier(client_id);
    let rule = policy(&mut *conn).await?.rule;
    let Some(dates) = db::retention::dossier_dates(&mut *conn, client_id).await? else {
        let destroyed = db::retention::destructions(&mut *conn).await?.iter().any(|row| row.client_id == client_id);
        return Err(if destroyed { AppError::AlreadyDestroyed } else { AppError::NotFound });
    };
    // A hold in a restored copy does not bring back what was destroyed after it was made.
    if dates.held && reason != Destruction::ReappliedAfterRestore {
        return Err(AppError::UnderLegalHold);
    }
    if reason == Destruction::TermEnded && !kept_until(rule, &dates).is_due(today) {
        return Err(AppError::NotYetDue);
    }
    let given = db::retention::treatments_given(&mut *conn, client_id).await?;
    let last_given = given.iter().filter_map(|(day, _)| day.parse::<NaiveDate>().ok()).max();
    let mut tax_record = None;
    if let Some(until) = last_given.map(fiscal_kept_until).filter(|until| *until > today) {
        let id = uuid::Uuid::new_v4().to_string();
        let name = fiscal_name(&dates.first_name, &dates.surname);
        let sealed = sealer.seal(&tax_record_seal(&id), name.as_bytes());
        db::retention::insert_tax_record(&mut *conn, &id, &sealed, until, &given, now).await?;
        tax_record = Some((id, until));
    }
    let photo_ids = db::retention::erase_client(&mut *conn, client_id, now).await?;
    let ground = (reason == Destruction::TermEnded).then(|| rule.ground.code().to_owned());
    db::retention::record_destruction(
        conn,
        &db::retention::DestructionRow {
            client_id: client_id.to_owned(),
            destroyed_at: db::timestamp(now),
            reason: reason.code().to_owned(),
            ground,
            approved_by,
            tax_record_id: tax_record.as_ref().map(|(id, _)| id.clone()),
            photo_files: i64::try_from(photo_ids.len()).unwrap_or(i64::MAX),
        },
        now,
    )
    .await?;
    let action = if reason == Destruction::ReappliedAfterRestore {
        AuditAction::ErasureReapplied
    } else {
        AuditAction::ClientErased
    };
    work.audit(
        Entry::new(action)
            .client(client_id)
            .detail(AuditDetail::Erasure { reason, tax_record_kept: tax_record.is_some() }),
    );
    Ok(Erasure {
        outcome: Erased {
            tax_record_until: tax_record.map(|(_, until)| until),
            photos_removed: u32::try_from(photo_ids.len()).unwrap_or(u32::MAX),
        },
        client_id: client_id.to_owned(),
        reason,
        at: now,
        photo_ids,
    })
}

impl Erasure {
    /// After the commit: the photo files go, the ledger beside the database gets its line, and
    /// the WAL is folded back and emptied so that no old page of the dossier stays readable in
    /// it (`secure_delete` already zeroes the pages freed in the database file itself).
    pub async fn finish(self, db: &Db, photos: &PhotoStore, ledger: &DestructionLedger) -> Erased {
        for id in &self.photo_ids {
            photos.remove(id).await;
        }
        if let Err(error) = ledger.append(&self.client_id, self.at, self.reason) {
            // The database holds the line too; the next start writes it to the file again.
            tracing::error!(%error, "could not write the destruction ledger file");
        }
        checkpoint(db).await;
        self.outcome
    }
}

/// Folds the WAL into the database file and truncates it. A reader in the middle of a read
/// can hold it up; then it is tried again, a few times.
pub async fn checkpoint(db: &Db) {
    for _ in 0..20 {
        let truncated = match db.write.outside_transaction().await {
            Ok(mut turn) => {
                sqlx::query_as::<_, (i64, i64, i64)>("pragma wal_checkpoint(truncate)").fetch_one(&mut *turn).await
            }
            Err(error) => Err(error),
        };
        match truncated {
            Ok((0, _, _)) => return,
            Ok(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
            Err(error) => {
                tracing::error!(%error, "WAL checkpoint failed");
                return;
            }
        }
    }
    tracing::warn!("the WAL could not be emptied while readers held it; it is on the next checkpoint");
}

/// The destruction ledger as a file beside the database, one line per destroyed dossier
/// (the client's id, when, why): no name, no content. A backup of the database is a copy of the
/// database only; when an older copy is restored, the app finds here which dossiers in it were
/// destroyed after it was made, and destroys them again at start.
#[derive(Clone, Debug)]
pub struct DestructionLedger {
    file: PathBuf,
}

impl DestructionLedger {
    pub const FILE_NAME: &'static str = "destruction-ledger.tsv";

    pub fn in_folder(data_dir: &Path) -> Self {
        Self { file: data_dir.join(Self::FILE_NAME) }
    }

    fn append(&self, client_id: &str, at: DateTime<Utc>, reason: Destruction) -> std::io::Result<()> {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&self.file)?;
        writeln!(file, "{client_id}\t{}\t{}", db::timestamp(at), reason.code())?;
        file.sync_all()
    }

    /// The ids of the clients in the file.
    pub fn destroyed_clients(&self) -> std::io::Result<Vec<String>> {
        match std::fs::read_to_string(&self.file) {
            Ok(text) => Ok(text
                .lines()
                .filter_map(|line| line.split('\t').next())
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(error) => Err(error),
        }
    }
}

/// At start: every dossier the ledger file names that the database still holds (an older copy
/// was restored) is destroyed again, and lines the file lacks are written from the database.
pub async fn reapply_ledger(
    db: &Db,
    clock: &Clock,
    sealer: &Sealer,
    photos: &PhotoStore,
    ledger: &DestructionLedger,
) -> Result<u32, AppError> {
    let in_file = ledger.destroyed_clients().map_err(|error| {
        tracing::error!(%error, "could not read the destruction ledger file");
        AppError::Internal
    })?;
    let mut conn = db.read.acquire().await?;
    for row in db::retention::destructions(&mut conn).await? {
        if !in_file.contains(&row.client_id) {
            let at =
                DateTime::parse_from_rfc3339(&row.destroyed_at).map(|at| at.with_timezone(&Utc)).unwrap_or_default();
            let reason = Destruction::from_code(&row.reason).unwrap_or(Destruction::TermEnded);
            if let Err(error) = ledger.append(&row.client_id, at, reason) {
                tracing::error!(%error, "could not write the destruction ledger file");
            }
        }
    }
    let mut again = 0;
    for client_id in in_file {
        if !db::retention::client_exists(&mut conn, &client_id).await? {
            continue;
        }
        let actor = Actor::System(SystemJob::Backup);
        let mut work = Work::write(db, clock, actor, super::Origin::this_machine()).await?;
        let erasure = erase(&mut work, sealer, &client_id, Destruction::ReappliedAfterRestore).await?;
        work.commit().await?;
        let _ = erasure.finish(db, photos, ledger).await;
        again += 1;
    }
    Ok(again)
}

/// The proof of a marketing consent (its signature and events) goes five years after its last
/// use: its withdrawal or refusal. A consent still given is still in use; a legal hold on the
/// dossier keeps the proof too.
async fn destroy_ended_marketing_proof(work: &mut Work, today: NaiveDate) -> Result<u32, AppError> {
    let mut destroyed = 0;
    let now = work.now();
    let purposes = ConsentPurpose::MARKETING.map(ConsentPurpose::code);
    for (client_id, purpose, last_used_at) in db::retention::ended_marketing_consents(work.conn(), &purposes).await? {
        let Some(purpose) = ConsentPurpose::from_code(&purpose) else { continue };
        let due = day_of(&last_used_at).is_some_and(|last_use| marketing_proof_kept_until(last_use) <= today);
        if !due || db::retention::active_hold(work.conn(), &client_id).await?.is_some() {
            continue;
        }
        db::retention::destroy_consent_proof(work.dossier(&client_id), &client_id, purpose.code(), now).await?;
        work.audit(
            Entry::new(AuditAction::ConsentProofDestroyed)
                .client(&client_id)
                .detail(AuditDetail::Purposes { purposes: vec![purpose] }),
        );
        destroyed += 1;
    }
    Ok(destroyed)
}

/// What destroying a dossier touches outside the database transaction: the tax record's seal,
/// the photo files and the ledger file.
#[derive(Clone, Copy)]
pub struct Destroyer<'a> {
    pub sealer: &'a Sealer,
    pub photos: &'a PhotoStore,
    pub ledger: &'a DestructionLedger,
}

/// The daily run, once per practice day on the server's clock. When the owner turned on
/// automatic destruction it destroys every dossier whose term has ended and that no hold
/// stops; otherwise it counts them for her list. It destroys tax records whose term has ended
/// and marketing consent proof five years after its last use, and clears expired sign-in rows. Nothing happens on a day it already ran; a failure leaves
/// everything as it was, to be tried again.
pub async fn daily_run(db: &Db, clock: &Clock, destroyer: Destroyer<'_>) -> Result<bool, AppError> {
    let mut work = Work::write(db, clock, Actor::System(SystemJob::Retention), super::Origin::this_machine()).await?;
    let today = work.today();
    if db::retention::has_run_on(work.conn(), today).await? || db::practice::profile(work.conn()).await?.is_none() {
        return Ok(false);
    }
    let (policy, due) = due_on(work.conn(), today).await?;
    let mut erasures = Vec::new();
    if policy.automatic {
        for dossier in due.iter().filter(|dossier| !dossier.held) {
            erasures.push(erase(&mut work, destroyer.sealer, &dossier.client_id, Destruction::TermEnded).await?);
        }
    }
    let waiting = due.iter().filter(|dossier| !dossier.held).count() - erasures.len();
    let due = u32::try_from(waiting).unwrap_or(u32::MAX);
    let tax_records_destroyed = db::retention::destroy_tax_records_due(work.conn(), today).await?;
    let proofs_destroyed = destroy_ended_marketing_proof(&mut work, today).await?;
    let now = work.now();
    let cleaned = db::retention::clean_expired_access_rows(work.conn(), now).await?;
    db::retention::record_run(work.conn(), today, due, tax_records_destroyed, cleaned, now).await?;
    work.audit(Entry::new(AuditAction::RetentionRun).detail(AuditDetail::RetentionRun {
        due,
        tax_records_destroyed: u32::try_from(tax_records_destroyed).unwrap_or(u32::MAX),
    }));
    work.commit().await?;
    let destroyed_dossiers = !erasures.is_empty();
    for erasure in erasures {
        let _ = erasure.finish(db, destroyer.photos, destroyer.ledger).await;
    }
    if (tax_records_destroyed > 0 || proofs_destroyed > 0) && !destroyed_dossiers {
        checkpoint(db).await;
    }
    Ok(true)
}
