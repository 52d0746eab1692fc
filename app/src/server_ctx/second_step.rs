//! The second step's secrets: TOTP secrets (RFC 6238: SHA-1, six digits, 30-second steps, one
//! step of clock difference either way, as every authenticator app expects), sealed with the
//! server's key, and recovery codes, kept only as hashes.

use crate::domain::second_step::{RECOVERY_ALPHABET, RECOVERY_CODES, RECOVERY_CODE_LENGTH};
use crate::error::AppError;
use crate::media::seal::Sealer;
use chrono::{DateTime, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use totp_rs::{Builder, Secret, Totp};

/// A secret just made for someone: sealed for the database, and shown once (as text and as a
/// QR code of its `otpauth://` link) for their authenticator app.
pub struct NewSecret {
    pub sealed: Vec<u8>,
    pub text: String,
    pub qr_svg: String,
}

/// What the sealed secret of `user_id` is bound to, so that it opens for that account only.
fn bound_to(user_id: i64) -> String {
    format!("totp-secret:{user_id}")
}

fn totp(secret: Secret, issuer: &str, account: &str) -> Result<Totp, AppError> {
    // The otpauth link separates issuer and account by ':', so neither may contain one.
    let clean = |s: &str| s.replace(':', " ").trim().to_owned();
    let issuer = Some(clean(issuer)).filter(|i| !i.is_empty()).unwrap_or_else(|| "Zorgvuldig".to_owned());
    Builder::new().with_secret(secret).with_issuer(Some(issuer)).with_account_name(clean(account)).build().map_err(
        |error| {
            tracing::error!(?error, "TOTP setup refused");
            AppError::Internal
        },
    )
}

pub fn new_secret(sealer: &Sealer, user_id: i64, issuer: &str, account: &str) -> Result<NewSecret, AppError> {
    let secret = Secret::generate();
    let sealed = sealer.seal(&bound_to(user_id), secret.as_bytes());
    let text = secret.to_base32();
    let link = totp(secret, issuer, account)?.to_url().map_err(|_| AppError::Internal)?;
    Ok(NewSecret { sealed, text, qr_svg: super::qr_svg(&link)? })
}

/// The time step of `code` when it is right at `now` (this step, the one before or the one
/// after); `None` when it is wrong.
pub fn matching_step(sealer: &Sealer, user_id: i64, sealed: &[u8], code: &str, now: DateTime<Utc>) -> Option<i64> {
    let Some(secret) = sealer.open(&bound_to(user_id), sealed) else {
        tracing::error!("a TOTP secret does not open with this server's key");
        return None;
    };
    let totp = Builder::new().with_secret(secret).build().ok()?;
    let time = u64::try_from(now.timestamp()).ok()?;
    totp.check(code, time).and_then(|step| i64::try_from(step).ok())
}

/// Ten new recovery codes, as shown (without dashes).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            (0..RECOVERY_CODE_LENGTH)
                .map(|_| char::from(RECOVERY_ALPHABET[rng.random_range(0..RECOVERY_ALPHABET.len())]))
                .collect()
        })
        .collect()
}

/// What is kept of a recovery code. A code has 59 bits of chance, tries are throttled and only
/// ten exist per account, so a salted SHA-256 suffices (no slow hash at every sign-in).
pub fn hash_recovery_code(user_id: i64, code: &str) -> String {
    hex::encode(Sha256::digest(format!("recovery-code:{user_id}:{code}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> Sealer {
        Sealer::from_key([7; 32])
    }

    fn code_at(secret_text: &str, at: DateTime<Utc>) -> String {
        let secret = Secret::try_from_base32(secret_text).unwrap();
        Builder::new().with_secret(secret).build().unwrap().generate(at.timestamp() as u64).to_string()
    }

    #[test]
    fn the_code_of_this_step_and_its_neighbours_are_accepted() {
        let sealer = sealer();
        let new = new_secret(&sealer, 7, "Praktijk: Jindra", "jindra@praktijk.nl").unwrap();
        assert!(new.qr_svg.starts_with("<svg"));
        let now = DateTime::from_timestamp(1_800_000_015, 0).unwrap();
        let step = now.timestamp() / 30;
        let code = code_at(&new.text, now);
        assert_eq!(matching_step(&sealer, 7, &new.sealed, &code, now), Some(step));
        let earlier = code_at(&new.text, now - chrono::Duration::seconds(30));
        assert_eq!(matching_step(&sealer, 7, &new.sealed, &earlier, now), Some(step - 1));
        let too_old = code_at(&new.text, now - chrono::Duration::seconds(90));
        assert_eq!(matching_step(&sealer, 7, &new.sealed, &too_old, now), None);
        // Sealed for account 7: it does not open as another account's.
        assert_eq!(matching_step(&sealer, 8, &new.sealed, &code, now), None);
    }

    #[test]
    fn recovery_codes_are_ten_different_codes_that_parse() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let distinct: std::collections::BTreeSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        for code in &codes {
            let shown = crate::domain::second_step::show_recovery_code(code);
            assert_eq!(
                crate::domain::second_step::parse_code(&shown),
                Ok(crate::domain::second_step::SecondStepCode::Recovery(code.clone()))
            );
        }
        assert_ne!(hash_recovery_code(1, &codes[0]), hash_recovery_code(2, &codes[0]));
    }
}
