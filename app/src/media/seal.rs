//! Files sealed with XChaCha20-Poly1305: a versioned header, a random nonce, and additional
//! data that binds a file to what it is, so a file swapped for another does not open. Photos use
//! it now; backups are to use the same format.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use std::path::Path;

/// Marks our file format and its version, so a file from elsewhere is never mistaken for ours.
const MAGIC: &[u8; 4] = b"ZVP1";
const NONCE_LEN: usize = 24;

/// A key, and sealing and opening with it.
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    /// The key in `key_file`, or a random one created there (readable by the owner only).
    pub fn from_key_file(key_file: &Path) -> std::io::Result<Self> {
        let key = match std::fs::read(key_file) {
            Ok(bytes) => <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
                std::io::Error::new(std::io::ErrorKind::InvalidData, "key file must hold exactly 32 bytes")
            })?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rng().fill_bytes(&mut key);
                write_private(key_file, &key)?;
                key
            }
            Err(error) => return Err(error),
        };
        Ok(Self::from_key(key))
    }

    pub fn from_key(key: [u8; 32]) -> Self {
        Self { cipher: XChaCha20Poly1305::new(&Key::from(key)) }
    }

    /// `plain`, sealed for what `bound_to` names.
    pub fn seal(&self, bound_to: &str, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(&XNonce::from(nonce), Payload { msg: plain, aad: bound_to.as_bytes() })
            .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory buffers");
        let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    /// The plain bytes, when `file` was sealed with this key for what `bound_to` names.
    pub fn open(&self, bound_to: &str, file: &[u8]) -> Option<Vec<u8>> {
        let rest = file.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = <[u8; NONCE_LEN]>::try_from(nonce).ok()?;
        self.cipher.decrypt(&XNonce::from(nonce), Payload { msg: sealed, aad: bound_to.as_bytes() }).ok()
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
