//! Treatment photos: taken on the phone or tablet, accepted only under the client's photo
//! consent, stripped of metadata and stored encrypted. Serving them is `server::photos`.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// The form fields of an upload: `client_id`, `treatment_id`, `moment` ("before"/"after") and
/// `photo` (the file).
#[server(endpoint = "photos/upload", input = MultipartFormData)]
pub async fn upload_photo(data: MultipartData) -> Result<String, AppError> {
    use crate::db::{self, consent, photo};
    use crate::domain::audit::{AuditAction, AuditDetail};
    use crate::domain::consent::ConsentPurpose;
    use crate::domain::treatment::PhotoMoment;
    use crate::domain::{FieldError, ValidationErrors};
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let upload = read_upload(data).await?;
    let invalid = |field: &str, error: FieldError| AppError::Invalid(ValidationErrors::one(field, error));
    let moment = PhotoMoment::from_code(&upload.moment).ok_or_else(|| invalid("moment", FieldError::InvalidChoice))?;

    // Consent first: without it the pixels are not even decoded.
    let client_id = upload.client_id.as_str();
    let mut work = Work::staff_read(&state, &user, &meta).await?;
    let conn = work.dossier(client_id);
    db::treatment::get(&mut *conn, client_id, &upload.treatment_id).await?.ok_or(AppError::NotFound)?;
    let Some(grant) = consent::grant_in_force(&mut *conn, client_id, ConsentPurpose::PhotosDossier).await? else {
        work.audit(Entry::new(AuditAction::PhotoRefused).client(client_id));
        work.commit().await?;
        return Err(AppError::ConsentRequired(ConsentPurpose::PhotosDossier));
    };
    // Nothing is logged yet: the photo is logged when it is stored, below.
    drop(work);

    let bytes = upload.photo.ok_or_else(|| invalid("photo", FieldError::Required))?;
    let prepared = crate::media::image::prepare_in_turn(bytes).await?.map_err(|error| invalid("photo", error))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    state.photos.write(&id, &prepared).await.map_err(|error| {
        tracing::error!(%error, "could not write photo files");
        AppError::Internal
    })?;

    let stored = async {
        let mut work = Work::staff_write(&state, &user, &meta).await?;
        let now = work.now();
        let conn = work.dossier(client_id);
        // The consent may have been withdrawn while the photo was being processed.
        if consent::grant_in_force(&mut *conn, client_id, ConsentPurpose::PhotosDossier).await? != Some(grant) {
            return Err(AppError::ConsentRequired(ConsentPurpose::PhotosDossier));
        }
        photo::insert(
            &mut *conn,
            photo::NewPhoto {
                id: &id,
                client_id,
                treatment_id: &upload.treatment_id,
                moment,
                width: prepared.width,
                height: prepared.height,
                consent_event_id: grant,
                uploaded_by: user.id,
            },
            now,
        )
        .await?;
        work.audit(Entry::new(AuditAction::PhotoAdded).client(client_id).detail(AuditDetail::PhotoMoment { moment }));
        work.commit().await
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
                    return Err(
                        ValidationErrors::one("photo", FieldError::ImageTooLarge { max_mb: PHOTO_MAX_MB }).into()
                    );
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
    use crate::db::photo;
    use crate::domain::audit::AuditAction;
    use crate::service::{Entry, Work};

    let (state, user, meta) = crate::server_ctx::require(crate::domain::user::Permission::RecordCare).await?;
    let mut work = Work::staff_write(&state, &user, &meta).await?;
    let row = photo::get(work.conn(), &photo_id).await?.ok_or(AppError::NotFound)?;
    if !photo::delete_flagged(work.dossier(&row.client_id), &photo_id).await? {
        return Err(AppError::Forbidden);
    }
    work.audit(Entry::new(AuditAction::PhotoDeleted).client(&row.client_id));
    work.commit().await?;
    state.photos.remove(&row.id).await;
    Ok(())
}
