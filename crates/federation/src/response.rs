//! Validating a SAML Response posted to a tenant's ACS: every check is mandatory, each has its
//! name ([`Check`]), and the first that fails refuses.
//!
//! 1. [`crate::precheck`]: size, encoding, markup, one Response, the signature shape.
//! 2. The Response's own fields, read from the document as posted (it is one element, checked
//!    above): its Issuer, if any, is the IdP; its Destination, if any (required when the
//!    Response is signed), is this ACS; its IssueInstant is not in the future; its Status.
//!    An error status ends here with [`Answer::Failed`].
//! 3. The signature ([`crate::verify`]): on the Response or on the assertion, against the
//!    metadata's certificates. An encrypted assertion is decrypted with the SP keys and must
//!    carry a valid signature of its own. The signed content is then bound to the pre-checked
//!    document by its ID, and **every assertion value is read from the signed content only**.
//! 4. The assertion: Issuer, a bearer confirmation for this ACS that has not expired,
//!    Conditions with this SP as audience and a window that holds (with `skew`), an
//!    AuthnStatement, the NameID and attributes as whole strings.
//! 5. The Response's InResponseTo, when the Response is not signed, agrees with the signed
//!    confirmation's.
//!
//! What needs state (the pending request behind InResponseTo, the browser it was sent from,
//! the replay of an assertion ID) is the caller's: it gets the values to check in
//! [`Assertion`].

use crate::decrypt::decrypt_assertion;
use crate::precheck::{
    decode_form_value, precheck, precheck_assertion, text_strict, Carried, Check, Refused,
    NS_ASSERTION, NS_PROTOCOL,
};
use crate::verify::signed_content;
use crate::xml::{child, children, is};
use openssl::pkey::{PKey, Private};
use roxmltree::{Document, Node, ParsingOptions};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub const STATUS_SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";
const BEARER: &str = "urn:oasis:names:tc:SAML:2.0:cm:bearer";

/// What the response must match.
pub struct Expected<'a> {
    /// The IdP's entity ID from its metadata.
    pub idp_entity_id: &'a str,
    /// Its signing certificates (DER), every one from the metadata.
    pub signing_certs: &'a [Vec<u8>],
    /// This tenant's SP entity ID and ACS URL.
    pub sp_entity_id: &'a str,
    pub acs_url: &'a str,
    /// The tenant's SP keys (current, then next), for encrypted assertions.
    pub decryption_keys: &'a [PKey<Private>],
    /// Unix seconds, and the clock skew allowed each way.
    pub now: i64,
    pub skew: i64,
}

/// A SAML attribute: its name and every value, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: String,
    pub values: Vec<String>,
}

/// A verified assertion: every value from the signed content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    pub id: String,
    pub issuer: String,
    /// The bearer confirmation's InResponseTo: `None` for an unsolicited response.
    pub in_response_to: Option<String>,
    pub name_id: String,
    pub name_id_format: Option<String>,
    pub attributes: Vec<Attribute>,
    pub authn_context: Option<String>,
    /// When the user authenticated at the IdP (AuthnInstant), Unix seconds.
    pub authn_instant: Option<i64>,
    pub session_index: Option<String>,
    /// Until when this assertion could still be accepted (its latest NotOnOrAfter plus the
    /// skew): how long its ID must be remembered against replay.
    pub keep_until: i64,
    /// Where the signature was: on the Response, on the assertion, or both.
    pub response_signed: bool,
    pub assertion_signed: bool,
    /// The seconds between the assertion's IssueInstant and `now` (positive: issued
    /// earlier), for the support page.
    pub age: i64,
}

impl Assertion {
    /// Every value of the attribute `name`.
    pub fn values(&self, name: &str) -> &[String] {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.values.as_slice())
            .unwrap_or_default()
    }
}

/// The IdP said no: its status codes and message (not signed: for showing, never trusting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdpStatus {
    pub code: String,
    pub sub_code: Option<String>,
    pub message: Option<String>,
    pub in_response_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Signed(Assertion),
    Failed(IdpStatus),
}

fn refused<T>(check: Check, detail: impl Into<String>) -> Result<T, Refused> {
    Err(Refused {
        check,
        detail: detail.into(),
    })
}

fn parse(xml: &str, check: Check) -> Result<Document<'_>, Refused> {
    let opts = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(xml, opts).or_else(|e| refused(check, e.to_string()))
}

/// An `xs:dateTime` attribute as Unix seconds.
fn instant(n: Node<'_, '_>, attr: &str) -> Result<Option<i64>, Refused> {
    match n.attribute(attr) {
        None => Ok(None),
        Some(v) => OffsetDateTime::parse(v, &Rfc3339)
            .map(|t| Some(t.unix_timestamp()))
            .or_else(|_| refused(Check::Time, format!("{attr} {v:?} is not a UTC dateTime"))),
    }
}

/// Validates the posted `SAMLResponse` form value.
pub fn validate(form_value: &str, want: &Expected<'_>) -> Result<Answer, Refused> {
    let xml = decode_form_value(form_value)?;
    let shape = precheck(&xml)?;
    let doc = parse(&xml, Check::WellFormed)?;
    let root = doc.root_element();

    let status = status(root)?;
    if status.code != STATUS_SUCCESS {
        return Ok(Answer::Failed(status));
    }
    response_fields(root, shape.response_signed, want)?;

    // The signed content, and the ID it must carry.
    let (signed, assertion_id, assertion_signed) = match &shape.carried {
        Carried::None => return refused(Check::Structure, "a Success without an assertion"),
        Carried::Assertion { id, signed } => {
            if !signed && !shape.response_signed {
                return refused(
                    Check::Signature,
                    "neither the Response nor the assertion is signed",
                );
            }
            let signed_xml = if shape.response_signed {
                signed_content(&xml, want.signing_certs)?
            } else {
                // Only the assertion is signed: it is verified standing alone (the one
                // pre-checked assertion, its in-scope namespaces declared on it), which is
                // what samael's reduction would make of it anyway, minus the Response it
                // would unlink and never free.
                let Some(a) = child(root, NS_ASSERTION, "Assertion") else {
                    return refused(Check::Structure, "no assertion");
                };
                signed_content(&standalone(&xml, a)?, want.signing_certs)?
            };
            (signed_xml, id.clone(), *signed)
        }
        Carried::Encrypted => {
            if shape.response_signed {
                let outer = signed_content(&xml, want.signing_certs)?;
                let outer = parse(&outer, Check::Signature)?;
                bound(
                    outer.root_element(),
                    NS_PROTOCOL,
                    "Response",
                    &shape.response_id,
                )?;
            }
            let Some(ea) = child(root, NS_ASSERTION, "EncryptedAssertion") else {
                return refused(Check::Structure, "no EncryptedAssertion");
            };
            // Every failure from here to the decrypted assertion's signature is the same
            // refusal, whatever its cause (padding, parsing, shape, signature), so that no
            // answer tells a bad padding from a good one (Jager and Somorovsky, "How to
            // break XML encryption", 2011). The cause goes to the log only.
            let opened = decrypt_assertion(ea, want.decryption_keys).and_then(|plain| {
                let (id, signed) = precheck_assertion(&plain)?;
                if !signed {
                    return refused(
                        Check::Signature,
                        "an encrypted assertion without a signature of its own",
                    );
                }
                Ok((signed_content(&plain, want.signing_certs)?, id, true))
            });
            opened.map_err(|e| Refused {
                check: Check::Decryption,
                detail: format!("{:?}: {}", e.check, e.detail),
            })?
        }
    };
    let sdoc = parse(&signed, Check::Signature)?;
    let sroot = sdoc.root_element();
    let a = if is(sroot, NS_PROTOCOL, "Response") {
        bound(sroot, NS_PROTOCOL, "Response", &shape.response_id)?;
        let mut found = children(sroot, NS_ASSERTION, "Assertion");
        match (found.next(), found.next()) {
            (Some(a), None) => a,
            _ => {
                return refused(
                    Check::Signature,
                    "the signed Response holds no single assertion",
                )
            }
        }
    } else {
        sroot
    };
    bound(a, NS_ASSERTION, "Assertion", &assertion_id)?;
    let mut out = assertion(a, want)?;
    out.response_signed = shape.response_signed;
    out.assertion_signed = assertion_signed;
    // The Response's InResponseTo sits outside the signature when only the assertion is
    // signed: it must agree with the signed one.
    if let Some(outer) = root.attribute("InResponseTo") {
        if out.in_response_to.as_deref() != Some(outer) {
            return refused(
                Check::InResponseTo,
                "the Response and its assertion answer different requests",
            );
        }
    }
    Ok(Answer::Signed(out))
}

/// The element `n` of `xml` as a document of its own: its text, with the namespaces it
/// inherits declared on it. Exclusive canonicalization (the only one accepted) renders a
/// namespace where it is used, not where it was declared, so a signature over `n` verifies
/// the same here.
fn standalone(xml: &str, n: Node<'_, '_>) -> Result<String, Refused> {
    let text = &xml[n.range()];
    let Some(end) = start_tag_end(text) else {
        return refused(Check::Structure, "an unreadable start tag");
    };
    let start_tag = &text[..end];
    let own = declared_prefixes(start_tag);
    let name_end = start_tag
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(start_tag.len());
    let mut decls = String::new();
    for ns in n.namespaces() {
        let prefix = ns.name();
        if prefix == Some("xml") || own.iter().any(|p| p.as_deref() == prefix) {
            continue;
        }
        let uri = crate::sp::esc(ns.uri());
        match prefix {
            Some(p) => decls.push_str(&format!(" xmlns:{p}=\"{uri}\"")),
            None => decls.push_str(&format!(" xmlns=\"{uri}\"")),
        }
    }
    Ok(format!("{}{decls}{}", &text[..name_end], &text[name_end..]))
}

/// Where the start tag at the beginning of `text` ends (just past its `>`).
fn start_tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The prefixes a start tag declares (`None`: the default namespace).
fn declared_prefixes(start_tag: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut quote = None;
    let mut word = String::new();
    for c in start_tag.chars() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '=' => {
                let name = word.trim();
                if name == "xmlns" {
                    out.push(None);
                } else if let Some(p) = name.strip_prefix("xmlns:") {
                    out.push(Some(p.to_owned()));
                }
                word.clear();
            }
            None if c.is_ascii_whitespace() => word.clear(),
            None => word.push(c),
        }
    }
    out
}

/// The signed element is the one pre-checked: same kind, same ID.
fn bound(n: Node<'_, '_>, ns: &str, name: &str, id: &str) -> Result<(), Refused> {
    if is(n, ns, name) && n.attribute("ID") == Some(id) {
        Ok(())
    } else {
        refused(
            Check::Signature,
            format!("the signed {name} is not the one in the document"),
        )
    }
}

fn status(root: Node<'_, '_>) -> Result<IdpStatus, Refused> {
    let Some(st) = child(root, NS_PROTOCOL, "Status") else {
        return refused(Check::Status, "no Status");
    };
    let Some(top) = child(st, NS_PROTOCOL, "StatusCode") else {
        return refused(Check::Status, "no StatusCode");
    };
    let code = top.attribute("Value").unwrap_or_default().to_owned();
    let sub_code = child(top, NS_PROTOCOL, "StatusCode")
        .and_then(|s| s.attribute("Value"))
        .map(str::to_owned);
    let message = match child(st, NS_PROTOCOL, "StatusMessage") {
        Some(m) => Some(text_strict(m)?),
        None => None,
    };
    Ok(IdpStatus {
        code,
        sub_code,
        message,
        in_response_to: root.attribute("InResponseTo").map(str::to_owned),
    })
}

fn response_fields(root: Node<'_, '_>, signed: bool, want: &Expected<'_>) -> Result<(), Refused> {
    if let Some(issuer) = child(root, NS_ASSERTION, "Issuer") {
        if text_strict(issuer)? != want.idp_entity_id {
            return refused(Check::Issuer, "the Response's Issuer is not the IdP");
        }
    }
    match root.attribute("Destination") {
        Some(d) if d != want.acs_url => {
            return refused(Check::Destination, format!("Destination {d:?}"));
        }
        None if signed => {
            return refused(
                Check::Destination,
                "a signed Response without a Destination",
            );
        }
        _ => {}
    }
    let Some(issued) = instant(root, "IssueInstant")? else {
        return refused(Check::Time, "the Response has no IssueInstant");
    };
    if issued > want.now + want.skew {
        return refused(Check::Time, "the Response was issued in the future");
    }
    Ok(())
}

fn assertion(a: Node<'_, '_>, want: &Expected<'_>) -> Result<Assertion, Refused> {
    let id = a.attribute("ID").unwrap_or_default().to_owned();
    let issuer = match child(a, NS_ASSERTION, "Issuer") {
        Some(i) => text_strict(i)?,
        None => return refused(Check::Issuer, "the assertion has no Issuer"),
    };
    if issuer != want.idp_entity_id {
        return refused(Check::Issuer, format!("issued by {issuer:?}"));
    }
    let Some(issued) = instant(a, "IssueInstant")? else {
        return refused(Check::Time, "the assertion has no IssueInstant");
    };
    if issued > want.now + want.skew {
        return refused(Check::Time, "the assertion was issued in the future");
    }
    let Some(subject) = child(a, NS_ASSERTION, "Subject") else {
        return refused(Check::Subject, "no Subject");
    };
    let Some(name_id) = child(subject, NS_ASSERTION, "NameID") else {
        return refused(Check::Subject, "no NameID");
    };
    let name_id_format = name_id.attribute("Format").map(str::to_owned);
    let name_id = text_strict(name_id)?;
    if name_id.is_empty() {
        return refused(Check::Subject, "an empty NameID");
    }
    let (in_response_to, confirmed_until) = confirmation(subject, want)?;
    let conditions_until = conditions(a, want)?;
    let Some(authn) = child(a, NS_ASSERTION, "AuthnStatement") else {
        return refused(Check::Subject, "no AuthnStatement");
    };
    let authn_context = match child(authn, NS_ASSERTION, "AuthnContext")
        .and_then(|c| child(c, NS_ASSERTION, "AuthnContextClassRef"))
    {
        Some(c) => Some(text_strict(c)?),
        None => None,
    };
    let mut attributes = Vec::new();
    for st in children(a, NS_ASSERTION, "AttributeStatement") {
        for at in children(st, NS_ASSERTION, "Attribute") {
            let name = at.attribute("Name").unwrap_or_default().to_owned();
            let values = children(at, NS_ASSERTION, "AttributeValue")
                .map(text_strict)
                .collect::<Result<Vec<_>, _>>()?;
            match attributes
                .iter_mut()
                .find(|x: &&mut Attribute| x.name == name)
            {
                Some(x) => x.values.extend(values),
                None => attributes.push(Attribute { name, values }),
            }
        }
    }
    Ok(Assertion {
        id,
        issuer,
        in_response_to,
        name_id,
        name_id_format,
        attributes,
        authn_context,
        authn_instant: instant(authn, "AuthnInstant")?,
        session_index: authn.attribute("SessionIndex").map(str::to_owned),
        keep_until: confirmed_until.max(conditions_until) + want.skew,
        response_signed: false,
        assertion_signed: false,
        age: want.now - issued,
    })
}

/// A bearer confirmation for this ACS that holds now: its InResponseTo and NotOnOrAfter.
fn confirmation(
    subject: Node<'_, '_>,
    want: &Expected<'_>,
) -> Result<(Option<String>, i64), Refused> {
    let mut first_failure = None;
    for sc in children(subject, NS_ASSERTION, "SubjectConfirmation") {
        if sc.attribute("Method") != Some(BEARER) {
            continue;
        }
        match bearer(sc, want) {
            Ok(found) => return Ok(found),
            Err(e) => {
                first_failure.get_or_insert(e);
            }
        }
    }
    Err(first_failure.unwrap_or(Refused {
        check: Check::Subject,
        detail: "no bearer SubjectConfirmation".into(),
    }))
}

fn bearer(sc: Node<'_, '_>, want: &Expected<'_>) -> Result<(Option<String>, i64), Refused> {
    let Some(data) = child(sc, NS_ASSERTION, "SubjectConfirmationData") else {
        return refused(Check::Subject, "a bearer confirmation without data");
    };
    match data.attribute("Recipient") {
        Some(r) if r == want.acs_url => {}
        Some(r) => return refused(Check::Recipient, format!("Recipient {r:?}")),
        None => return refused(Check::Recipient, "no Recipient"),
    }
    if data.attribute("NotBefore").is_some() {
        return refused(Check::Time, "a bearer confirmation with NotBefore");
    }
    let Some(until) = instant(data, "NotOnOrAfter")? else {
        return refused(Check::Time, "a bearer confirmation without NotOnOrAfter");
    };
    if want.now >= until + want.skew {
        return refused(Check::Time, "the bearer confirmation has expired");
    }
    Ok((data.attribute("InResponseTo").map(str::to_owned), until))
}

/// Conditions are required: a window that holds and this SP in every audience restriction.
fn conditions(a: Node<'_, '_>, want: &Expected<'_>) -> Result<i64, Refused> {
    let Some(c) = child(a, NS_ASSERTION, "Conditions") else {
        return refused(Check::Time, "the assertion has no Conditions");
    };
    if let Some(from) = instant(c, "NotBefore")? {
        if want.now + want.skew < from {
            return refused(Check::Time, "the assertion is not valid yet");
        }
    }
    let Some(until) = instant(c, "NotOnOrAfter")? else {
        return refused(Check::Time, "Conditions without NotOnOrAfter");
    };
    if want.now >= until + want.skew {
        return refused(Check::Time, "the assertion has expired");
    }
    let mut restrictions = 0;
    for r in children(c, NS_ASSERTION, "AudienceRestriction") {
        restrictions += 1;
        let ours = children(r, NS_ASSERTION, "Audience")
            .map(text_strict)
            .collect::<Result<Vec<_>, _>>()?
            .iter()
            .any(|x| x == want.sp_entity_id);
        if !ours {
            return refused(Check::Audience, "an audience restriction without this SP");
        }
    }
    if restrictions == 0 {
        return refused(Check::Audience, "no audience restriction");
    }
    Ok(until)
}

#[cfg(test)]
mod tests;
