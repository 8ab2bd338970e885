//! A tenant's look, served by the IdP itself: its logo (`/branding/{tenant}/logo`) and a
//! stylesheet that sets its accent colour (`/branding/{tenant}/theme.css`). Both are linked
//! with a version in the query, so they are cached for a day.

use crate::respond::PageError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use idp_domain::TenantId;

fn none() -> PageError {
    PageError::msg(404, idp_i18n::Msg::new("error-no-image"))
}

fn cached(mut r: Response, content_type: &'static str) -> Response {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // An SVG opened on its own runs nothing and fetches nothing (it was cleaned as well).
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    );
    r
}

pub async fn logo_get(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let tenant = TenantId::parse(&tenant).map_err(|_| none())?;
    let logo = s.accounts.store.logo(&tenant).await?.ok_or_else(none)?;
    let content_type = match logo.content_type.as_str() {
        "image/png" => "image/png",
        _ => "image/svg+xml",
    };
    Ok(cached(
        (StatusCode::OK, logo.data).into_response(),
        content_type,
    ))
}

/// A darker shade for hover and borders: each channel at 80 %.
fn darker(hex: &str) -> String {
    let c = |i: usize| {
        u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as u16 * 4 / 5
    };
    format!("#{:02x}{:02x}{:02x}", c(1), c(3), c(5))
}

pub async fn theme_get(
    State(s): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Response, PageError> {
    let tenant = TenantId::parse(&tenant).map_err(|_| none())?;
    let t = s.accounts.store.tenant(&tenant).await?.ok_or_else(none)?;
    // Checked when it was saved; checked again, since it lands in CSS.
    let Some(accent) = t
        .settings
        .branding
        .accent_color
        .as_deref()
        .and_then(|c| idp_admin::branding::check_accent(c).ok())
    else {
        return Err(none());
    };
    let css = format!(
        ":root {{ --accent: {accent}; --accent-dark: {}; }}\n",
        darker(&accent)
    );
    Ok(cached(
        (StatusCode::OK, css).into_response(),
        "text/css; charset=utf-8",
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn darker_is_darker() {
        assert_eq!(super::darker("#1f5fbf"), "#184c98");
        assert_eq!(super::darker("#000000"), "#000000");
    }
}
