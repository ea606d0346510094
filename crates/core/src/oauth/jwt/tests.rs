use super::*;

const RSA: &str = include_str!("../../../tests/fixtures/jwt/rsa.pem");
const RSA_PUB: &str = include_str!("../../../tests/fixtures/jwt/rsa.pub.pem");
const EC: &str = include_str!("../../../tests/fixtures/jwt/ec256.pem");
const EC_PUB: &str = include_str!("../../../tests/fixtures/jwt/ec256.pub.pem");

fn verify(
    alg: &'static dyn signature::VerificationAlgorithm,
    public_key: &[u8],
    jwt: &str,
) -> bool {
    let (input, sig) = jwt.rsplit_once('.').unwrap();
    let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
    signature::UnparsedPublicKey::new(alg, public_key)
        .verify(input.as_bytes(), &sig)
        .is_ok()
}

/// The key inside a SubjectPublicKeyInfo PEM (what `openssl pkey -pubout` wrote).
fn spki_key(pem: &str) -> Vec<u8> {
    let (_, der) = pem_der(pem).unwrap();
    // SEQUENCE { AlgorithmIdentifier, BIT STRING }: the BIT STRING is last.
    let (_, seq, _) = der::read_for_tests(&der).unwrap();
    let (_, _, rest) = der::read_for_tests(seq).unwrap();
    let (_, bits, _) = der::read_for_tests(rest).unwrap();
    bits[1..].to_vec()
}

#[test]
fn claims_are_what_servicenow_checks() {
    let c = Claims::new("cid", "beth@example.com", 1_700_000_000);
    assert_eq!(
        (c.iss.as_str(), c.aud.as_str(), c.sub.as_str()),
        ("cid", "cid", "beth@example.com")
    );
    assert_eq!(c.exp - c.iat, 300);
    assert!(c.jti.len() >= 32);
    assert_ne!(
        Claims::new("cid", "x", 0).jti,
        Claims::new("cid", "x", 0).jti,
        "a fresh jti each time"
    );
    assert!(c.check("cid", "k1", 1_700_000_100).is_ok());
    assert!(c
        .check("other", "k1", 1_700_000_100)
        .unwrap_err()
        .to_string()
        .contains("aud"));
    assert!(c
        .check("cid", " ", 1_700_000_100)
        .unwrap_err()
        .to_string()
        .contains("kid"));
    assert!(c
        .check("cid", "k1", 1_700_000_300)
        .unwrap_err()
        .to_string()
        .contains("expired"));
}

#[test]
fn rs256_assertions_verify_against_the_public_key() {
    let key = SigningKey::from_pem(&SecretString::new(RSA), JwtAlg::RS256).unwrap();
    let claims = Claims::new("cid", "admin", 1_700_000_000);
    let jwt = mint(&key, "k1", &claims).unwrap();
    let (header, decoded) = decode_unverified(jwt.expose()).unwrap();
    assert_eq!(header, json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}));
    assert_eq!(serde_json::from_value::<Claims>(decoded).unwrap(), claims);
    let public = spki_key(RSA_PUB);
    assert!(verify(
        &signature::RSA_PKCS1_2048_8192_SHA256,
        &public,
        jwt.expose()
    ));
    // The public key shown to the admin is the one openssl derives.
    let info = key.public_key("k1");
    assert_eq!(info.pem, RSA_PUB);
    assert_eq!(
        (info.jwk["kty"].as_str(), info.jwk["kid"].as_str()),
        (Some("RSA"), Some("k1"))
    );
    assert_eq!(info.jwk["e"], "AQAB");
    assert_eq!(info.fingerprint_sha256.len(), 32 * 3 - 1);
    for alg in [JwtAlg::RS384, JwtAlg::RS512] {
        let k = SigningKey::from_pem(&SecretString::new(RSA), alg).unwrap();
        let v: &'static dyn signature::VerificationAlgorithm = if alg == JwtAlg::RS384 {
            &signature::RSA_PKCS1_2048_8192_SHA384
        } else {
            &signature::RSA_PKCS1_2048_8192_SHA512
        };
        assert!(verify(
            v,
            &public,
            mint(&k, "k1", &claims).unwrap().expose()
        ));
    }
}

#[test]
fn es256_assertions_verify_against_the_public_key() {
    let key = SigningKey::from_pem(&SecretString::new(EC), JwtAlg::ES256).unwrap();
    let jwt = mint(&key, "k2", &Claims::new("cid", "admin", 1)).unwrap();
    assert!(verify(
        &signature::ECDSA_P256_SHA256_FIXED,
        &spki_key(EC_PUB),
        jwt.expose()
    ));
    let info = key.public_key("k2");
    assert_eq!(info.pem, EC_PUB);
    assert_eq!(info.jwk["crv"], "P-256");
}

#[test]
fn bad_keys_are_named() {
    let err = |pem: &str, alg| {
        SigningKey::from_pem(&SecretString::new(pem), alg)
            .err()
            .unwrap()
            .to_string()
    };
    assert!(err("not a key", JwtAlg::RS256).contains("not PEM"));
    assert!(err(RSA_PUB, JwtAlg::RS256).contains("PUBLIC KEY"));
    assert!(err(EC, JwtAlg::RS256).contains("does not parse"));
    assert!(err(RSA, JwtAlg::ES256).contains("does not parse"));
    assert!(err(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        JwtAlg::RS256
    )
    .contains("encrypted"));
    assert!(
        !err(RSA, JwtAlg::ES256).contains("MII"),
        "no key material in the message"
    );
}
