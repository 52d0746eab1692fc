//! Treatment photos: taken on the phone or tablet, accepted only under the client's photo
//! consent, stripped of metadata and stored encrypted. Serving them is `server::photos`.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// The form fields of an upload: `client_id`, `treatment_id`, `moment` ("before"/"after") and
/// `photo` (the file).
#[server(endpoint = "photos/upload", input = MultipartFormData)]
pub async fn upload_photo(data: MultipartData) -> Result<String, AppError> {
    use crate::db::{self, audit, consent, photo, Audit};
    use crate::domain::consent::ConsentPurpose;
    use crate::domain::treatment::PhotoMoment;
    use crate::domain::{FieldError, ValidationErrors};

    let (state, user, meta) = db::require_user().await?;
    let upload = read_upload(data).await?;
    let invalid = |field: &str, error: FieldError| {
        let mut errors = ValidationErrors::new();
        errors.add(field, error);
        AppError::Invalid(errors)
    };
    let moment = PhotoMoment::from_code(&upload.moment).ok_or_else(|| invalid("moment", FieldError::InvalidChoice))?;

    // Consent first: without it the pixels are not even decoded.
    let mut tx = db::begin_write(&state.pool).await?;
    db::treatment::get(&mut tx, &upload.client_id, &upload.treatment_id).await?.ok_or(AppError::NotFound)?;
    let entry = |action| audit::Entry::new(action, Some(user.id), &meta).client(&upload.client_id);
    let Some(grant) = consent::grant_in_force(&mut tx, &upload.client_id, ConsentPurpose::PhotosDossier).await? else {
        audit::record(&mut tx, entry(Audit::PhotoRefused)).await?;
        tx.commit().await?;
        return Err(AppError::ConsentRequired(ConsentPurpose::PhotosDossier));
    };
    tx.rollback().await?;

    let bytes = upload.photo.ok_or_else(|| invalid("photo", FieldError::Required))?;
    let prepared = photo::prepare_in_turn(bytes).await?.map_err(|error| invalid("photo", error))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    state.photos.write(&id, &prepared).await.map_err(|error| {
        tracing::error!(%error, "could not write photo files");
        AppError::Internal
    })?;

    let stored = async {
        let mut tx = db::begin_write(&state.pool).await?;
        // The consent may have been withdrawn while the photo was being processed.
        if consent::grant_in_force(&mut tx, &upload.client_id, ConsentPurpose::PhotosDossier).await? != Some(grant) {
            return Err(AppError::ConsentRequired(ConsentPurpose::PhotosDossier));
        }
        photo::insert(
            &mut tx,
            photo::NewPhoto {
                id: &id,
                client_id: &upload.client_id,
                treatment_id: &upload.treatment_id,
                moment,
                width: prepared.width,
                height: prepared.height,
                consent_event_id: grant,
                uploaded_by: user.id,
            },
        )
        .await?;
        audit::record(&mut tx, entry(Audit::PhotoAdded).detail(moment.code())).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(error) = stored {
        // No row, no files: nothing half-written stays behind.
        state.photos.remove(&id).await;
        return Err(error);
    }
    Ok(id)
}

#[cfg(feature = "ssr")]
#[derive(Default)]
struct Upload {
    client_id: String,
    treatment_id: String,
    moment: String,
    photo: Option<Vec<u8>>,
}

/// Reads the multipart fields, refusing a photo above the size limit before it is all in memory.
#[cfg(feature = "ssr")]
async fn read_upload(data: MultipartData) -> Result<Upload, AppError> {
    use crate::domain::treatment::{PHOTO_MAX_BYTES, PHOTO_MAX_MB};
    use crate::domain::{FieldError, ValidationErrors};

    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let mut upload = Upload::default();
    let malformed = |_| AppError::ServerFn("malformed upload".into());
    while let Some(mut field) = multipart.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(malformed)? {
                if bytes.len() + chunk.len() > PHOTO_MAX_BYTES {
                    let mut errors = ValidationErrors::new();
                    errors.add("photo", FieldError::ImageTooLarge { max_mb: PHOTO_MAX_MB });
                    return Err(errors.into());
                }
                bytes.extend_from_slice(&chunk);
            }
            upload.photo = (!bytes.is_empty()).then_some(bytes);
        } else {
            let value = field.text().await.map_err(malformed)?;
            let value: String = value.trim().chars().take(100).collect();
            match name.as_str() {
                "client_id" => upload.client_id = value,
                "treatment_id" => upload.treatment_id = value,
                "moment" => upload.moment = value,
                _ => {}
            }
        }
    }
    Ok(upload)
}

/// Deletes a photo whose consent was withdrawn: the row in the same transaction as its audit
/// entry, the encrypted files right after. A photo still under consent is not deleted here.
#[server(endpoint = "photos/delete")]
pub async fn delete_photo(photo_id: String) -> Result<(), AppError> {
    use crate::db::{self, audit, photo, Audit};

    let (state, user, meta) = db::require_user().await?;
    let mut tx = db::begin_write(&state.pool).await?;
    let row = photo::get(&mut tx, &photo_id).await?.ok_or(AppError::NotFound)?;
    if !photo::delete_flagged(&mut tx, &photo_id).await? {
        return Err(AppError::Forbidden);
    }
    audit::record(&mut tx, audit::Entry::new(Audit::PhotoDeleted, Some(user.id), &meta).client(&row.client_id)).await?;
    tx.commit().await?;
    state.photos.remove(&row.id).await;
    Ok(())
}

/// When the photo consent ends (withdrawn, or declined at a later hand-over), the client's
/// photos are flagged for deletion and no new ones are accepted.
#[cfg(feature = "ssr")]
pub(crate) async fn flag_photos_if_consent_ended(
    conn: &mut sqlx::SqliteConnection,
    client_id: &str,
    purpose: &str,
    user_id: i64,
    meta: &crate::db::RequestMeta,
) -> Result<(), sqlx::Error> {
    use crate::db::{audit, Audit};
    use crate::domain::consent::ConsentPurpose;
    if purpose != ConsentPurpose::PhotosDossier.code() {
        return Ok(());
    }
    let flagged = crate::db::photo::flag_for_deletion(&mut *conn, client_id).await?;
    if flagged == 0 {
        return Ok(());
    }
    let detail = format!("{flagged} foto's");
    audit::record(conn, audit::Entry::new(Audit::PhotosFlagged, Some(user_id), meta).client(client_id).detail(detail))
        .await
}
