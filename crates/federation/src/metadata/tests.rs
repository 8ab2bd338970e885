#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

/// Bytes shaped like a DER certificate (a SEQUENCE), `n` telling them apart.
fn cert(n: u8) -> String {
    let mut der = vec![0x30, 0x82, 0x01, 0x00];
    der.extend(std::iter::repeat_n(n, 100));
    STANDARD.encode(der)
}

fn key(usage: Option<&str>, c: &str) -> String {
    let u = usage.map(|u| format!(r#" use="{u}""#)).unwrap_or_default();
    format!(
        r#"<KeyDescriptor{u}><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>
{c}
</X509Certificate></X509Data></KeyInfo></KeyDescriptor>"#
    )
}

/// ADFS's shape: a signature over the file, WS-Federation role descriptors before the SAML
/// one, an encryption key beside the signing key.
fn adfs(keys: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><EntityDescriptor ID="_x" entityID="http://sts.corp.example/adfs/services/trust" xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature><RoleDescriptor xsi:type="fed:SecurityTokenServiceType" protocolSupportEnumeration="http://docs.oasis-open.org/wsfed/federation/200706" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fed="http://docs.oasis-open.org/wsfed/federation/200706">{}</RoleDescriptor><SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{}</SPSSODescriptor><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{keys}<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sts.corp.example/adfs/ls/"/><NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</NameIDFormat><NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</NameIDFormat><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sts.corp.example/adfs/ls/"/><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sts.corp.example/adfs/ls/"/></IDPSSODescriptor></EntityDescriptor>"#,
        key(Some("signing"), &cert(9)),
        key(Some("signing"), &cert(8)),
    )
}

#[test]
fn adfs_metadata_gives_its_signing_certificates_and_endpoints() {
    let keys = format!(
        "{}{}",
        key(Some("encryption"), &cert(1)),
        key(Some("signing"), &cert(2))
    );
    let m = parse_idp_metadata(&adfs(&keys), None).unwrap();
    assert_eq!(m.entity_id, "http://sts.corp.example/adfs/services/trust");
    assert_eq!(
        m.sso_redirect.as_deref(),
        Some("https://sts.corp.example/adfs/ls/")
    );
    assert_eq!(
        m.slo_redirect.as_deref(),
        Some("https://sts.corp.example/adfs/ls/")
    );
    assert_eq!(
        m.signing_certs,
        vec![STANDARD.decode(cert(2)).unwrap()],
        "the IdP's signing key only: not its encryption key, not the SP or WS-Fed roles'"
    );
    assert_eq!(m.name_id_formats.len(), 2);
    assert!(!m.wants_signed_requests);
}

#[test]
fn a_key_without_use_signs_and_every_certificate_counts() {
    // Entra's shape: KeyDescriptors without `use`; two during a rollover.
    let keys = format!(
        "{}{}",
        key(None, &cert(3)),
        key(Some(" signing "), &cert(4))
    );
    let m = parse_idp_metadata(&adfs(&keys), None).unwrap();
    assert_eq!(m.signing_certs.len(), 2);
    // Signing certificates beside an encryption one are still all there.
    let keys = format!("{}{}", key(Some("signing"), &cert(5)), key(None, &cert(6)));
    assert_eq!(
        parse_idp_metadata(&adfs(&keys), None)
            .unwrap()
            .signing_certs
            .len(),
        2
    );
}

#[test]
fn metadata_that_cannot_secure_anything_is_refused() {
    let only_encryption = key(Some("encryption"), &cert(1));
    assert_eq!(
        parse_idp_metadata(&adfs(&only_encryption), None),
        Err(MetadataError::NoSigningCertificate)
    );
    assert_eq!(
        parse_idp_metadata(&adfs(""), None),
        Err(MetadataError::NoSigningCertificate)
    );
    let not_der = key(Some("signing"), &STANDARD.encode(b"hello"));
    assert_eq!(
        parse_idp_metadata(&adfs(&not_der), None),
        Err(MetadataError::BadCertificate)
    );
    let http = adfs(&key(None, &cert(2))).replace(
        "https://sts.corp.example/adfs/ls/",
        "http://sts.corp.example/adfs/ls/",
    );
    assert!(matches!(
        parse_idp_metadata(&http, None),
        Err(MetadataError::NotHttps(_))
    ));
    let local = adfs(&key(None, &cert(2))).replace(
        "https://sts.corp.example/adfs/ls/",
        "http://127.0.0.1:8099/sso",
    );
    assert!(
        parse_idp_metadata(&local, None).is_ok(),
        "a test IdP on loopback"
    );
    let no_id = adfs(&key(None, &cert(2))).replace(
        r#"entityID="http://sts.corp.example/adfs/services/trust""#,
        "",
    );
    assert_eq!(
        parse_idp_metadata(&no_id, None),
        Err(MetadataError::NoEntityId)
    );
    let doctype = format!(
        "<!DOCTYPE x>{}",
        adfs(&key(None, &cert(2))).replace(r#"<?xml version="1.0" encoding="utf-8"?>"#, "")
    );
    assert_eq!(
        parse_idp_metadata(&doctype, None),
        Err(MetadataError::Doctype)
    );
    let sp_only =
        adfs(&key(None, &cert(2))).replace("IDPSSODescriptor", "AttributeAuthorityDescriptor");
    assert_eq!(
        parse_idp_metadata(&sp_only, None),
        Err(MetadataError::NoIdp)
    );
    assert!(matches!(
        parse_idp_metadata("<x", None),
        Err(MetadataError::Xml(_))
    ));
}

#[test]
fn one_entity_of_several_by_name() {
    let one = adfs(&key(None, &cert(2))).replace(r#"<?xml version="1.0" encoding="utf-8"?>"#, "");
    let two = one.replace("sts.corp.example", "sts.other.example");
    let all = format!(
        r#"<EntitiesDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata">{one}{two}</EntitiesDescriptor>"#
    );
    assert!(matches!(
        parse_idp_metadata(&all, None),
        Err(MetadataError::SeveralIdps(_))
    ));
    let m = parse_idp_metadata(&all, Some("http://sts.other.example/adfs/services/trust")).unwrap();
    assert_eq!(
        m.sso_redirect.as_deref(),
        Some("https://sts.other.example/adfs/ls/")
    );
}
