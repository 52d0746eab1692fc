//! The photo files: sealed ([`super::seal`]) into the data folder, never a public one
//! (REQ-56), each bound to its photo's id and size.

use super::image::Prepared;
use super::seal::Sealer;
use std::path::{Path, PathBuf};

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

/// The encrypted photo files and their key.
pub struct PhotoStore {
    dir: PathBuf,
    sealer: Sealer,
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
        Ok(Self { dir: dir.to_owned(), sealer: Sealer::from_key_file(key_file)? })
    }

    fn path(&self, id: &str, variant: Variant) -> PathBuf {
        self.dir.join(format!("{id}.{}", variant.extension()))
    }

    /// The additional data binds a file to its photo and variant: swapped files do not decrypt.
    fn aad(id: &str, variant: Variant) -> String {
        format!("zorgvuldig-photo:{id}:{}", variant.extension())
    }

    pub fn seal(&self, id: &str, variant: Variant, plain: &[u8]) -> Vec<u8> {
        self.sealer.seal(&Self::aad(id, variant), plain)
    }

    pub fn open_sealed(&self, id: &str, variant: Variant, file: &[u8]) -> Option<Vec<u8>> {
        self.sealer.open(&Self::aad(id, variant), file)
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
}
