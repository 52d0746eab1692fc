//! Consent templates, hand-overs, signature evidence and consent events.

use crate::api::types::ConsentStatus;
use crate::domain::consent::{
    closing, default_templates, rendered_text, sha256_hex, ConsentPurpose, EventMethod, EvidenceFields, SigningChannel,
};
use crate::domain::integrity::SealedRecords;
use crate::domain::language::Language;
use sqlx::{SqliteConnection, SqlitePool};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateRow {
    pub id: i64,
    pub purpose: String,
    /// The language of this version's text, as stored ('nl', 'en').
    pub language: String,
    pub version: i64,
    pub title: String,
    pub body: String,
    /// The sentences after the body, as this version stored them.
    pub closing: String,
    pub text_sha256: String,
}

impl TemplateRow {
    pub fn rendered_text(&self) -> String {
        rendered_text(&self.title, &self.body, &self.closing)
    }
}

/// Puts the shipped texts in place as version 1 of every purpose and language that has none yet.
pub async fn seed_default_templates(pool: &SqlitePool, now: chrono::DateTime<chrono::Utc>) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin_with("begin immediate").await?;
    for language in Language::ALL {
        for (purpose, title, body) in default_templates(language) {
            let exists: i64 =
                sqlx::query_scalar("select count(*) from consent_template where purpose = ? and language = ?")
                    .bind(purpose.code())
                    .bind(language.code())
                    .fetch_one(&mut *tx)
                    .await?;
            if exists == 0 {
                insert_version(&mut tx, purpose.code(), language, title, body, None, now).await?;
            }
        }
    }
    tx.commit().await
}

/// Stores a new version of a purpose's text in `language`, with the closing sentences new
/// versions in that language get; earlier versions stay as they were.
pub async fn insert_version(
    conn: &mut SqliteConnection,
    purpose: &str,
    language: Language,
    title: &str,
    body: &str,
    created_by: Option<i64>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, sqlx::Error> {
    let version: i64 = sqlx::query_scalar(
        "select coalesce(max(version), 0) + 1 from consent_template where purpose = ? and language = ?",
    )
    .bind(purpose)
    .bind(language.code())
    .fetch_one(&mut *conn)
    .await?;
    let closing = closing(language);
    let result = sqlx::query(
        "insert into consent_template (purpose, language, version, title, body, closing, text_sha256, created_by,
                                       created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(purpose)
    .bind(language.code())
    .bind(version)
    .bind(title)
    .bind(body)
    .bind(closing)
    .bind(sha256_hex(&rendered_text(title, body, closing)))
    .bind(created_by)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(result.last_insert_rowid())
}

/// One stored version of a purpose's text, with how often it was signed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplateVersionRow {
    pub purpose: String,
    pub version: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub text_sha256: String,
    pub signed: i64,
}

/// Every version of every purpose's text, newest version first within a purpose.
pub async fn template_versions(
    conn: &mut SqliteConnection,
    language: Language,
) -> Result<Vec<TemplateVersionRow>, sqlx::Error> {
    sqlx::query_as(
        "select t.purpose, t.version, t.created_at, t.text_sha256,
                (select count(*) from consent_signature s where s.template_id = t.id) as signed
         from consent_template t where t.language = ? order by t.purpose, t.version desc",
    )
    .bind(language.code())
    .fetch_all(conn)
    .await
}

/// The newest version of every purpose in `language`, in the order purposes are asked.
pub async fn current_templates(
    conn: &mut SqliteConnection,
    language: Language,
) -> Result<Vec<TemplateRow>, sqlx::Error> {
    let mut rows: Vec<TemplateRow> = sqlx::query_as(
        "select id, purpose, language, version, title, body, closing, text_sha256 from consent_template t
         where language = ?1
           and version = (select max(version) from consent_template where purpose = t.purpose and language = ?1)",
    )
    .bind(language.code())
    .fetch_all(conn)
    .await?;
    rows.sort_by_key(|row| ConsentPurpose::from_code(&row.purpose));
    Ok(rows)
}

pub async fn template(conn: &mut SqliteConnection, id: i64) -> Result<Option<TemplateRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, purpose, language, version, title, body, closing, text_sha256 from consent_template where id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HandoverRow {
    pub id: String,
    pub client_id: String,
    pub purposes: String,
    pub staff_user_id: i64,
    pub finished_at: Option<String>,
    /// The language the signer chose for the texts; none until chosen.
    pub language: Option<String>,
}

impl HandoverRow {
    pub fn purposes(&self) -> Vec<String> {
        serde_json::from_str(&self.purposes).unwrap_or_default()
    }

    /// The language of the texts shown in this session: the signer's choice, Dutch until then.
    pub fn language(&self) -> Language {
        self.language.as_deref().and_then(Language::from_code).unwrap_or_default()
    }
}

/// Starts a signing session on `channel` for the consents in `purposes`; its id.
pub async fn create_handover(
    conn: &mut SqliteConnection,
    client_id: &str,
    purposes: &[ConsentPurpose],
    channel: SigningChannel,
    staff_user_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let codes: Vec<&str> = purposes.iter().map(|p| p.code()).collect();
    sqlx::query(
        "insert into signing_session (id, client_id, purposes, channel, staff_user_id, started_at, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(client_id)
    .bind(serde_json::to_string(&codes).unwrap_or_default())
    .bind(channel.code())
    .bind(staff_user_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .execute(conn)
    .await?;
    Ok(id)
}

pub async fn handover(conn: &mut SqliteConnection, id: &str) -> Result<Option<HandoverRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, client_id, purposes, staff_user_id, finished_at, language from signing_session where id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn mark_handover(
    conn: &mut SqliteConnection,
    id: &str,
    column: HandoverMark,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let sql = match column {
        HandoverMark::Finished => {
            "update signing_session set finished_at = coalesce(finished_at, ?), updated_at = ? where id = ?"
        }
        HandoverMark::Ended => "update signing_session set ended_at = ?, updated_at = ? where id = ?",
    };
    sqlx::query(sql).bind(super::Stamp(now)).bind(super::Stamp(now)).bind(id).execute(conn).await?;
    Ok(())
}

/// Records the language the signer chose for the texts of this session.
pub async fn set_session_language(
    conn: &mut SqliteConnection,
    id: &str,
    language: Language,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update signing_session set language = ?, updated_at = ? where id = ?")
        .bind(language.code())
        .bind(super::Stamp(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub enum HandoverMark {
    Finished,
    Ended,
}

/// Marks the hand-over as shown on the tablet: true only the first time, so a reloading tablet
/// leaves one entry in the log, not one per load.
pub async fn mark_first_shown(
    conn: &mut SqliteConnection,
    id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, sqlx::Error> {
    let marked = sqlx::query(
        "update signing_session set first_shown_at = ?, updated_at = ? where id = ? and first_shown_at is null",
    )
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(marked.rows_affected() == 1)
}

/// The answers given during one hand-over, by template id.
pub async fn answers(conn: &mut SqliteConnection, handover_id: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("select template_id, kind from consent_event where handover_id = ? order by id")
        .bind(handover_id)
        .fetch_all(conn)
        .await
}

/// Stores one signature's evidence; returns its id. The hash binds every field.
pub async fn insert_signature(
    conn: &mut SqliteConnection,
    evidence: &EvidenceFields<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let to_seal = sqlx::query_as(&format!(
        "insert into consent_signature (id, client_id, template_id, purpose, rendered_text, text_sha256, signer_role,
             signer_name, guardian_relationship, strokes, signature_svg, staff_user_id, staff_name, handover_id, device,
             ip, signed_at, evidence_sha256, created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?){}",
        super::ledger::returning_seal(SealedRecords::ConsentSignature)
    ))
    .bind(evidence.evidence_id)
    .bind(evidence.client_id)
    .bind(evidence.template_id)
    .bind(evidence.purpose)
    .bind(evidence.rendered_text)
    .bind(evidence.text_sha256)
    .bind(evidence.signer_role)
    .bind(evidence.signer_name)
    .bind(evidence.guardian_relationship)
    .bind(evidence.strokes_json)
    .bind(evidence.signature_svg)
    .bind(evidence.staff_user_id)
    .bind(evidence.staff_name)
    .bind(evidence.handover_id)
    .bind(evidence.device)
    .bind(evidence.ip)
    .bind(evidence.signed_at)
    .bind(evidence.hash())
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .fetch_one(&mut *conn)
    .await?;
    super::ledger::seal(conn, SealedRecords::ConsentSignature, to_seal, now).await
}

pub struct NewEvent<'a> {
    pub client_id: &'a str,
    pub purpose: &'a str,
    pub template_id: i64,
    pub kind: ConsentStatus,
    pub signature_id: Option<&'a str>,
    pub method: EventMethod,
    pub recorded_by: i64,
    pub handover_id: Option<&'a str>,
    /// Why and how a withdrawal was asked for; none for a grant or a refusal.
    pub reason: Option<&'a str>,
}

pub async fn insert_event(
    conn: &mut SqliteConnection,
    event: NewEvent<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    let to_seal = sqlx::query_as(&format!(
        "insert into consent_event (client_id, purpose, template_id, kind, signature_id, method, recorded_by, handover_id,
             at, created_at, updated_at, reason)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?){}",
        super::ledger::returning_seal(SealedRecords::ConsentEvent)
    ))
    .bind(event.client_id)
    .bind(event.purpose)
    .bind(event.template_id)
    .bind(event.kind.code())
    .bind(event.signature_id)
    .bind(event.method.code())
    .bind(event.recorded_by)
    .bind(event.handover_id)
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(super::Stamp(now))
    .bind(event.reason)
    .fetch_one(&mut *conn)
    .await?;
    super::ledger::seal(conn, SealedRecords::ConsentEvent, to_seal, now).await
}

/// The latest event of every purpose a client has been asked about, with its signature if any.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentStateRow {
    pub purpose: String,
    pub kind: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub template_version: i64,
    pub title: String,
    /// The language of the text the event rests on.
    pub text_language: String,
    pub signature_id: Option<String>,
    pub signer_name: Option<String>,
    pub signer_role: Option<String>,
    pub guardian_relationship: Option<String>,
    pub signature_svg: Option<String>,
    /// Who on the staff recorded the event; none when the signer answered through a link.
    pub recorded_by: Option<String>,
    /// When the grant behind the signature was given (shown beside a later withdrawal).
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the latest event was recorded, for a withdrawal.
    pub reason: Option<String>,
}

pub async fn current_states(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<ConsentStateRow>, sqlx::Error> {
    sqlx::query_as(
        "select e.purpose, e.kind, e.at, t.version as template_version, t.title, t.language as text_language,
                s.id as signature_id, s.signer_name, s.signer_role, s.guardian_relationship, s.signature_svg,
                u.name as recorded_by, e.reason,
                (select g.at from consent_event g
                 where g.client_id = e.client_id and g.purpose = e.purpose and g.kind = 'granted'
                 order by g.id desc limit 1) as signed_at
         from consent_event e
         join consent_template t on t.id = e.template_id
         left join staff_user u on u.id = e.recorded_by
         left join consent_signature s on s.id = (
             select signature_id from consent_event g
             where g.client_id = e.client_id and g.purpose = e.purpose and g.kind = 'granted'
             order by g.id desc limit 1)
         where e.client_id = ?
           and e.id = (select max(id) from consent_event where client_id = e.client_id and purpose = e.purpose)",
    )
    .bind(client_id)
    .fetch_all(conn)
    .await
}

/// Whether the purpose's consent is in force now: its latest event is a grant.
pub async fn in_force(
    conn: &mut SqliteConnection,
    client_id: &str,
    purpose: ConsentPurpose,
) -> Result<bool, sqlx::Error> {
    Ok(grant_in_force(conn, client_id, purpose).await?.is_some())
}

/// The grant event that is in force now for this purpose, if any: data recorded under it name it.
pub async fn grant_in_force(
    conn: &mut SqliteConnection,
    client_id: &str,
    purpose: ConsentPurpose,
) -> Result<Option<i64>, sqlx::Error> {
    let latest: Option<(i64, String)> = sqlx::query_as(
        "select id, kind from consent_event where client_id = ? and purpose = ? order by id desc limit 1",
    )
    .bind(client_id)
    .bind(purpose.code())
    .fetch_optional(conn)
    .await?;
    Ok(latest.filter(|(_, kind)| ConsentStatus::from_kind(kind) == ConsentStatus::Granted).map(|(id, _)| id))
}

/// The purpose's latest event (granted, declined or withdrawn) and when it was recorded.
pub async fn latest_event(
    conn: &mut SqliteConnection,
    client_id: &str,
    purpose: ConsentPurpose,
) -> Result<Option<(String, chrono::DateTime<chrono::Utc>)>, sqlx::Error> {
    sqlx::query_as("select kind, at from consent_event where client_id = ? and purpose = ? order by id desc limit 1")
        .bind(client_id)
        .bind(purpose.code())
        .fetch_optional(conn)
        .await
}

/// The latest event's template for a purpose, for recording a withdrawal against it.
pub async fn latest_template_for(
    conn: &mut SqliteConnection,
    client_id: &str,
    purpose: ConsentPurpose,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select template_id from consent_event where client_id = ? and purpose = ? order by id desc limit 1",
    )
    .bind(client_id)
    .bind(purpose.code())
    .fetch_optional(conn)
    .await
}

/// A withdrawal recorded after the grant that a signature carries.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithdrawalRow {
    pub at: chrono::DateTime<chrono::Utc>,
    pub recorded_by: Option<String>,
    pub reason: Option<String>,
}

/// The first withdrawal after the grant made with this signature, if the consent was withdrawn.
pub async fn withdrawal_of(
    conn: &mut SqliteConnection,
    signature_id: &str,
) -> Result<Option<WithdrawalRow>, sqlx::Error> {
    sqlx::query_as(
        "select w.at, u.name as recorded_by, w.reason
         from consent_event g
         join consent_event w on w.client_id = g.client_id and w.purpose = g.purpose and w.id > g.id
                             and w.kind = 'withdrawn'
         left join staff_user u on u.id = w.recorded_by
         where g.signature_id = ? and g.kind = 'granted'
         order by w.id limit 1",
    )
    .bind(signature_id)
    .fetch_optional(conn)
    .await
}

/// A stored signature with every field its hash covers, for verification and the PDF copy.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignatureRow {
    pub id: String,
    pub client_id: String,
    pub template_id: i64,
    pub template_version: i64,
    /// The language of the text that was signed.
    pub text_language: String,
    pub purpose: String,
    pub rendered_text: String,
    pub text_sha256: String,
    pub signer_role: String,
    pub signer_name: String,
    pub guardian_relationship: Option<String>,
    pub strokes: String,
    pub signature_svg: String,
    pub staff_user_id: Option<i64>,
    pub staff_name: Option<String>,
    pub handover_id: String,
    pub device: String,
    pub ip: String,
    pub signed_at: String,
    pub evidence_sha256: String,
}

impl SignatureRow {
    fn evidence(&self) -> EvidenceFields<'_> {
        EvidenceFields {
            evidence_id: &self.id,
            client_id: &self.client_id,
            template_id: self.template_id,
            template_version: self.template_version,
            purpose: &self.purpose,
            rendered_text: &self.rendered_text,
            text_sha256: &self.text_sha256,
            signer_role: &self.signer_role,
            signer_name: &self.signer_name,
            guardian_relationship: self.guardian_relationship.as_deref(),
            strokes_json: &self.strokes,
            signature_svg: &self.signature_svg,
            staff_user_id: self.staff_user_id,
            staff_name: self.staff_name.as_deref(),
            handover_id: &self.handover_id,
            device: &self.device,
            ip: &self.ip,
            signed_at: &self.signed_at,
        }
    }

    /// True when the stored hash still matches every field and the text still matches its hash.
    pub fn is_intact(&self) -> bool {
        self.evidence().hash() == self.evidence_sha256 && sha256_hex(&self.rendered_text) == self.text_sha256
    }
}

pub async fn signature(conn: &mut SqliteConnection, id: &str) -> Result<Option<SignatureRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.id, s.client_id, s.template_id, t.version as template_version, t.language as text_language, s.purpose,
                s.rendered_text, s.text_sha256,
                s.signer_role, s.signer_name, s.guardian_relationship, s.strokes, s.signature_svg, s.staff_user_id,
                s.staff_name, s.handover_id, s.device, s.ip, s.signed_at, s.evidence_sha256
         from consent_signature s join consent_template t on t.id = s.template_id where s.id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}
