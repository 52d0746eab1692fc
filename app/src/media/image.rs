//! Photos as they arrive from a phone: decoded within bounds, turned upright, shrunk, and
//! re-encoded as JPEG, which drops EXIF, GPS and every other piece of metadata (REQ-46).

use crate::domain::FieldError;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// Long side of the stored photo: enough to judge skin on a tablet, far less than a phone camera.
const FULL_SIZE: u32 = 2048;
const THUMB_SIZE: u32 = 320;
const JPEG_QUALITY: u8 = 85;
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

#[cfg(test)]
mod tests {
    use super::*;

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
