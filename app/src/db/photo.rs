//! Treatment photos. The pixels are re-encoded on arrival (which drops EXIF, GPS and every other
//! piece of metadata), turned upright, shrunk to a sensible size with a thumbnail beside them, and
//! written encrypted with XChaCha20-Poly1305 to the data folder, never to a public one (REQ-46,
//! REQ-56). The database row says whose they are and under which consent they were taken.

use crate::domain::treatment::PhotoMoment;
use crate::domain::FieldError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use rand::RngCore;
use sqlx::SqliteConnection;
use std::io::Cursor;
use std::path::{Path, PathBuf};

/// Long side of the stored photo: enough to judge skin on a tablet, far less than a phone camera.
const FULL_SIZE: u32 = 2048;
const THUMB_SIZE: u32 = 320;
const JPEG_QUALITY: u8 = 85;
/// Marks our file format, so a file from elsewhere is never mistaken for a photo of ours.
const MAGIC: &[u8; 4] = b"ZVP1";
const NONCE_LEN: usize = 24;

/// Which stored file of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Full,
    Thumb,
}

impl Variant {
    fn extension(self) -> &'static str {
        match self {
            Variant::Full => "full",
            Variant::Thumb => "thumb",
        }
    }
}

/// A photo ready to store: metadata-free JPEGs, upright.
#[derive(Debug)]
pub struct Prepared {
    pub full: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The most pixels we decode: a 48-megapixel phone camera fits; a header that claims more (a
/// real giant or a forged 12000 × 12000) is refused before anything is allocated for it.
const MAX_PIXELS: u64 = 50_000_000;
/// Decoding, turning and resizing the largest allowed photo peaks at about half a gigabyte.
/// One at a time keeps that bound on a small machine; the next upload waits its turn.
const CONCURRENT_DECODES: usize = 1;
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(CONCURRENT_DECODES);

/// [`prepare`] on a blocking thread, in turn with every other upload.
pub async fn prepare_in_turn(bytes: Vec<u8>) -> Result<Result<Prepared, FieldError>, crate::error::AppError> {
    let _turn = DECODING.acquire().await.map_err(|_| crate::error::AppError::Internal)?;
    tokio::task::spawn_blocking(move || prepare(&bytes)).await.map_err(|_| crate::error::AppError::Internal)
}

/// Decodes an upload (JPEG, PNG or WebP), applies its EXIF orientation and re-encodes it.
/// CPU-heavy: call it from a blocking thread ([`prepare_in_turn`]).
pub fn prepare(bytes: &[u8]) -> Result<Prepared, FieldError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(600 * 1024 * 1024);
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| FieldError::ImageUnreadable)?;
    if reader.format() == Some(image::ImageFormat::Jpeg) && !jpeg_is_complete(bytes) {
        return Err(FieldError::ImageIncomplete);
    }
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| FieldError::ImageUnreadable)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(FieldError::ImageTooManyPixels { max_megapixels: (MAX_PIXELS / 1_000_000) as u32 });
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| FieldError::ImageUnreadable)?;
    image.apply_orientation(orientation);
    let full = if image.width() > FULL_SIZE || image.height() > FULL_SIZE {
        image.resize(FULL_SIZE, FULL_SIZE, FilterType::Lanczos3)
    } else {
        image
    };
    let thumb = full.thumbnail(THUMB_SIZE, THUMB_SIZE);
    Ok(Prepared { width: full.width(), height: full.height(), full: to_jpeg(&full)?, thumb: to_jpeg(&thumb)? })
}

/// Whether a JPEG runs on to its end-of-image marker. An upload cut off half-way (a phone losing
/// Wi-Fi) lacks it, and the decoder would quietly paint the missing part grey. The walk follows
/// the segment lengths, so an EXIF thumbnail's own end marker or bytes after the end (some
/// phones append data there) do not mislead it.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return false;
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else { return false };
        at += 1;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(length) = bytes.get(at..at + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))) else {
            return false;
        };
        if length < 2 {
            return false;
        }
        at += length;
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker; 0xFF 0x00 is a stuffed byte and the
            // restart markers belong to the data.
            loop {
                match (bytes.get(at), bytes.get(at + 1)) {
                    (None, _) | (Some(0xFF), None) => return false,
                    (Some(0xFF), Some(0x00 | 0xD0..=0xD7)) => at += 2,
                    (Some(0xFF), Some(0xFF)) => at += 1,
                    (Some(0xFF), Some(_)) => break,
                    _ => at += 1,
                }
            }
        }
    }
}

fn to_jpeg(image: &DynamicImage) -> Result<Vec<u8>, FieldError> {
    let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|_| FieldError::ImageUnreadable)?;
    Ok(out)
}

/// The encrypted photo files and their key.
pub struct PhotoStore {
    dir: PathBuf,
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for PhotoStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhotoStore").field("dir", &self.dir).finish_non_exhaustive()
    }
}

impl PhotoStore {
    /// Opens the store in `dir`, reading the key from `key_file` or creating a random one there
    /// (readable by the owner only) on first start.
    pub fn open(dir: &Path, key_file: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let key = match std::fs::read(key_file) {
            Ok(bytes) => <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "photo key file must hold exactly 32 bytes")
            })?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rng().fill_bytes(&mut key);
                write_private(key_file, &key)?;
                key
            }
            Err(error) => return Err(error),
        };
        Ok(Self { dir: dir.to_owned(), cipher: XChaCha20Poly1305::new(&Key::from(key)) })
    }

    fn path(&self, id: &str, variant: Variant) -> PathBuf {
        self.dir.join(format!("{id}.{}", variant.extension()))
    }

    /// The additional data binds a file to its photo and variant: swapped files do not decrypt.
    fn aad(id: &str, variant: Variant) -> String {
        format!("zorgvuldig-photo:{id}:{}", variant.extension())
    }

    pub fn seal(&self, id: &str, variant: Variant, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let aad = Self::aad(id, variant);
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad: aad.as_bytes() })
            .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory buffers");
        let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn open_sealed(&self, id: &str, variant: Variant, file: &[u8]) -> Option<Vec<u8>> {
        let rest = file.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = <[u8; NONCE_LEN]>::try_from(nonce).ok()?;
        let aad = Self::aad(id, variant);
        self.cipher.decrypt(&XNonce::from(nonce), Payload { msg: sealed, aad: aad.as_bytes() }).ok()
    }

    /// Writes both files, each to a temporary name first and then renamed, so a crash never
    /// leaves half a photo behind.
    pub async fn write(&self, id: &str, prepared: &Prepared) -> std::io::Result<()> {
        for (variant, plain) in [(Variant::Full, &prepared.full), (Variant::Thumb, &prepared.thumb)] {
            let path = self.path(id, variant);
            let temporary = path.with_extension("partial");
            tokio::fs::write(&temporary, self.seal(id, variant, plain)).await?;
            let file = tokio::fs::File::open(&temporary).await?;
            file.sync_all().await?;
            tokio::fs::rename(&temporary, &path).await?;
        }
        Ok(())
    }

    pub async fn read(&self, id: &str, variant: Variant) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(id, variant)).await {
            Ok(file) => Ok(self.open_sealed(id, variant, &file)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Removes a photo's files (when its row could not be committed).
    pub async fn remove(&self, id: &str) {
        for variant in [Variant::Full, Variant::Thumb] {
            let _ = tokio::fs::remove_file(self.path(id, variant)).await;
        }
    }

    /// Where a photo's file lives, for tests that inspect the disk.
    pub fn file_path(&self, id: &str, full: bool) -> PathBuf {
        self.path(id, if full { Variant::Full } else { Variant::Thumb })
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

pub struct NewPhoto<'a> {
    pub id: &'a str,
    pub client_id: &'a str,
    pub treatment_id: &'a str,
    pub moment: PhotoMoment,
    pub width: u32,
    pub height: u32,
    pub consent_event_id: i64,
    pub uploaded_by: i64,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    photo: NewPhoto<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into photo (id, client_id, treatment_id, moment, width, height, consent_event_id, uploaded_by,
                            created_at, updated_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(photo.id)
    .bind(photo.client_id)
    .bind(photo.treatment_id)
    .bind(photo.moment.code())
    .bind(photo.width)
    .bind(photo.height)
    .bind(photo.consent_event_id)
    .bind(photo.uploaded_by)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PhotoRow {
    pub id: String,
    pub client_id: String,
    pub treatment_id: String,
    pub moment: String,
    pub flagged_for_deletion_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn get(conn: &mut SqliteConnection, id: &str) -> Result<Option<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, client_id, treatment_id, moment, flagged_for_deletion_at, created_at from photo where id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn for_client(conn: &mut SqliteConnection, client_id: &str) -> Result<Vec<PhotoRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, client_id, treatment_id, moment, flagged_for_deletion_at, created_at
         from photo where client_id = ? order by created_at",
    )
    .bind(client_id)
    .fetch_all(conn)
    .await
}

/// Deletes the row of a photo flagged for deletion; false when there is no such photo. The
/// caller removes the files once the deletion is committed.
pub async fn delete_flagged(conn: &mut SqliteConnection, id: &str) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("delete from photo where id = ? and flagged_for_deletion_at is not null")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Flags every photo of the client for deletion (the photo consent was withdrawn); returns how many.
pub async fn flag_for_deletion(
    conn: &mut SqliteConnection,
    client_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "update photo set flagged_for_deletion_at = ?, updated_at = ?
         where client_id = ? and flagged_for_deletion_at is null",
    )
    .bind(now)
    .bind(now)
    .bind(client_id)
    .execute(conn)
    .await?;
    Ok(result.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile_dir::Dir, PhotoStore) {
        let dir = tempfile_dir::Dir::new();
        let store = PhotoStore::open(&dir.0.join("photos"), &dir.0.join("photo.key")).unwrap();
        (dir, store)
    }

    /// A throwaway folder without pulling a crate into the app's dependencies.
    mod tempfile_dir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                let path = std::env::temp_dir().join(format!("zv-photo-test-{}", uuid::Uuid::new_v4().simple()));
                std::fs::create_dir_all(&path).unwrap();
                Self(path)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    #[test]
    fn sealed_files_open_only_as_the_photo_and_variant_they_were_written_for() {
        let (_dir, store) = store();
        let sealed = store.seal("abc", Variant::Full, b"pixels");
        assert!(!sealed.windows(6).any(|w| w == b"pixels"));
        assert_eq!(store.open_sealed("abc", Variant::Full, &sealed).as_deref(), Some(b"pixels".as_slice()));
        assert_eq!(store.open_sealed("abc", Variant::Thumb, &sealed), None);
        assert_eq!(store.open_sealed("xyz", Variant::Full, &sealed), None);
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(store.open_sealed("abc", Variant::Full, &tampered), None);
    }

    #[test]
    fn the_key_survives_a_restart() {
        let dir = tempfile_dir::Dir::new();
        let key_file = dir.0.join("photo.key");
        let sealed = PhotoStore::open(&dir.0, &key_file).unwrap().seal("abc", Variant::Thumb, b"x");
        let reopened = PhotoStore::open(&dir.0, &key_file).unwrap();
        assert_eq!(reopened.open_sealed("abc", Variant::Thumb, &sealed).as_deref(), Some(b"x".as_slice()));
    }

    #[test]
    fn a_photo_is_turned_upright_and_shrunk_with_a_thumbnail() {
        let image = DynamicImage::new_rgb8(3000, 1000);
        let mut png = Vec::new();
        image.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let prepared = prepare(&png).unwrap();
        assert_eq!((prepared.width, prepared.height), (2048, 683));
        let thumb = image::load_from_memory(&prepared.thumb).unwrap();
        assert_eq!(thumb.width(), 320);
    }

    #[test]
    fn a_file_that_is_not_a_photo_is_refused() {
        assert_eq!(prepare(b"%PDF-1.7 not a photo").unwrap_err(), FieldError::ImageUnreadable);
        assert_eq!(prepare(&[]).unwrap_err(), FieldError::ImageUnreadable);
    }

    /// A real JPEG of noise, so the entropy-coded data is long and varied.
    fn noisy_jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut seed = 7u32;
        let image = image::RgbImage::from_fn(width, height, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            image::Rgb([(seed >> 16) as u8, (seed >> 8) as u8, seed as u8])
        });
        to_jpeg(&DynamicImage::ImageRgb8(image)).unwrap()
    }

    #[test]
    fn a_header_that_claims_a_giant_is_refused_before_decoding() {
        let mut jpeg = noisy_jpeg(16, 16);
        let frame = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline frame header");
        // SOF0: marker, length (2), precision (1), height (2), width (2).
        jpeg[frame + 5..frame + 7].copy_from_slice(&12_000u16.to_be_bytes());
        jpeg[frame + 7..frame + 9].copy_from_slice(&12_000u16.to_be_bytes());
        assert_eq!(prepare(&jpeg).unwrap_err(), FieldError::ImageTooManyPixels { max_megapixels: 50 });
    }

    #[test]
    fn a_photo_cut_off_half_way_is_refused() {
        let jpeg = noisy_jpeg(64, 48);
        assert!(jpeg_is_complete(&jpeg));
        assert!(prepare(&jpeg).is_ok());
        for cut in [jpeg.len() / 2, jpeg.len() - 2, 40] {
            assert!(!jpeg_is_complete(&jpeg[..cut]), "cut at {cut} of {}", jpeg.len());
            assert_eq!(prepare(&jpeg[..cut]).unwrap_err(), FieldError::ImageIncomplete, "cut at {cut}");
        }
        let mut with_trailer = jpeg.clone();
        with_trailer.extend_from_slice(b"SEFH trailing data some phones append");
        assert!(jpeg_is_complete(&with_trailer), "data after the end marker is not a cut");
    }
}
