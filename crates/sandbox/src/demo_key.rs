//! A demo JWT key pair for "Try without an instance": made at start, its public half
//! registered as a JWT verifier map, its private half given to the app's demo profile, so the
//! JWT bearer grant works with nothing to set up. Never written to disk.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};

use crate::config::JwtKey;

/// The kid the demo key is registered under.
pub const DEMO_JWT_KID: &str = "snowpost-sandbox";

/// SubjectPublicKeyInfo up to the key: id-ecPublicKey, prime256v1, a 66-byte BIT STRING.
const P256_SPKI_PREFIX: &[u8] = &[
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
    0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
];

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

/// (the registered public key, the private key as PKCS#8 PEM), ES256.
pub(crate) fn generate() -> Option<(JwtKey, String)> {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).ok()?;
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng).ok()?;
    let mut spki = P256_SPKI_PREFIX.to_vec();
    spki.extend_from_slice(pair.public_key().as_ref());
    let public = JwtKey {
        kid: DEMO_JWT_KID.to_string(),
        public_key_pem: pem("PUBLIC KEY", &spki),
    };
    Some((public, pem("PRIVATE KEY", pkcs8.as_ref())))
}
