//! The JWT bearer grant (servicenow-api.md §7): the assertion's `kid` picks a registered
//! public key (a JWT verifier map), its signature is verified, then its claims: aud and iss
//! the client ID, sub a user, exp in the future, iat not, and a `jti` never seen before.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ring::signature::{self, UnparsedPublicKey, VerificationAlgorithm};
use serde_json::Value;

use super::reply::TokenError;
use crate::config::SandboxConfig;

/// Clock skew allowed on exp and iat, as the legacy JWT verifier map's default.
const SKEW_SECS: u64 = 300;

/// jti values already used, until their assertion expires.
#[derive(Debug, Default)]
pub(crate) struct SeenJti(HashMap<String, u64>);

const RSA_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_OID: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256_OID: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384_OID: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// One DER TLV: (tag, body, rest).
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (n, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x81 => (usize::from(*rest.first()?), rest.get(1..)?),
        0x82 => (
            (usize::from(*rest.first()?) << 8) | usize::from(*rest.get(1)?),
            rest.get(2..)?,
        ),
        _ => return None,
    };
    Some((tag, rest.get(..n)?, rest.get(n..)?))
}

/// A public key as registered: its algorithm OID, the curve OID of an EC key, the key bytes.
struct Spki {
    oid: Vec<u8>,
    curve: Option<Vec<u8>>,
    key: Vec<u8>,
}

/// A `BEGIN PUBLIC KEY` PEM.
fn spki(pem: &str) -> Option<Spki> {
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = STANDARD.decode(body).ok()?;
    let (_, seq, _) = tlv(&der)?;
    let (_, algorithm, rest) = tlv(seq)?;
    let (_, bits, _) = tlv(rest)?;
    let (_, oid, params) = tlv(algorithm)?;
    let curve = tlv(params)
        .filter(|(tag, ..)| *tag == 0x06)
        .map(|(_, c, _)| c.to_vec());
    Some(Spki {
        oid: oid.to_vec(),
        curve,
        key: bits.get(1..)?.to_vec(),
    })
}

fn verifier(
    alg: &str,
    oid: &[u8],
    curve: Option<&[u8]>,
) -> Option<&'static dyn VerificationAlgorithm> {
    Some(match (alg, oid, curve) {
        ("RS256", RSA_OID, _) => &signature::RSA_PKCS1_2048_8192_SHA256,
        ("RS384", RSA_OID, _) => &signature::RSA_PKCS1_2048_8192_SHA384,
        ("RS512", RSA_OID, _) => &signature::RSA_PKCS1_2048_8192_SHA512,
        ("ES256", EC_OID, Some(P256_OID)) => &signature::ECDSA_P256_SHA256_FIXED,
        ("ES384", EC_OID, Some(P384_OID)) => &signature::ECDSA_P384_SHA384_FIXED,
        _ => return None,
    })
}

fn part(s: &str) -> Option<Value> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()
}

/// The user the assertion stands for, once every check passes.
pub(crate) fn verify(
    config: &SandboxConfig,
    seen: &mut SeenJti,
    client_id: &str,
    assertion: &str,
) -> Result<String, TokenError> {
    let invalid = TokenError::InvalidGrant;
    let mut parts = assertion.split('.');
    let (Some(h), Some(c), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("The assertion is not a JWT"));
    };
    let header = part(h).ok_or(invalid("The JWT header does not decode"))?;
    let claims = part(c).ok_or(invalid("The JWT claims do not decode"))?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let kid = text(&header, "kid").ok_or(invalid("The JWT header has no kid"))?;
    let alg = text(&header, "alg").unwrap_or_default();
    let key = config
        .jwt_keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or(invalid("No JWT verifier map for this kid"))?;
    let public =
        spki(&key.public_key_pem).ok_or(invalid("The registered public key does not parse"))?;
    let algorithm = verifier(&alg, &public.oid, public.curve.as_deref())
        .ok_or(invalid("The JWT alg does not match the registered key"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| invalid("The JWT signature does not decode"))?;
    let signed = &assertion[..h.len() + 1 + c.len()];
    UnparsedPublicKey::new(algorithm, &public.key)
        .verify(signed.as_bytes(), &signature)
        .map_err(|_| invalid("The JWT signature does not verify"))?;

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    if text(&claims, "aud").as_deref() != Some(client_id) {
        return Err(invalid("The JWT aud is not the client ID"));
    }
    if text(&claims, "iss").is_some_and(|iss| iss != client_id) {
        return Err(invalid("The JWT iss is not the client ID"));
    }
    let exp = claims
        .get("exp")
        .and_then(Value::as_u64)
        .ok_or(invalid("The JWT has no exp"))?;
    if exp + SKEW_SECS <= now {
        return Err(invalid("The JWT has expired"));
    }
    let iat = claims
        .get("iat")
        .and_then(Value::as_u64)
        .ok_or(invalid("The JWT has no iat"))?;
    if iat > now + SKEW_SECS {
        return Err(invalid("The JWT iat is in the future"));
    }
    let jti = text(&claims, "jti").ok_or(invalid("The JWT has no jti"))?;
    seen.0.retain(|_, until| *until + SKEW_SECS > now);
    if seen.0.insert(jti, exp).is_some() {
        return Err(invalid("The JWT jti was already used"));
    }
    let sub = text(&claims, "sub").unwrap_or_default();
    config
        .users
        .iter()
        .find(|u| u.active && u.username == sub)
        .map(|u| u.username.clone())
        .ok_or(invalid("No active user matches the JWT sub"))
}
