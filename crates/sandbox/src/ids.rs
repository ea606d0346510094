//! Random identifiers in the shapes a real instance uses.

use rand::Rng;

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HEX: &[u8; 16] = b"0123456789abcdef";

/// An 86-character base64url token, like a real instance's access and refresh tokens.
pub(crate) fn token() -> String {
    let mut rng = rand::rng();
    // 64 divides 256, so masking a random byte picks each symbol uniformly.
    (0..86)
        .map(|_| char::from(BASE64URL[usize::from(rng.random::<u8>() & 63)]))
        .collect()
}

/// 32 lowercase hex characters: a sys_id, a transaction id, a session id.
pub(crate) fn hex32() -> String {
    let mut rng = rand::rng();
    (0..32)
        .map(|_| char::from(HEX[usize::from(rng.random::<u8>() & 15)]))
        .collect()
}

/// A sys_id derived from `seed`, the same on every start: for rows the sandbox defines itself.
pub(crate) fn stable_hex32(seed: &str) -> String {
    // Two FNV-1a passes with different offsets give 128 well-spread bits.
    let fnv = |offset: u64| {
        seed.bytes().fold(offset, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

/// Whether `s` has the shape of a sys_id.
pub(crate) fn is_sys_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let t = token();
        assert_eq!(t.len(), 86);
        assert!(t
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let id = hex32();
        assert!(is_sys_id(&id));
        assert_ne!(id, hex32());
        assert!(!is_sys_id("6816F79CC0A8016401C5A33BE04BE441"));
        assert!(!is_sys_id("abc"));
    }
}
