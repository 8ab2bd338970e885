#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

const SIG_RSA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

fn signature(id: &str) -> String {
    format!(
        r##"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="{SIG_RSA256}"/><ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>abc=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>def=</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"##
    )
}

fn assertion(signed: bool) -> String {
    format!(
        r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0" IssueInstant="2026-12-02T10:00:00Z"><saml:Issuer>https://sts.example/adfs</saml:Issuer>{}<saml:Subject><saml:NameID>ann@corp.example</saml:NameID></saml:Subject><saml:Conditions NotBefore="2026-12-02T10:00:00Z" NotOnOrAfter="2026-12-02T11:00:00Z"/><saml:AuthnStatement AuthnInstant="2026-12-02T10:00:00Z"/></saml:Assertion>"#,
        if signed {
            signature("_a1")
        } else {
            String::new()
        }
    )
}

/// A Response in the shape ADFS and Entra send; `response_signed` / `assertion_signed` say
/// where the signatures are.
fn response(response_signed: bool, assertion_signed: bool) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="2026-12-02T10:00:00Z" Destination="https://login.example/saml/acme/acs" InResponseTo="_req"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.example/adfs</saml:Issuer>{}<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{}</samlp:Response>"#,
        if response_signed {
            signature("_r1")
        } else {
            String::new()
        },
        assertion(assertion_signed)
    )
}

fn check_of(xml: &str) -> Check {
    precheck(xml).expect_err("refused").check
}

#[test]
fn the_shapes_idps_send_pass() {
    for (r, a) in [(true, false), (false, true), (true, true), (false, false)] {
        let shape = precheck(&response(r, a)).unwrap();
        assert_eq!(shape.response_id, "_r1");
        assert_eq!(shape.response_signed, r);
        assert_eq!(
            shape.carried,
            Carried::Assertion {
                id: "_a1".into(),
                signed: a
            }
        );
    }
    let b64 = STANDARD.encode(response(true, true));
    assert_eq!(decode_form_value(&b64).unwrap(), response(true, true));
    let wrapped: String = b64
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
        .collect();
    assert!(decode_form_value(&wrapped).is_ok(), "line-wrapped base64");
}

#[test]
fn encoding_and_size() {
    assert_eq!(
        decode_form_value("not base64!").unwrap_err().check,
        Check::Base64
    );
    assert_eq!(
        decode_form_value(&STANDARD.encode([0xff, 0xfe, 0x00]))
            .unwrap_err()
            .check,
        Check::Utf8
    );
    let big = STANDARD.encode(vec![b'a'; MAX_RESPONSE_BYTES + 1]);
    assert_eq!(decode_form_value(&big).unwrap_err().check, Check::Size);
    let latin1 = response(true, false).replace("encoding=\"UTF-8\"", "encoding='ISO-8859-1'");
    assert_eq!(check_of(&latin1), Check::XmlDecl);
}

#[test]
fn markup_that_changes_the_reading_is_refused() {
    let doctype = format!(
        "<!DOCTYPE r [<!ENTITY e \"x\">]>{}",
        response(true, false).replace(r#"<?xml version="1.0" encoding="UTF-8"?>"#, "")
    );
    assert_eq!(check_of(&doctype), Check::Markup);
    // The comment trick: a value that reads shorter to a parser that stops at the comment.
    let comment = response(true, false).replace(
        "ann@corp.example</saml:NameID>",
        "ann@corp.example<!---->.evil.example</saml:NameID>",
    );
    assert_eq!(check_of(&comment), Check::Markup);
    let cdata = response(true, false).replace("ann@corp.example", "<![CDATA[ann@corp.example]]>");
    assert_eq!(check_of(&cdata), Check::Markup);
    let pi = response(true, false).replace("<samlp:Status>", "<?evil x?><samlp:Status>");
    assert_eq!(check_of(&pi), Check::Markup);
    assert_eq!(check_of("<samlp:Response"), Check::WellFormed);
}

#[test]
fn signature_wrapping_has_nowhere_to_hide() {
    // XSW: a second assertion beside the signed one, before it, or inside an extension.
    let two = response(false, true).replace(
        "</samlp:Response>",
        &format!(
            "{}</samlp:Response>",
            assertion(false).replace("_a1", "_a2")
        ),
    );
    assert_eq!(check_of(&two), Check::Structure);
    let before = response(false, true).replace(
        "<samlp:Status>",
        &format!("{}<samlp:Status>", assertion(false).replace("_a1", "_evil")),
    );
    assert_eq!(check_of(&before), Check::Structure);
    let hidden = response(true, false).replace(
        "</ds:KeyInfo>",
        &format!("<ds:Object>{}</ds:Object></ds:KeyInfo>", assertion(true)),
    );
    assert_eq!(check_of(&hidden), Check::Structure);
    let foreign = response(false, true).replace(
        "<saml:Subject>",
        r#"<x:Response xmlns:x="urn:evil"/><saml:Subject>"#,
    );
    assert_eq!(check_of(&foreign), Check::Structure);
    let nested = format!(
        r#"<samlp:Response xmlns:samlp="{NS_PROTOCOL}" ID="_o" Version="2.0"><samlp:Status/>{}</samlp:Response>"#,
        response(true, true).replace(r#"<?xml version="1.0" encoding="UTF-8"?>"#, "")
    );
    assert_eq!(check_of(&nested), Check::Structure);
    let xml_id = response(true, false).replace("<saml:Subject>", r#"<saml:Subject xml:id="_a1">"#);
    assert_eq!(check_of(&xml_id), Check::Structure);
    let relative =
        response(true, false).replace("<saml:Subject>", r#"<saml:Subject xmlns:r="relative/ns">"#);
    assert_eq!(check_of(&relative), Check::Structure);
    let advice = response(true, false).replace("<saml:Subject>", "<saml:Advice/><saml:Subject>");
    assert_eq!(check_of(&advice), Check::Structure);
    let order = response(true, false).replace(
        "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>",
        "",
    );
    assert_eq!(check_of(&order), Check::Structure);
}

#[test]
fn only_the_standard_signature_shape() {
    let sha1 =
        response(true, false).replace(SIG_RSA256, "http://www.w3.org/2000/09/xmldsig#rsa-sha1");
    assert_eq!(check_of(&sha1), Check::Algorithms);
    let digest1 = response(true, false).replace(
        "http://www.w3.org/2001/04/xmlenc#sha256",
        "http://www.w3.org/2000/09/xmldsig#sha1",
    );
    assert_eq!(check_of(&digest1), Check::Algorithms);
    let inclusive = response(true, false).replace(
        r#"<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
        r#"<ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/>"#,
    );
    assert_eq!(check_of(&inclusive), Check::Algorithms);
    let xpath = response(true, false).replace(
        r#"<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>"#,
        r#"<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116"><ds:XPath>1</ds:XPath></ds:Transform>"#,
    );
    assert_eq!(check_of(&xpath), Check::Transforms);
    let elsewhere = response(true, false).replace(r##"URI="#_r1""##, r##"URI="#_a1""##);
    assert_eq!(check_of(&elsewhere), Check::References);
    let whole_document = response(true, false).replace(r##"URI="#_r1""##, r#"URI="""#);
    assert_eq!(check_of(&whole_document), Check::References);
    let two_refs = response(true, false).replace(
        "</ds:Reference>",
        r##"</ds:Reference><ds:Reference URI="#_r1"/>"##,
    );
    assert_eq!(check_of(&two_refs), Check::SignatureShape);
    let twice = response(true, false).replace(
        "<samlp:Status>",
        &format!("{}<samlp:Status>", signature("_r1")),
    );
    assert!(matches!(
        check_of(&twice),
        Check::Structure | Check::SignatureShape
    ));
    let on_subject = response(false, false).replace(
        "<saml:NameID>",
        &format!("{}<saml:NameID>", signature("_a1")),
    );
    assert_eq!(check_of(&on_subject), Check::SignatureShape);
    let key_value = response(true, false).replace(
        "<ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data>",
        "<ds:KeyValue/>",
    );
    assert_eq!(check_of(&key_value), Check::SignatureShape);
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}x{}", "<a>".repeat(40), "</a>".repeat(40));
    let doc = response(true, false).replace(
        "<saml:NameID>ann@corp.example</saml:NameID>",
        &format!("<saml:NameID>{deep}</saml:NameID>"),
    );
    assert_eq!(check_of(&doc), Check::Structure);
}

#[test]
fn an_encrypted_assertion_is_carried_opaque() {
    let enc = r#"<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedKey><xenc:CipherData><xenc:CipherValue>AA==</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo><xenc:CipherData><xenc:CipherValue>AA==</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>"#;
    let doc = response(false, false).replace(&assertion(false), enc);
    assert_eq!(precheck(&doc).unwrap().carried, Carried::Encrypted);
    let signed_inside = doc.replace(
        "<xenc:CipherData><xenc:CipherValue>AA==</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData>",
        &format!("{}</xenc:EncryptedData>", signature("_r1")),
    );
    assert_eq!(check_of(&signed_inside), Check::SignatureShape);
}

#[test]
fn values_with_markup_inside_are_refused() {
    // Comments never get this far (the markup check), but the value reader refuses any
    // non-text child on its own: it never returns only the first text node.
    let doc = Document::parse("<v>ann@corp.example<!---->.evil.example</v>").unwrap();
    assert!(text_strict(doc.root_element()).is_err());
    let doc = Document::parse("<v>ann@corp.example<b/>.evil</v>").unwrap();
    assert!(text_strict(doc.root_element()).is_err());
    let doc = Document::parse("<v>\n  ann@corp.example \n</v>").unwrap();
    assert_eq!(text_strict(doc.root_element()).unwrap(), "ann@corp.example");
}
