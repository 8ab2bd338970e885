//! A tenant's branding (tenant administrators): its display name, a logo (PNG, or SVG that
//! passes an allow-list and is written out again clean) and an accent colour whose contrast
//! with white text meets WCAG AA. The IdP serves the logo itself; the sign-in pages show it
//! once the tenant is known, and the mails carry it.

use crate::{Action, Admin, AdminError, Caller, Msg, Result};
use idp_domain::tenant::validate_name;
use idp_domain::{Tenant, TenantId};
use idp_store::branding::Logo;
use serde::{Deserialize, Serialize};

/// A logo may be this large.
pub const MAX_LOGO_BYTES: usize = 100 * 1024;
/// And a PNG this wide and high.
const MAX_PNG_SIDE: u32 = 2048;
/// WCAG 2.x AA for normal text: white on the accent colour (buttons, links as buttons).
pub const MIN_CONTRAST: f64 = 4.5;

/// `PATCH .../branding`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BrandingPatch {
    /// The company's name on the sign-in pages and in mails.
    pub display_name: Option<String>,
    /// `#rrggbb`; white text on it must have a contrast of 4.5:1 or more. `""` removes it.
    pub accent_color: Option<String>,
    /// A new logo.
    pub logo: Option<LogoUpload>,
    /// `true` removes the logo.
    #[serde(default)]
    pub remove_logo: bool,
}

/// A logo file.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogoUpload {
    /// `image/png` or `image/svg+xml`.
    pub content_type: String,
    /// The file, base64 (standard alphabet).
    pub data_base64: String,
}

/// A tenant's branding as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BrandingView {
    pub display_name: String,
    pub accent_color: Option<String>,
    /// Where the IdP serves the logo (versioned), if there is one.
    pub logo_url: Option<String>,
}

impl BrandingView {
    pub fn of(t: &Tenant) -> Self {
        BrandingView {
            display_name: t.name.clone(),
            accent_color: t.settings.branding.accent_color.clone(),
            logo_url: logo_path(t),
        }
    }
}

/// `/branding/{tenant}/logo?v={version}`, if the tenant has a logo.
pub fn logo_path(t: &Tenant) -> Option<String> {
    t.settings
        .branding
        .logo
        .as_ref()
        .map(|v| format!("/branding/{}/logo?v={v}", t.id))
}

/// `#rrggbb` as its three channels.
fn rgb(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#').filter(|h| h.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2.x relative luminance.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The contrast ratio of white text on `c`.
pub fn contrast_with_white(c: [u8; 3]) -> f64 {
    1.05 / (luminance(c) + 0.05)
}

/// The accent colour, lowercase, if white text on it is readable (WCAG AA).
pub fn check_accent(s: &str) -> Result<String> {
    let s = s.trim().to_ascii_lowercase();
    let c = rgb(&s).ok_or_else(|| {
        AdminError::invalid(
            "accent_color",
            Msg::new("admin-err-colour").with("value", &s),
        )
    })?;
    let ratio = contrast_with_white(c);
    if ratio < MIN_CONTRAST {
        return Err(AdminError::refused(
            "accent_color",
            Msg::new("admin-err-contrast")
                .with("colour", &s)
                .with("ratio", format!("{ratio:.1}")),
        ));
    }
    Ok(s)
}

fn bad_logo(reason: Msg) -> AdminError {
    AdminError::invalid("logo", reason)
}

/// A PNG: its signature, then an IHDR chunk within the size limit.
fn check_png(data: &[u8]) -> Result<()> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !data.starts_with(SIGNATURE) || data.get(12..16) != Some(b"IHDR") {
        return Err(bad_logo(Msg::new("admin-err-logo-not-png")));
    }
    let be = |i: usize| {
        data.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    match (be(16), be(20)) {
        (Some(w), Some(h)) if w > 0 && h > 0 && w <= MAX_PNG_SIDE && h <= MAX_PNG_SIDE => Ok(()),
        (Some(w), Some(h)) => Err(bad_logo(
            Msg::new("admin-err-logo-png-size")
                .with("width", w)
                .with("height", h)
                .with("max", MAX_PNG_SIDE),
        )),
        _ => Err(bad_logo(Msg::new("admin-err-logo-png-short"))),
    }
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// The SVG elements a logo may use: shapes, groups, gradients, text. No scripts, no foreign
/// content, no images, links, animation or style sheets (which could fetch or run anything).
const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "symbol",
    "use",
];

/// Elements editors add that carry nothing to draw: dropped silently.
const SVG_DROPPED: &[&str] = &["metadata"];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Whether an attribute value could fetch or run something: `javascript:`, `url(...)` to
/// anything but a fragment of this document, `@import`, `expression(`.
fn active_value(v: &str) -> bool {
    let l: String = v
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if l.contains("javascript:") || l.contains("@import") || l.contains("expression(") {
        return true;
    }
    l.match_indices("url(")
        .any(|(i, _)| !l[i + 4..].trim_start_matches(['"', '\'']).starts_with('#'))
}

/// At most this many `<use>` in a logo: nested references multiply (a "use bomb").
const MAX_USES: usize = 32;

fn clean_svg(
    n: roxmltree::Node<'_, '_>,
    out: &mut String,
    depth: usize,
    uses: &mut usize,
) -> Result<()> {
    if depth > 32 {
        return Err(bad_logo(Msg::new("admin-err-logo-svg-deep")));
    }
    let name = n.tag_name().name();
    if n.tag_name().namespace() != Some(SVG_NS) {
        // Editors' own elements (Inkscape, Sodipodi, RDF metadata) draw nothing.
        return Ok(());
    }
    if SVG_DROPPED.contains(&name) {
        return Ok(());
    }
    if !SVG_ELEMENTS.contains(&name) {
        return Err(bad_logo(
            Msg::new("admin-err-logo-svg-element").with("element", name),
        ));
    }
    if name == "use" {
        *uses += 1;
        if *uses > MAX_USES {
            return Err(bad_logo(Msg::new("admin-err-logo-svg-uses")));
        }
    }
    out.push('<');
    out.push_str(name);
    if depth == 0 {
        out.push_str(&format!(" xmlns=\"{SVG_NS}\""));
    }
    let mut href_written = false;
    for a in n.attributes() {
        let (ns, local, v) = (a.namespace(), a.name(), a.value());
        if local.to_ascii_lowercase().starts_with("on") {
            return Err(bad_logo(
                Msg::new("admin-err-logo-svg-handler").with("attribute", local),
            ));
        }
        let href = local == "href" && (ns.is_none() || ns == Some(XLINK_NS));
        if href && !v.starts_with('#') {
            return Err(bad_logo(Msg::new("admin-err-logo-svg-href")));
        }
        if active_value(v) {
            return Err(bad_logo(
                Msg::new("admin-err-logo-svg-active").with("attribute", local),
            ));
        }
        // Inline CSS can fetch through escapes and functions no simple test catches: the
        // presentation attributes (fill, stroke, ...) draw the same without it.
        if local.eq_ignore_ascii_case("style") {
            continue;
        }
        match ns {
            None => {}
            // SVG 2 reads a plain href; xlink:href is written as one.
            Some(XLINK_NS) if href => {}
            // Editors' attributes (inkscape:, sodipodi:) are dropped.
            Some(_) => continue,
        }
        if href {
            // href and xlink:href both: one is written (twice would not be well-formed).
            if href_written {
                continue;
            }
            href_written = true;
        }
        out.push_str(&format!(" {local}=\"{}\"", esc(v)));
    }
    out.push('>');
    for c in n.children() {
        match c.node_type() {
            roxmltree::NodeType::Element => clean_svg(c, out, depth + 1, uses)?,
            roxmltree::NodeType::Text => out.push_str(&esc(c.text().unwrap_or_default())),
            roxmltree::NodeType::PI => return Err(bad_logo(Msg::new("admin-err-logo-svg-pi"))),
            _ => {}
        }
    }
    out.push_str(&format!("</{name}>"));
    Ok(())
}

/// An SVG logo written out again with only the allowed elements and attributes; refused when
/// it holds anything active.
pub fn clean_svg_logo(data: &[u8]) -> Result<Vec<u8>> {
    let text =
        std::str::from_utf8(data).map_err(|_| bad_logo(Msg::new("admin-err-logo-svg-utf8")))?;
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 20_000,
    };
    let doc = roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| bad_logo(Msg::new("admin-err-logo-svg-xml").with("detail", e.to_string())))?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        return Err(bad_logo(Msg::new("admin-err-logo-not-svg")));
    }
    let mut out = String::with_capacity(text.len());
    clean_svg(root, &mut out, 0, &mut 0)?;
    Ok(out.into_bytes())
}

/// The logo as it will be stored and served: its type, its (clean) bytes, and its version.
pub fn check_logo(upload: &LogoUpload) -> Result<Logo> {
    use base64::Engine;
    let compact: String = upload
        .data_base64
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if compact.len() > MAX_LOGO_BYTES / 3 * 4 + 8 {
        return Err(bad_logo(Msg::new("admin-err-logo-large")));
    }
    let data = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map_err(|_| bad_logo(Msg::new("admin-err-logo-base64")))?;
    if data.len() > MAX_LOGO_BYTES {
        return Err(bad_logo(Msg::new("admin-err-logo-large")));
    }
    let data = match upload.content_type.as_str() {
        "image/png" => {
            check_png(&data)?;
            data
        }
        "image/svg+xml" => clean_svg_logo(&data)?,
        other => {
            return Err(AdminError::invalid(
                "logo.content_type",
                Msg::new("admin-err-logo-type").with("type", other),
            ))
        }
    };
    // A short version tag of the bytes, for cache-busting (not for security).
    let b64 = base64::engine::general_purpose::STANDARD.encode(&data);
    let version = idp_domain::secret::digest(&b64).chars().take(12).collect();
    Ok(Logo {
        content_type: upload.content_type.clone(),
        data,
        version,
    })
}

impl Admin {
    pub async fn branding(&self, caller: &Caller, tenant: &TenantId) -> Result<BrandingView> {
        self.check(caller, Action::ReadTenant, Some(tenant))?;
        let t = self.accounts.tenant(tenant).await?;
        Ok(BrandingView::of(&t))
    }

    /// Changes the branding; audited as `tenant.branding_changed`.
    pub async fn update_branding(
        &self,
        caller: &Caller,
        tenant: &TenantId,
        patch: &BrandingPatch,
    ) -> Result<BrandingView> {
        self.check(caller, Action::ChangeProfile, Some(tenant))?;
        // From the stored version, not a cached one, and saved only if it still is.
        let old = self
            .accounts
            .store
            .tenant_fresh(tenant)
            .await?
            .ok_or_else(|| AdminError::no_tenant(tenant))?;
        let mut t = (*old).clone();
        let mut changed = Vec::new();
        if let Some(n) = &patch.display_name {
            t.name = validate_name("display_name", n)?;
            if t.name != old.name {
                changed.push(format!("display name: {:?} → {:?}", old.name, t.name));
            }
        }
        if let Some(c) = &patch.accent_color {
            t.settings.branding.accent_color = if c.trim().is_empty() {
                None
            } else {
                Some(check_accent(c)?)
            };
            let (was, now) = (
                &old.settings.branding.accent_color,
                &t.settings.branding.accent_color,
            );
            if was != now {
                let shown = |c: &Option<String>| c.clone().unwrap_or_else(|| "default".into());
                changed.push(format!("accent colour: {} → {}", shown(was), shown(now)));
            }
        }
        let logo = match (&patch.logo, patch.remove_logo) {
            (Some(_), true) => {
                return Err(AdminError::invalid(
                    "remove_logo",
                    Msg::new("admin-err-logo-both"),
                ))
            }
            (Some(u), false) => Some(check_logo(u)?),
            (None, _) => None,
        };
        let stored = match (&logo, patch.remove_logo) {
            (Some(l), _) => {
                t.settings.branding.logo = Some(l.version.clone());
                changed.push(format!("logo: {} ({} bytes)", l.content_type, l.data.len()));
                Some(Some(l))
            }
            (None, true) => {
                t.settings.branding.logo = None;
                changed.push("logo removed".into());
                Some(None)
            }
            (None, false) => None,
        };
        t.updated_at = self.accounts.now().max(old.updated_at + 1);
        match stored {
            Some(l) => {
                self.accounts
                    .store
                    .save_branding(&t, old.updated_at, l)
                    .await?
            }
            None => {
                self.accounts
                    .store
                    .update_tenant_if(&t, old.updated_at)
                    .await?
            }
        }
        if !changed.is_empty() {
            self.accounts
                .audit_by(
                    &caller.actor(),
                    Some(tenant),
                    None,
                    "tenant.branding_changed",
                    changed.join(", "),
                )
                .await?;
        }
        Ok(BrandingView::of(&t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        // Black on white is 21:1, white on white 1:1; #767676 is the classic AA limit.
        assert!((contrast_with_white([0, 0, 0]) - 21.0).abs() < 0.01);
        assert!((contrast_with_white([255, 255, 255]) - 1.0).abs() < 0.01);
        assert!(contrast_with_white([0x76, 0x76, 0x76]) >= 4.5);
        assert!(contrast_with_white([0x77, 0x77, 0x77]) < 4.5);
        assert_eq!(check_accent(" #1F5FBF ").unwrap(), "#1f5fbf");
        assert!(matches!(
            check_accent("#ffcc00"),
            Err(AdminError::Refused { .. })
        ));
        assert!(matches!(
            check_accent("blue"),
            Err(AdminError::Invalid { .. })
        ));
        assert!(matches!(
            check_accent("#12345"),
            Err(AdminError::Invalid { .. })
        ));
    }

    fn svg(body: &str) -> Result<String> {
        let doc = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" viewBox=\"0 0 10 10\">{body}</svg>");
        clean_svg_logo(doc.as_bytes()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn svg_logos_are_cleaned_or_refused() {
        let ok = svg("<metadata><x/></metadata><g inkscape:label=\"L\"><rect width=\"4\" height=\"4\" fill=\"url(#g)\"/><use xlink:href=\"#r\"/></g><text>A &amp; B</text>").unwrap();
        assert_eq!(
            ok,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><g><rect width=\"4\" height=\"4\" fill=\"url(#g)\"></rect><use href=\"#r\"></use></g><text>A &amp; B</text></svg>"
        );
        let styled = svg("<rect style=\"fill:u\\72 l(https://evil.example/f)\" fill=\"red\"/><use href=\"#a\" xlink:href=\"#b\"/>").unwrap();
        assert!(
            !styled.contains("style") && styled.contains("fill=\"red\""),
            "{styled}"
        );
        assert_eq!(styled.matches("href=").count(), 1, "{styled}");
        assert!(svg(&"<use href=\"#a\"/>".repeat(40)).is_err(), "a use bomb");
        for bad in [
            "<script>alert(1)</script>",
            "<rect onload=\"alert(1)\"/>",
            "<foreignObject><div/></foreignObject>",
            "<image href=\"https://evil.example/x.png\"/>",
            "<use xlink:href=\"https://evil.example/s.svg#a\"/>",
            "<a href=\"javascript:alert(1)\"><rect/></a>",
            "<rect style=\"fill:url(https://evil.example/t)\"/>",
            "<style>@import url(x)</style>",
            "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
            "<?php echo 1 ?>",
        ] {
            assert!(svg(bad).is_err(), "accepted: {bad}");
        }
        assert!(clean_svg_logo(
            b"<!DOCTYPE svg [<!ENTITY a \"b\">]><svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        )
        .is_err());
        assert!(clean_svg_logo(b"<html/>").is_err());
    }

    #[test]
    fn pngs_are_checked() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&64u32.to_be_bytes());
        png.extend_from_slice(&32u32.to_be_bytes());
        assert!(check_png(&png).is_ok());
        let mut huge = png[..16].to_vec();
        huge.extend_from_slice(&5000u32.to_be_bytes());
        huge.extend_from_slice(&32u32.to_be_bytes());
        assert!(check_png(&huge).is_err());
        assert!(check_png(b"GIF89a").is_err());
    }
}
