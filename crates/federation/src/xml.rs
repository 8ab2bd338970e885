//! What every reader of a SAML or metadata document here shares: element tests by namespace
//! and name, the URL rule for endpoints and metadata, and the time format.

use roxmltree::Node;

/// Whether `n` is the element `name` in namespace `ns`.
pub(crate) fn is(n: Node<'_, '_>, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().namespace() == Some(ns) && n.tag_name().name() == name
}

/// The first child element `name` in `ns`.
pub(crate) fn child<'a, 'i>(n: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(*c, ns, name))
}

/// Every child element `name` in `ns`.
pub(crate) fn children<'a, 'i>(
    n: Node<'a, 'i>,
    ns: &'static str,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(move |c| is(*c, ns, name))
}

/// `url` if it is https, or http to a loopback host (test IdPs), with no user name or
/// password in it. Parsed as a URL, so that `http://127.0.0.1:1@evil.example/` is the host
/// it really names.
pub fn https_or_loopback(url: &str) -> Option<url::Url> {
    let u = url::Url::parse(url).ok()?;
    let loopback = match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    let credentials = !u.username().is_empty() || u.password().is_some();
    match u.scheme() {
        _ if credentials => None,
        "https" if u.host().is_some() => Some(u),
        "http" if loopback => Some(u),
        _ => None,
    }
}

/// Unix seconds as an RFC 3339 / `xs:dateTime` in UTC.
pub fn rfc3339(t: i64) -> Option<String> {
    time::OffsetDateTime::from_unix_timestamp(t)
        .ok()?
        .format(&time::format_description::well_known::Rfc3339)
        .ok()
}
