//! The whole validation (pre-checks, xmlsec, decryption, every condition) with the fixtures'
//! IdP certificate and SP key, at the fixtures' time: inputs start from the signed responses
//! in the corpus, so mutations reach the signature and the checks after it.
#![no_main]
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use idp_federation::{validate, Expected};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/federation/src/response/fixtures");

struct Keys {
    cert: Vec<Vec<u8>>,
    key: Vec<openssl::pkey::PKey<openssl::pkey::Private>>,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        let cert = std::fs::read(format!("{FIXTURES}/idp_cert.der")).expect("fixtures");
        let key = std::fs::read(format!("{FIXTURES}/sp_key.pk8")).expect("fixtures");
        Keys {
            cert: vec![cert],
            key: vec![openssl::pkey::PKey::private_key_from_pkcs8(&key).expect("the SP key")],
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let k = keys();
    let want = Expected {
        idp_entity_id: "https://idp.corp.example/saml",
        signing_certs: &k.cert,
        sp_entity_id: "https://idp.test/saml/acme",
        acs_url: "https://idp.test/saml/acme/acs",
        decryption_keys: &k.key,
        now: 1_796_197_291,
        skew: 180,
    };
    let _ = validate(&STANDARD.encode(data), &want);
});
