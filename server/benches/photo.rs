//! What a phone photo costs on arrival: decoding a 12-megapixel JPEG, turning it upright,
//! shrinking it, re-encoding it (which drops EXIF and GPS), making the thumbnail and encrypting
//! both. Reports the time per photo and the sizes before and after.
//!
//! Run with `scripts/bench.sh` (or `cargo bench -p server --bench photo`).

use app::media::image::prepare;
use app::media::photo_store::{PhotoStore, Variant};
use std::time::{Duration, Instant};

const ROUNDS: usize = 10;

fn main() {
    // 4032×3024 is what most phone cameras take; a noisy pattern keeps the JPEG realistically large.
    let (width, height) = (4032u32, 3024u32);
    let photo = image::RgbImage::from_fn(width, height, |x, y| {
        let noise = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) % 32;
        image::Rgb([((x / 16) % 256) as u8 ^ noise as u8, ((y / 12) % 256) as u8, ((x + y) / 28 % 256) as u8])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&image::DynamicImage::ImageRgb8(photo))
        .expect("bench photo encodes");

    let folder = tempfile::tempdir().expect("temp dir");
    let store = PhotoStore::open(&folder.path().join("photos"), &folder.path().join("photo.key")).expect("store");
    let mut timings: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut sizes = (0, 0);
    for round in 0..ROUNDS {
        let started = Instant::now();
        let prepared = prepare(&jpeg).expect("photo prepares");
        let id = format!("bench{round}");
        let full = store.seal(&id, Variant::Full, &prepared.full);
        let thumb = store.seal(&id, Variant::Thumb, &prepared.thumb);
        timings.push(started.elapsed());
        sizes = (full.len(), thumb.len());
    }
    timings.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("photo upload processing, {width}×{height} JPEG of {} KB, {ROUNDS} rounds:", jpeg.len() / 1024);
    println!("  median {:.0} ms, slowest {:.0} ms", ms(timings[ROUNDS / 2]), ms(timings[ROUNDS - 1]));
    println!("  stored (encrypted): photo {} KB, thumbnail {} KB", sizes.0 / 1024, sizes.1 / 1024);
}
