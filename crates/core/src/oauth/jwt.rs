//! The JWT bearer grant (RFC 7523, servicenow-api.md §7): a fresh assertion per token request,
//! signed with the profile's private key (PEM, from the keychain), and the public key in the
//! forms the admin needs for the JWT verifier map (PEM, JWK, fingerprint).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair, RsaKeyPair};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::secret::SecretString;

/// The longest an assertion lives: ServiceNow's default clock skew is as long again.
pub const ASSERTION_LIFETIME_SECS: u64 = 300;

/// The signing algorithms ServiceNow verifies that the signing library here implements
/// (ES512 is not among them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum JwtAlg {
    #[default]
    RS256,
    RS384,
    RS512,
    ES256,
    ES384,
}

impl JwtAlg {
    pub const ALL: [JwtAlg; 5] = [
        JwtAlg::RS256,
        JwtAlg::RS384,
        JwtAlg::RS512,
        JwtAlg::ES256,
        JwtAlg::ES384,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JwtAlg::RS256 => "RS256",
            JwtAlg::RS384 => "RS384",
            JwtAlg::RS512 => "RS512",
            JwtAlg::ES256 => "ES256",
            JwtAlg::ES384 => "ES384",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        JwtAlg::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::input(
                    "jwt_alg",
                    format!("\"{s}\" is not one of RS256, RS384, RS512, ES256, ES384"),
                )
            })
    }

    fn is_rsa(self) -> bool {
        matches!(self, JwtAlg::RS256 | JwtAlg::RS384 | JwtAlg::RS512)
    }
}

enum Pair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

/// A parsed private key, checked against the algorithm it is to sign with.
pub struct SigningKey {
    alg: JwtAlg,
    pair: Pair,
}

fn key_error(message: impl Into<String>) -> Error {
    Error::input("private key", message)
}

/// The DER inside the first PEM block, and its label.
fn pem_der(pem: &str) -> Result<(String, Vec<u8>)> {
    let begin = pem
        .find("-----BEGIN ")
        .ok_or_else(|| key_error("is not PEM (no -----BEGIN line)"))?;
    let rest = &pem[begin + 11..];
    let label_end = rest
        .find("-----")
        .ok_or_else(|| key_error("has a broken BEGIN line"))?;
    let label = rest[..label_end].to_string();
    let body_start = label_end + 5;
    let end = rest
        .find("-----END ")
        .ok_or_else(|| key_error("has no -----END line"))?;
    let b64: String = rest[body_start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = STANDARD
        .decode(b64)
        .map_err(|_| key_error("is not valid base64 inside its PEM lines"))?;
    Ok((label, der))
}

impl SigningKey {
    /// PKCS#8 (`BEGIN PRIVATE KEY`) for RSA and EC keys, or PKCS#1 (`BEGIN RSA PRIVATE KEY`).
    pub fn from_pem(pem: &SecretString, alg: JwtAlg) -> Result<SigningKey> {
        let (label, der) = pem_der(pem.expose())?;
        if label.contains("ENCRYPTED") {
            return Err(key_error("is encrypted; store it decrypted (openssl pkcs8 -topk8 -nocrypt): the keychain protects it"));
        }
        let pair = match (alg, label.as_str()) {
            (a, "PRIVATE KEY") if a.is_rsa() => RsaKeyPair::from_pkcs8(&der).map(Pair::Rsa),
            (a, "RSA PRIVATE KEY") if a.is_rsa() => RsaKeyPair::from_der(&der).map(Pair::Rsa),
            (JwtAlg::ES256 | JwtAlg::ES384, "PRIVATE KEY") => {
                EcdsaKeyPair::from_pkcs8(ec_signing(alg), &der, &SystemRandom::new()).map(Pair::Ec)
            }
            (_, "EC PRIVATE KEY") => {
                return Err(key_error("is a SEC1 EC key; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in key.pem)"))
            }
            (_, other) => return Err(key_error(format!("is a \"{other}\" PEM block, not a private key for {}", alg.as_str()))),
        }
        .map_err(|e| key_error(format!("does not parse as a {} key ({e})", alg.as_str())))?;
        Ok(SigningKey { alg, pair })
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let rng = SystemRandom::new();
        match &self.pair {
            Pair::Rsa(k) => {
                let padding: &'static dyn signature::RsaEncoding = match self.alg {
                    JwtAlg::RS384 => &signature::RSA_PKCS1_SHA384,
                    JwtAlg::RS512 => &signature::RSA_PKCS1_SHA512,
                    _ => &signature::RSA_PKCS1_SHA256,
                };
                let mut sig = vec![0; k.public().modulus_len()];
                k.sign(padding, &rng, message, &mut sig)
                    .map_err(|_| key_error("could not sign"))?;
                Ok(sig)
            }
            Pair::Ec(k) => Ok(k
                .sign(&rng, message)
                .map_err(|_| key_error("could not sign"))?
                .as_ref()
                .to_vec()),
        }
    }

    /// The public half: SubjectPublicKeyInfo PEM, a JWK with `kid`, and the SHA-256
    /// fingerprint of the DER, for the instance's JWT verifier map.
    pub fn public_key(&self, kid: &str) -> PublicKeyInfo {
        let (spki, jwk) = match &self.pair {
            Pair::Rsa(k) => {
                let pkcs1 = k.public().as_ref();
                let (n, e) = der::rsa_public(pkcs1).unwrap_or_default();
                let jwk = json!({"kty": "RSA", "n": URL_SAFE_NO_PAD.encode(n), "e": URL_SAFE_NO_PAD.encode(e)});
                (der::spki(der::RSA_ALGORITHM, pkcs1), jwk)
            }
            Pair::Ec(k) => {
                let point = k.public_key().as_ref();
                let half = (point.len() - 1) / 2;
                let (crv, algorithm) = match self.alg {
                    JwtAlg::ES384 => ("P-384", der::P384_ALGORITHM),
                    _ => ("P-256", der::P256_ALGORITHM),
                };
                let jwk = json!({"kty": "EC", "crv": crv,
                    "x": URL_SAFE_NO_PAD.encode(&point[1..=half]), "y": URL_SAFE_NO_PAD.encode(&point[1 + half..])});
                (der::spki(algorithm, point), jwk)
            }
        };
        let mut jwk = jwk;
        jwk["kid"] = kid.into();
        jwk["alg"] = self.alg.as_str().into();
        jwk["use"] = "sig".into();
        let b64 = STANDARD.encode(&spki);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        let hex: Vec<String> = Sha256::digest(&spki)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        PublicKeyInfo {
            pem: format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
                lines.join("\n")
            ),
            jwk,
            fingerprint_sha256: hex.join(":"),
        }
    }
}

fn ec_signing(alg: JwtAlg) -> &'static signature::EcdsaSigningAlgorithm {
    match alg {
        JwtAlg::ES384 => &signature::ECDSA_P384_SHA384_FIXED_SIGNING,
        _ => &signature::ECDSA_P256_SHA256_FIXED_SIGNING,
    }
}

/// What the admin registers: never the private key.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PublicKeyInfo {
    pub pem: String,
    #[cfg_attr(feature = "ts", ts(type = "Record<string, string>"))]
    pub jwk: Value,
    pub fingerprint_sha256: String,
}

/// The claims of an assertion (servicenow-api.md §7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub iat: u64,
    pub exp: u64,
    pub jti: String,
}

impl Claims {
    /// iss = aud = the client ID, a random jti, valid for [`ASSERTION_LIFETIME_SECS`].
    pub fn new(client_id: &str, sub: &str, now_secs: u64) -> Claims {
        Claims {
            iss: client_id.to_string(),
            sub: sub.to_string(),
            aud: client_id.to_string(),
            iat: now_secs,
            exp: now_secs + ASSERTION_LIFETIME_SECS,
            jti: super::authorize::new_state(),
        }
    }

    /// What the instance would refuse, caught before sending.
    pub fn check(&self, client_id: &str, kid: &str, now_secs: u64) -> Result<()> {
        let bad = |m: String| Err(Error::input("assertion", m));
        if kid.trim().is_empty() {
            return bad("has no kid: set the key id the instance's JWT verifier map uses".into());
        }
        if self.aud != client_id {
            return bad(format!(
                "aud is {}, not the client ID {client_id}",
                self.aud
            ));
        }
        if self.sub.trim().is_empty() {
            return bad(
                "has no sub: set the user (email or user_name, as the registry's User Field says)"
                    .into(),
            );
        }
        if self.exp <= now_secs {
            return bad("is already expired: check the system clock".into());
        }
        Ok(())
    }
}

/// A signed assertion: `header.claims.signature`, base64url.
pub fn mint(key: &SigningKey, kid: &str, claims: &Claims) -> Result<SecretString> {
    let header = json!({"alg": key.alg.as_str(), "typ": "JWT", "kid": kid});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(serde_json::to_string(claims).unwrap_or_default())
    );
    let sig = key.sign(input.as_bytes())?;
    Ok(SecretString::new(format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(sig)
    )))
}

/// The header and claims of an assertion, decoded for the preview; the signature stays out.
pub fn decode_unverified(jwt: &str) -> Option<(Value, Value)> {
    let mut parts = jwt.split('.');
    let mut part = || -> Option<Value> {
        let bytes = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
        serde_json::from_slice(&bytes).ok()
    };
    Some((part()?, part()?))
}

/// Just enough DER for public keys.
mod der {
    pub const RSA_ALGORITHM: &[u8] = &[
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    pub const P256_ALGORITHM: &[u8] = &[
        0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86,
        0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
    ];
    pub const P384_ALGORITHM: &[u8] = &[
        0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81,
        0x04, 0x00, 0x22,
    ];

    fn len(n: usize) -> Vec<u8> {
        match n {
            0..=0x7f => vec![n as u8],
            0x80..=0xff => vec![0x81, n as u8],
            _ => vec![0x82, (n >> 8) as u8, n as u8],
        }
    }

    fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        out.extend(len(body.len()));
        out.extend_from_slice(body);
        out
    }

    /// SubjectPublicKeyInfo: the algorithm, and the key as a BIT STRING.
    pub fn spki(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
        let mut bits = vec![0u8];
        bits.extend_from_slice(key);
        let mut body = algorithm.to_vec();
        body.extend(tlv(0x03, &bits));
        tlv(0x30, &body)
    }

    /// One TLV: (tag, body, rest).
    fn read(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, rest) = input.split_first()?;
        let (&first, rest) = rest.split_first()?;
        let (n, rest) = match first {
            0..=0x7f => (usize::from(first), rest),
            0x81 => (usize::from(*rest.first()?), &rest[1..]),
            0x82 => (
                (usize::from(*rest.first()?) << 8) | usize::from(*rest.get(1)?),
                rest.get(2..)?,
            ),
            _ => return None,
        };
        Some((tag, rest.get(..n)?, rest.get(n..)?))
    }

    #[cfg(test)]
    pub fn read_for_tests(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        read(input)
    }

    /// PKCS#1 RSAPublicKey: the modulus and exponent, without sign padding.
    pub fn rsa_public(pkcs1: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
        let (_, seq, _) = read(pkcs1)?;
        let (_, n, rest) = read(seq)?;
        let (_, e, _) = read(rest)?;
        let strip = |b: &[u8]| b.iter().skip_while(|x| **x == 0).copied().collect();
        Some((strip(n), strip(e)))
    }
}

#[cfg(test)]
mod tests;
