//! What "Test connection" shows an administrator of a posted Response: the document
//! pretty-printed with the signed elements marked, and what it says, read as posted (so that
//! a refused response can still be explained). Nothing here is trusted: the verdict is
//! [`crate::validate`]'s alone, and a value read here never signs anyone in.

use crate::decrypt::decrypt_assertion;
use crate::precheck::{decode_form_value, NS_ASSERTION, NS_DSIG, NS_PROTOCOL};
use crate::xml::{child, children, is};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use openssl::pkey::{PKey, Private};
use roxmltree::{Document, Node, NodeType, ParsingOptions};
use std::collections::HashSet;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// At most this many lines are shown; the rest is cut with a note.
pub const MAX_LINES: usize = 2_000;
/// Longer text (signature values, certificates, cipher text) is shortened to this.
const MAX_TEXT: usize = 72;

/// One line of the pretty-printed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub depth: usize,
    pub text: String,
    /// Inside an element that an enveloped signature in the document names.
    pub signed: bool,
}

/// What the document says, read as posted: for explaining, never for trusting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Seen {
    pub response_issuer: Option<String>,
    pub assertion_issuer: Option<String>,
    pub destination: Option<String>,
    pub recipient: Option<String>,
    pub audiences: Vec<String>,
    /// The Response's IssueInstant, else the assertion's (Unix seconds).
    pub issue_instant: Option<i64>,
    /// The assertion's Conditions/@NotOnOrAfter.
    pub not_on_or_after: Option<i64>,
    pub name_id: Option<String>,
    pub name_id_format: Option<String>,
    pub authn_context: Option<String>,
    pub attributes: Vec<crate::Attribute>,
    pub response_signed: bool,
    pub assertion_signed: bool,
    pub encrypted: bool,
    /// The certificates the signatures carry in their KeyInfo (DER): compared with the
    /// metadata's, never used to verify.
    pub signature_certs: Vec<Vec<u8>>,
}

/// The posted document as an administrator sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// `None`: the value is not a readable document (see the validation's refusal).
    pub lines: Option<Vec<Line>>,
    /// An encrypted assertion, opened with the SP keys, when that works.
    pub decrypted: Option<Vec<Line>>,
    pub seen: Seen,
    /// More lines than [`MAX_LINES`]: the view is cut.
    pub cut: bool,
}

fn parse(xml: &str) -> Option<Document<'_>> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 100_000,
    };
    Document::parse_with_options(xml, opts).ok()
}

fn instant(v: Option<&str>) -> Option<i64> {
    OffsetDateTime::parse(v?, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

fn text(n: Node<'_, '_>) -> Option<String> {
    let s: String = n
        .children()
        .filter(|c| c.node_type() == NodeType::Text)
        .filter_map(|c| c.text())
        .collect();
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The IDs that an enveloped signature names (`Reference URI="#id"` of a `ds:Signature`
/// that is a child of the element with that ID).
fn signed_ids(root: Node<'_, '_>) -> HashSet<String> {
    root.descendants()
        .filter(|n| is(*n, NS_DSIG, "Signature"))
        .filter_map(|sig| {
            let parent_id = sig.parent_element()?.attribute("ID")?;
            let uri = child(sig, NS_DSIG, "SignedInfo")
                .and_then(|si| child(si, NS_DSIG, "Reference"))
                .and_then(|r| r.attribute("URI"))?;
            (uri.strip_prefix('#') == Some(parent_id)).then(|| parent_id.to_owned())
        })
        .collect()
}

fn qualified(n: Node<'_, '_>) -> String {
    let name = n.tag_name().name();
    match n
        .tag_name()
        .namespace()
        .and_then(|ns| n.lookup_prefix(ns))
        .filter(|p| !p.is_empty())
    {
        Some(p) => format!("{p}:{name}"),
        None => name.to_owned(),
    }
}

fn shorten(s: &str) -> String {
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > MAX_TEXT {
        let head: String = s.chars().take(MAX_TEXT).collect();
        format!("{head}…")
    } else {
        s
    }
}

struct Printer<'s> {
    signed_ids: &'s HashSet<String>,
    lines: Vec<Line>,
    cut: bool,
}

impl Printer<'_> {
    fn push(&mut self, depth: usize, text: String, signed: bool) {
        if self.lines.len() >= MAX_LINES {
            self.cut = true;
            return;
        }
        self.lines.push(Line {
            depth,
            text,
            signed,
        });
    }

    fn element(&mut self, n: Node<'_, '_>, depth: usize, signed: bool) {
        if self.cut || depth > 64 {
            return;
        }
        let signed = signed
            || n.attribute("ID")
                .is_some_and(|id| self.signed_ids.contains(id));
        let name = qualified(n);
        let mut open = format!("<{name}");
        for a in n.attributes() {
            open.push_str(&format!(" {}=\"{}\"", a.name(), shorten(a.value())));
        }
        let kids: Vec<_> = n.children().filter(|c| c.is_element()).collect();
        match (kids.is_empty(), text(n)) {
            (true, None) => self.push(depth, format!("{open}/>"), signed),
            (true, Some(t)) => self.push(depth, format!("{open}>{}</{name}>", shorten(&t)), signed),
            (false, _) => {
                self.push(depth, format!("{open}>"), signed);
                for k in kids {
                    self.element(k, depth + 1, signed);
                }
                self.push(depth, format!("</{name}>"), signed);
            }
        }
    }
}

fn print(root: Node<'_, '_>) -> (Vec<Line>, bool) {
    let ids = signed_ids(root);
    let mut p = Printer {
        signed_ids: &ids,
        lines: Vec::new(),
        cut: false,
    };
    p.element(root, 0, false);
    (p.lines, p.cut)
}

/// The certificates inside signatures' KeyInfo, in one pass over the document.
fn certificates(root: Node<'_, '_>) -> Vec<Vec<u8>> {
    root.descendants()
        .filter(|n| is(*n, NS_DSIG, "X509Certificate"))
        .filter(|c| c.ancestors().any(|a| is(a, NS_DSIG, "Signature")))
        .filter_map(|c| {
            let b64: String = text(c)?.split_whitespace().collect();
            STANDARD.decode(b64).ok()
        })
        .collect()
}

fn has_signature(n: Node<'_, '_>) -> bool {
    child(n, NS_DSIG, "Signature").is_some()
}

/// Reads an assertion's fields into `seen`.
fn read_assertion(a: Node<'_, '_>, seen: &mut Seen) {
    seen.assertion_signed = has_signature(a);
    seen.assertion_issuer = child(a, NS_ASSERTION, "Issuer").and_then(text);
    if seen.issue_instant.is_none() {
        seen.issue_instant = instant(a.attribute("IssueInstant"));
    }
    if let Some(subject) = child(a, NS_ASSERTION, "Subject") {
        if let Some(id) = child(subject, NS_ASSERTION, "NameID") {
            seen.name_id = text(id);
            seen.name_id_format = id.attribute("Format").map(str::to_owned);
        }
        seen.recipient = children(subject, NS_ASSERTION, "SubjectConfirmation")
            .filter_map(|c| child(c, NS_ASSERTION, "SubjectConfirmationData"))
            .find_map(|d| d.attribute("Recipient"))
            .map(str::to_owned);
    }
    if let Some(c) = child(a, NS_ASSERTION, "Conditions") {
        seen.not_on_or_after = instant(c.attribute("NotOnOrAfter"));
        seen.audiences = children(c, NS_ASSERTION, "AudienceRestriction")
            .flat_map(|r| children(r, NS_ASSERTION, "Audience"))
            .filter_map(text)
            .collect();
    }
    seen.authn_context = child(a, NS_ASSERTION, "AuthnStatement")
        .and_then(|s| child(s, NS_ASSERTION, "AuthnContext"))
        .and_then(|c| child(c, NS_ASSERTION, "AuthnContextClassRef"))
        .and_then(text);
    seen.attributes = children(a, NS_ASSERTION, "AttributeStatement")
        .flat_map(|s| children(s, NS_ASSERTION, "Attribute"))
        .filter_map(|at| {
            Some(crate::Attribute {
                name: at.attribute("Name")?.to_owned(),
                values: children(at, NS_ASSERTION, "AttributeValue")
                    .map(|v| text(v).unwrap_or_default())
                    .collect(),
            })
        })
        .collect();
    seen.signature_certs.extend(certificates(a));
}

/// The posted `SAMLResponse` value as an administrator sees it. `keys` open an encrypted
/// assertion for showing (pass none when the validation refused it: no answer here may tell
/// one decryption failure from another).
pub fn diagnose(form_value: &str, keys: &[PKey<Private>]) -> Diagnosis {
    let Ok(xml) = decode_form_value(form_value) else {
        return Diagnosis::default();
    };
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(&xml);
    let Some(doc) = parse(xml) else {
        return Diagnosis::default();
    };
    let root = doc.root_element();
    let (lines, cut) = print(root);
    let mut seen = Seen::default();
    if is(root, NS_PROTOCOL, "Response") {
        seen.response_signed = has_signature(root);
        seen.response_issuer = child(root, NS_ASSERTION, "Issuer").and_then(text);
        seen.destination = root.attribute("Destination").map(str::to_owned);
        seen.issue_instant = instant(root.attribute("IssueInstant"));
    }
    seen.signature_certs = certificates(root);
    let mut decrypted = None;
    if let Some(a) = child(root, NS_ASSERTION, "Assertion") {
        read_assertion(a, &mut seen);
    } else if let Some(ea) = child(root, NS_ASSERTION, "EncryptedAssertion") {
        seen.encrypted = true;
        if let Ok(plain) = decrypt_assertion(ea, keys) {
            if let Some(pdoc) = parse(&plain) {
                let a = pdoc.root_element();
                if is(a, NS_ASSERTION, "Assertion") {
                    read_assertion(a, &mut seen);
                    decrypted = Some(print(a).0);
                }
            }
        }
    }
    // Each certificate once, in the order first seen.
    let mut once = HashSet::new();
    seen.signature_certs.retain(|c| once.insert(c.clone()));
    Diagnosis {
        lines: Some(lines),
        decrypted,
        seen,
        cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        STANDARD.encode(s)
    }

    const RESPONSE: &str = r##"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Destination="https://idp.example/saml/acme/acs" IssueInstant="2026-12-01T10:00:00Z"><saml:Issuer>https://upstream.example</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a" IssueInstant="2026-12-01T10:00:01Z"><saml:Issuer>https://upstream.example</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:Reference URI="#_a"/></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>AQID</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">ann@acme.example</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData Recipient="https://idp.example/saml/acme/acs"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotOnOrAfter="2026-12-01T10:05:00Z"><saml:AudienceRestriction><saml:Audience>https://wrong.example</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="mail"><saml:AttributeValue>ann@acme.example</saml:AttributeValue><saml:AttributeValue>a2@acme.example</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"##;

    #[test]
    fn reads_and_marks_the_signed_assertion() {
        let d = diagnose(&b64(RESPONSE), &[]);
        let lines = d.lines.expect("a document");
        let line = |t: &str| lines.iter().find(|l| l.text.starts_with(t)).unwrap();
        assert!(
            !line("<samlp:Response").signed,
            "the Response carries no signature"
        );
        assert!(line("<saml:Assertion").signed);
        assert!(line("<saml:NameID").signed);
        assert_eq!(line("<saml:NameID").depth, 3);
        assert_eq!(
            line("<saml:NameID").text,
            "<saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">ann@acme.example</saml:NameID>"
        );
        assert!(
            !line("<saml:Issuer").signed,
            "the Response's Issuer is outside"
        );
        let s = &d.seen;
        assert!(!s.response_signed && s.assertion_signed && !s.encrypted);
        assert_eq!(s.audiences, ["https://wrong.example"]);
        assert_eq!(s.name_id.as_deref(), Some("ann@acme.example"));
        assert_eq!(s.issue_instant, Some(1_796_119_200));
        assert_eq!(s.not_on_or_after, Some(1_796_119_500));
        assert_eq!(s.signature_certs, [vec![1u8, 2, 3]]);
        assert_eq!(s.attributes[0].values.len(), 2);
        assert_eq!(
            s.authn_context.as_deref(),
            Some("urn:oasis:names:tc:SAML:2.0:ac:classes:Password")
        );
        assert_eq!(
            s.recipient.as_deref(),
            Some("https://idp.example/saml/acme/acs")
        );
    }

    #[test]
    fn a_reference_to_another_element_marks_nothing() {
        let moved = RESPONSE.replace("URI=\"#_a\"", "URI=\"#_r\"");
        let d = diagnose(&b64(&moved), &[]);
        assert!(d.lines.unwrap().iter().all(|l| !l.signed));
    }

    #[test]
    fn long_values_are_shortened_and_garbage_is_no_document() {
        let long = RESPONSE.replace("AAAA", &"A".repeat(400));
        let d = diagnose(&b64(&long), &[]);
        let sig = d
            .lines
            .unwrap()
            .into_iter()
            .find(|l| l.text.starts_with("<ds:SignatureValue"))
            .unwrap();
        assert!(sig.text.chars().count() < 140 && sig.text.contains('…'));
        assert_eq!(diagnose("%%%", &[]), Diagnosis::default());
        assert_eq!(diagnose(&b64("<a><b></a>"), &[]).lines, None);
        let dtd = format!("<!DOCTYPE x [<!ENTITY e \"x\">]>{RESPONSE}");
        assert_eq!(diagnose(&b64(&dtd), &[]).lines, None);
    }
}
