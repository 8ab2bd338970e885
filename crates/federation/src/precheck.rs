//! The checks a SAML Response passes before any signature is processed: size, encoding, no
//! markup that changes how the document is read, one Response with at most one assertion, and
//! signatures of the one shape this broker accepts.
//!
//! Rules enforced here (each a named [`Check`]; the first failure refuses):
//! - the posted value is base64 of at most [`MAX_RESPONSE_BYTES`] of UTF-8;
//! - no `<!` anywhere (DOCTYPE, entities, comments, CDATA) and no processing instruction but a
//!   leading XML declaration that says UTF-8 (libxml2 decodes by the declaration, this parser
//!   by the bytes: the two must read the same document);
//! - one `samlp:Response` root, version 2.0, with an ID; its children in schema order
//!   (`Issuer?`, `Signature?`, `Status`, then at most one `Assertion` or `EncryptedAssertion`);
//!   no other element called `Response`, `Assertion` or `EncryptedAssertion` anywhere, in any
//!   namespace, which leaves signature wrapping nothing to hide behind;
//! - no `xml:id`, no relative namespace URI, nesting at most [`MAX_DEPTH`] deep;
//! - a signature sits directly on the Response or the Assertion, at most one each, in the
//!   standard shape: exclusive canonicalization, RSA or ECDSA with SHA-256/384/512 (no SHA-1),
//!   one Reference to its parent's ID, the enveloped-signature transform and exclusive c14n
//!   only (never XPath or XSLT), SHA-256/384/512 digests. No `ds:` element elsewhere, except in
//!   the key information of an encrypted assertion.
//!
//! Values are read with [`text_strict`], which refuses markup inside a value rather than
//! return its first text node.

use crate::xml::is;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use roxmltree::{Document, Node, NodeType, ParsingOptions};

/// The largest decoded Response accepted (Entra with many groups sends tens of KB).
pub const MAX_RESPONSE_BYTES: usize = 512 * 1024;
/// The deepest element nesting accepted.
pub const MAX_DEPTH: usize = 32;
const MAX_NODES: u32 = 10_000;
/// The most element children one element may have (Entra sends up to 150 groups, each an
/// AttributeValue; samael's reduction walks siblings recursively).
pub const MAX_CHILDREN: usize = 1_000;

pub const NS_PROTOCOL: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const NS_ASSERTION: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
pub const NS_DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
pub const NS_XENC: &str = "http://www.w3.org/2001/04/xmlenc#";
const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
/// Signature algorithms accepted: RSA and ECDSA with SHA-2; never SHA-1.
pub const SIGNATURE_METHODS: [&str; 5] = [
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
];
/// Digest algorithms accepted in a Reference.
pub const DIGEST_METHODS: [&str; 3] = [
    "http://www.w3.org/2001/04/xmlenc#sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512",
];

/// The check that refused a Response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check {
    Size,
    Base64,
    Utf8,
    Markup,
    XmlDecl,
    WellFormed,
    Structure,
    SignatureShape,
    Algorithms,
    Transforms,
    References,
    /// After the pre-checks (see [`crate::response`]).
    Signature,
    Decryption,
    Status,
    Issuer,
    Destination,
    Time,
    Subject,
    Recipient,
    Audience,
    InResponseTo,
    /// The caller's, with state: a pending request sent from this browser, the replay
    /// table, unsolicited responses.
    Request,
    Replay,
    Unsolicited,
}

/// Why a Response was refused: the check, and a detail for the log (never shown to the user,
/// never the document itself).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SAML response refused by the {check:?} check: {detail}")]
pub struct Refused {
    pub check: Check,
    pub detail: String,
}

fn refused<T>(check: Check, detail: impl Into<String>) -> Result<T, Refused> {
    Err(Refused {
        check,
        detail: detail.into(),
    })
}

/// The assertion a Response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carried {
    /// No assertion (an error status).
    None,
    /// A plain assertion with this ID; `signed` when it has a signature of its own.
    Assertion { id: String, signed: bool },
    /// An encrypted assertion: its own checks run once it is decrypted.
    Encrypted,
}

/// What the checks found: the Response's ID, whether it carries a signature, and its
/// assertion. Which signature is then required is the caller's rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    pub response_id: String,
    pub response_signed: bool,
    pub carried: Carried,
}

/// The `SAMLResponse` form value, decoded: base64 (whitespace ignored) of UTF-8, within size.
pub fn decode_form_value(value: &str) -> Result<String, Refused> {
    // Base64 grows by 4/3: refuse before decoding what cannot fit.
    if value.len() > MAX_RESPONSE_BYTES / 3 * 4 + 4096 {
        return refused(Check::Size, format!("{} bytes posted", value.len()));
    }
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = STANDARD
        .decode(compact.as_bytes())
        .or_else(|_| refused(Check::Base64, "not base64"))?;
    if bytes.len() > MAX_RESPONSE_BYTES {
        return refused(Check::Size, format!("{} bytes decoded", bytes.len()));
    }
    String::from_utf8(bytes).or_else(|_| refused(Check::Utf8, "not UTF-8"))
}

/// Runs every check on the decoded document.
pub fn precheck(xml: &str) -> Result<Shape, Refused> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    markup(xml)?;
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
    };
    let doc = Document::parse_with_options(xml, opts)
        .or_else(|e| refused(Check::WellFormed, e.to_string()))?;
    let root = doc.root_element();
    everywhere(root, true)?;
    let shape = response(root)?;
    signatures(root)?;
    Ok(shape)
}

/// The same checks for an assertion that arrived encrypted, once decrypted: it stands alone
/// (its own root, no Response around it), and nothing inside it may be named like a Response
/// or an assertion. Returns its ID and whether it carries a signature of its own.
pub fn precheck_assertion(xml: &str) -> Result<(String, bool), Refused> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    markup(xml)?;
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
    };
    let doc = Document::parse_with_options(xml, opts)
        .or_else(|e| refused(Check::WellFormed, e.to_string()))?;
    let root = doc.root_element();
    if !is(root, NS_ASSERTION, "Assertion") {
        return refused(
            Check::Structure,
            "the decrypted content is not an assertion",
        );
    }
    everywhere(root, false)?;
    let Carried::Assertion { id, signed } = assertion(root)? else {
        return refused(Check::Structure, "not an assertion");
    };
    signatures(root)?;
    Ok((id, signed))
}

/// No `<!` at all; `<?` only as the leading declaration, which must say UTF-8 if it names
/// an encoding.
fn markup(xml: &str) -> Result<(), Refused> {
    if xml.contains("<!") {
        return refused(Check::Markup, "a DOCTYPE, entity, comment or CDATA section");
    }
    let body = match xml.strip_prefix("<?xml") {
        Some(rest) => {
            let Some(end) = rest.find("?>") else {
                return refused(Check::XmlDecl, "an unterminated XML declaration");
            };
            let decl = &rest[..end];
            if !decl.starts_with([' ', '\t', '\r', '\n']) {
                return refused(Check::XmlDecl, "not an XML declaration");
            }
            if let Some(enc) = pseudo_attribute(decl, "encoding") {
                if !enc.eq_ignore_ascii_case("utf-8") {
                    return refused(Check::XmlDecl, format!("encoding {enc:?}"));
                }
            }
            &rest[end + 2..]
        }
        None => xml,
    };
    if body.contains("<?") {
        return refused(Check::Markup, "a processing instruction");
    }
    Ok(())
}

/// The value of `name="..."` (or single-quoted) in an XML declaration.
fn pseudo_attribute<'a>(decl: &'a str, name: &str) -> Option<&'a str> {
    let at = decl.find(name)?;
    let rest = decl[at + name.len()..].trim_start().strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let rest = &rest[1..];
    rest.find(quote).map(|end| &rest[..end])
}

/// Rules for every element: depth, no `xml:id`, absolute namespace URIs, and no element named
/// like a Response or an assertion except where [`response`] expects one.
/// `children_of_root`: whether the root's children may be an assertion (true for a
/// Response, false for an assertion standing alone).
fn everywhere(root: Node<'_, '_>, children_of_root: bool) -> Result<(), Refused> {
    let mut stack = vec![(root, 1usize)];
    while let Some((n, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return refused(Check::Structure, "nested too deep");
        }
        if n.attributes()
            .any(|a| a.namespace() == Some(NS_XML) && a.name() == "id")
        {
            return refused(Check::Structure, "an xml:id attribute");
        }
        for ns in n.namespaces() {
            if ns.uri() != NS_XML && !is_absolute(ns.uri()) {
                return refused(Check::Structure, format!("namespace {:?}", ns.uri()));
            }
        }
        let name = n.tag_name().name();
        let expected = n == root
            || (children_of_root && n.parent_element() == Some(root) && name != "Response");
        if matches!(name, "Response" | "Assertion" | "EncryptedAssertion") && !expected {
            return refused(Check::Structure, format!("a nested {name}"));
        }
        let mut kids = 0;
        for c in n.children().filter(Node::is_element) {
            kids += 1;
            if kids > MAX_CHILDREN {
                return refused(Check::Structure, "too many elements side by side");
            }
            stack.push((c, depth + 1));
        }
    }
    Ok(())
}

fn is_absolute(uri: &str) -> bool {
    match uri.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Non-whitespace text directly under an element that holds only elements.
fn stray_text(n: Node<'_, '_>) -> bool {
    n.children()
        .any(|c| c.is_text() && !c.text().unwrap_or_default().trim().is_empty())
}

/// The Response root and its children in schema order.
fn response(root: Node<'_, '_>) -> Result<Shape, Refused> {
    if !is(root, NS_PROTOCOL, "Response") {
        return refused(Check::Structure, "the root is not a samlp:Response");
    }
    if root.attribute("Version") != Some("2.0") {
        return refused(Check::Structure, "not SAML 2.0");
    }
    let Some(response_id) = root.attribute("ID").filter(|v| !v.is_empty()) else {
        return refused(Check::Structure, "the Response has no ID");
    };
    if stray_text(root) {
        return refused(Check::Structure, "text inside the Response");
    }
    let kids: Vec<Node<'_, '_>> = root.children().filter(Node::is_element).collect();
    let mut i = 0;
    if kids.get(i).is_some_and(|k| is(*k, NS_ASSERTION, "Issuer")) {
        i += 1;
    }
    let response_signed = kids.get(i).is_some_and(|k| is(*k, NS_DSIG, "Signature"));
    if response_signed {
        i += 1;
    }
    if !kids.get(i).is_some_and(|k| is(*k, NS_PROTOCOL, "Status")) {
        return refused(
            Check::Structure,
            "Issuer, Signature and Status are not in schema order",
        );
    }
    i += 1;
    let carried = match kids.get(i) {
        None => Carried::None,
        Some(a) if is(*a, NS_ASSERTION, "Assertion") => assertion(*a)?,
        Some(a) if is(*a, NS_ASSERTION, "EncryptedAssertion") => {
            encrypted(*a)?;
            Carried::Encrypted
        }
        Some(other) => {
            return refused(
                Check::Structure,
                format!("an unexpected {}", other.tag_name().name()),
            )
        }
    };
    if kids.len() > i + 1 {
        return refused(Check::Structure, "more than one assertion");
    }
    Ok(Shape {
        response_id: response_id.to_owned(),
        response_signed,
        carried,
    })
}

fn assertion(a: Node<'_, '_>) -> Result<Carried, Refused> {
    if a.attribute("Version") != Some("2.0") {
        return refused(Check::Structure, "an assertion that is not SAML 2.0");
    }
    let Some(id) = a.attribute("ID").filter(|v| !v.is_empty()) else {
        return refused(Check::Structure, "the assertion has no ID");
    };
    let kids: Vec<Node<'_, '_>> = a.children().filter(Node::is_element).collect();
    if !kids.first().is_some_and(|k| is(*k, NS_ASSERTION, "Issuer")) {
        return refused(
            Check::Structure,
            "the assertion does not start with its Issuer",
        );
    }
    let signed = kids.get(1).is_some_and(|k| is(*k, NS_DSIG, "Signature"));
    for k in &kids[1..] {
        let name = k.tag_name().name();
        let known = match k.tag_name().namespace() {
            Some(NS_ASSERTION) => matches!(
                name,
                "Subject" | "Conditions" | "AuthnStatement" | "AttributeStatement"
            ),
            Some(NS_DSIG) => name == "Signature",
            _ => false,
        };
        if !known {
            return refused(Check::Structure, format!("an assertion holding {name}"));
        }
    }
    Ok(Carried::Assertion {
        id: id.to_owned(),
        signed,
    })
}

/// An encrypted assertion holds encrypted data and its keys; any signature is inside the
/// ciphertext.
fn encrypted(e: Node<'_, '_>) -> Result<(), Refused> {
    let kids: Vec<Node<'_, '_>> = e.children().filter(Node::is_element).collect();
    let ok = kids
        .first()
        .is_some_and(|k| is(*k, NS_XENC, "EncryptedData"))
        && kids[1..].iter().all(|k| is(*k, NS_XENC, "EncryptedKey"));
    if !ok {
        return refused(
            Check::Structure,
            "an encrypted assertion that is not EncryptedData and its keys",
        );
    }
    Ok(())
}

/// Every `ds:` element belongs to a signature on the Response or the Assertion, or to the key
/// information of an encrypted assertion; each signature has the one accepted shape.
fn signatures(root: Node<'_, '_>) -> Result<(), Refused> {
    for n in root.descendants().filter(|n| n.is_element()) {
        if n.tag_name().namespace() != Some(NS_DSIG) {
            continue;
        }
        let parent = n.parent_element();
        if n.tag_name().name() == "Signature" {
            let on = parent
                .filter(|p| is(*p, NS_PROTOCOL, "Response") || is(*p, NS_ASSERTION, "Assertion"));
            let Some(on) = on else {
                return refused(Check::SignatureShape, "a signature on another element");
            };
            signature(n, on)?;
        } else if !n.ancestors().any(|a| {
            is(a, NS_DSIG, "Signature")
                || is(a, NS_XENC, "EncryptedData")
                || is(a, NS_XENC, "EncryptedKey")
        }) {
            return refused(
                Check::SignatureShape,
                format!("a stray ds:{}", n.tag_name().name()),
            );
        } else if n
            .ancestors()
            .any(|a| is(a, NS_XENC, "EncryptedData") || is(a, NS_XENC, "EncryptedKey"))
            && !matches!(
                n.tag_name().name(),
                "KeyInfo" | "KeyName" | "RetrievalMethod" | "X509Data" | "X509Certificate"
            )
            // RSA-OAEP's digest, as ADFS names it.
            && !(n.tag_name().name() == "DigestMethod"
                && parent.is_some_and(|p| is(p, NS_XENC, "EncryptionMethod")))
        {
            return refused(
                Check::SignatureShape,
                format!("ds:{} inside an encrypted assertion", n.tag_name().name()),
            );
        }
    }
    Ok(())
}

/// Only element children, exactly these, in this order.
fn children<'a, 'i>(n: Node<'a, 'i>, want: &[(&str, &str)]) -> Result<Vec<Node<'a, 'i>>, Refused> {
    let kids: Vec<Node<'a, 'i>> = n.children().filter(Node::is_element).collect();
    let ok = kids.len() == want.len()
        && kids
            .iter()
            .zip(want)
            .all(|(k, (ns, name))| is(*k, ns, name))
        && !stray_text(n);
    if !ok {
        return refused(
            Check::SignatureShape,
            format!("ds:{} is not in the standard shape", n.tag_name().name()),
        );
    }
    Ok(kids)
}

fn algorithm<'a>(n: Node<'a, '_>) -> &'a str {
    n.attribute("Algorithm").unwrap_or_default()
}

fn signature(sig: Node<'_, '_>, on: Node<'_, '_>) -> Result<(), Refused> {
    let siblings = on
        .children()
        .filter(|c| is(*c, NS_DSIG, "Signature"))
        .count();
    if siblings > 1 {
        return refused(Check::SignatureShape, "two signatures on one element");
    }
    let kids: Vec<Node<'_, '_>> = sig.children().filter(Node::is_element).collect();
    let shape_ok = match kids.as_slice() {
        [si, sv] => is(*si, NS_DSIG, "SignedInfo") && is(*sv, NS_DSIG, "SignatureValue"),
        [si, sv, ki] => {
            is(*si, NS_DSIG, "SignedInfo")
                && is(*sv, NS_DSIG, "SignatureValue")
                && is(*ki, NS_DSIG, "KeyInfo")
        }
        _ => false,
    };
    if !shape_ok || stray_text(sig) {
        return refused(
            Check::SignatureShape,
            "a signature that is not SignedInfo, SignatureValue and KeyInfo",
        );
    }
    if let Some(ki) = kids.get(2) {
        key_info(*ki)?;
    }
    let si = children(
        kids[0],
        &[
            (NS_DSIG, "CanonicalizationMethod"),
            (NS_DSIG, "SignatureMethod"),
            (NS_DSIG, "Reference"),
        ],
    )?;
    if algorithm(si[0]) != EXC_C14N || si[0].has_children() {
        return refused(Check::Algorithms, "not exclusive canonicalization");
    }
    if !SIGNATURE_METHODS.contains(&algorithm(si[1])) || si[1].has_children() {
        return refused(
            Check::Algorithms,
            format!("signature method {:?}", algorithm(si[1])),
        );
    }
    reference(si[2], on)
}

fn key_info(ki: Node<'_, '_>) -> Result<(), Refused> {
    let x509 = children(ki, &[(NS_DSIG, "X509Data")])?;
    let certs: Vec<Node<'_, '_>> = x509[0].children().filter(Node::is_element).collect();
    if certs.is_empty()
        || stray_text(x509[0])
        || !certs.iter().all(|c| is(*c, NS_DSIG, "X509Certificate"))
    {
        return refused(
            Check::SignatureShape,
            "key information other than certificates",
        );
    }
    for c in certs {
        text_strict(c).or_else(|_| refused(Check::SignatureShape, "a certificate with markup"))?;
    }
    Ok(())
}

fn reference(r: Node<'_, '_>, on: Node<'_, '_>) -> Result<(), Refused> {
    let want = on.attribute("ID").map(|id| format!("#{id}"));
    if r.attribute("URI").map(str::to_owned) != want {
        return refused(
            Check::References,
            "the reference does not name the signed element's ID",
        );
    }
    let kids = children(
        r,
        &[
            (NS_DSIG, "Transforms"),
            (NS_DSIG, "DigestMethod"),
            (NS_DSIG, "DigestValue"),
        ],
    )?;
    transforms(kids[0])?;
    if !DIGEST_METHODS.contains(&algorithm(kids[1])) || kids[1].has_children() {
        return refused(
            Check::Algorithms,
            format!("digest method {:?}", algorithm(kids[1])),
        );
    }
    text_strict(kids[2]).or_else(|_| refused(Check::SignatureShape, "a digest with markup"))?;
    Ok(())
}

/// The enveloped-signature transform, then (optionally) exclusive c14n, whose only content may
/// be an `InclusiveNamespaces` prefix list.
fn transforms(t: Node<'_, '_>) -> Result<(), Refused> {
    let list: Vec<Node<'_, '_>> = t.children().filter(Node::is_element).collect();
    let algs: Vec<&str> = list.iter().map(|n| algorithm(*n)).collect();
    let all_transforms = list.iter().all(|n| is(*n, NS_DSIG, "Transform"));
    if !all_transforms || stray_text(t) || !(algs == [ENVELOPED] || algs == [ENVELOPED, EXC_C14N]) {
        return refused(Check::Transforms, format!("transforms {algs:?}"));
    }
    if list[0].has_children() {
        return refused(
            Check::Transforms,
            "an enveloped-signature transform with content",
        );
    }
    if let Some(c14n) = list.get(1) {
        let inner: Vec<Node<'_, '_>> = c14n.children().filter(Node::is_element).collect();
        let fine = match inner.as_slice() {
            [] => true,
            [inc] => is(*inc, EXC_C14N, "InclusiveNamespaces") && !inc.has_children(),
            _ => false,
        };
        if !fine || stray_text(*c14n) {
            return refused(Check::Transforms, "exclusive c14n with other content");
        }
    }
    Ok(())
}

/// The text of a value element (NameID, AttributeValue, Issuer, Audience): refused when
/// anything but text is inside it, so that markup can never shorten a value; surrounding
/// XML whitespace is trimmed.
pub fn text_strict(n: Node<'_, '_>) -> Result<String, Refused> {
    let mut s = String::new();
    for c in n.children() {
        match c.node_type() {
            NodeType::Text => s.push_str(c.text().unwrap_or_default()),
            _ => return refused(Check::Structure, "markup inside a value"),
        }
    }
    Ok(s.trim_matches([' ', '\t', '\r', '\n']).to_owned())
}

#[cfg(test)]
mod tests;
