//! Administration → Branding (tenant administrators): the company's display name, its logo
//! (a PNG or an SVG file, uploaded) and its accent colour, refused beside its field when
//! white text on it would be hard to read (WCAG AA).

use super::{at, enter, flash, form_expired, Errors, Nav};
use crate::multipart::{self, MultipartError};
use crate::respond::PageError;
use crate::routes::see_other;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use idp_admin::{Action, BrandingPatch, BrandingView, LogoUpload};
use idp_i18n::{Msg, Tr};

/// The form with a logo of at most 100 KB, and room for the rest.
const FORM_LIMIT: usize = 256 * 1024;

#[derive(Template)]
#[template(path = "admin/branding.html")]
struct BrandingPage {
    t: Tr,
    nav: Nav,
    current: BrandingView,
    display_name: String,
    accent_color: String,
    errors: Errors,
}

pub async fn branding_get(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    crate::extract::PageParams(p): crate::extract::PageParams,
) -> Result<Response, PageError> {
    let at = at!(enter(&s, &headers).await?);
    let t = at.tenant_for(&s, &tenant, Action::ChangeProfile).await?;
    let current = BrandingView::of(&t);
    let mut nav = at.nav(&s, &t, "branding");
    nav.flash = flash(&p);
    let page = BrandingPage {
        t: at.t,
        nav,
        display_name: current.display_name.clone(),
        accent_color: current.accent_color.clone().unwrap_or_default(),
        current,
        errors: Errors::default(),
    };
    Ok(at.page(StatusCode::OK, &page))
}

pub async fn branding_post(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(tenant): Path<String>,
    req: Request,
) -> Result<Response, PageError> {
    // Who it is first: only an administrator's browser gets to send a file.
    let at = at!(enter(&s, &headers).await?);
    let form = multipart::read(req, FORM_LIMIT)
        .await
        .map_err(|e| match e {
            MultipartError::TooLarge => PageError::msg(413, Msg::new("admin-branding-too-large")),
            MultipartError::Bad(why) => PageError::msg(
                400,
                Msg::new("admin-error-form-unreadable").with("detail", why),
            ),
        })?;
    if !crate::routes::csrf_token_ok(&s, &headers, form.text("csrf").unwrap_or("")) {
        return Err(form_expired());
    }
    let t = at.tenant(&s, &tenant).await?;
    let patch = branding_posted(&form);
    match s.admin.update_branding(&at.caller, &t.id, &patch).await {
        Ok(_) => Ok(see_other(&format!(
            "/admin/t/{}/branding?done=branding",
            t.id
        ))),
        Err(e) => {
            let known = ["display_name", "accent_color", "logo", "remove_logo"];
            let errors = Errors::from_admin_on(at.t, e, &known)?;
            let page = BrandingPage {
                t: at.t,
                nav: at.nav(&s, &t, "branding"),
                current: BrandingView::of(&t),
                display_name: patch.display_name.unwrap_or_default(),
                accent_color: patch.accent_color.unwrap_or_default(),
                errors,
            };
            Ok(at.page(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
    }
}

/// The change the posted form asks for.
fn branding_posted(form: &multipart::Form) -> BrandingPatch {
    let logo = form.file("logo").map(|f| {
        // The browser's word only picks the check; the bytes are checked against it.
        let svg = f.content_type.as_deref() == Some("image/svg+xml")
            || f.filename
                .as_deref()
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".svg"));
        LogoUpload {
            content_type: if svg { "image/svg+xml" } else { "image/png" }.to_owned(),
            data_base64: base64::engine::general_purpose::STANDARD.encode(&f.data),
        }
    });
    BrandingPatch {
        display_name: Some(form.text("display_name").unwrap_or("").trim().to_owned()),
        // A form without the field leaves the colour as it is; an empty field removes it.
        accent_color: form.text("accent_color").map(|c| c.trim().to_owned()),
        logo,
        remove_logo: form.text("remove_logo") == Some("1"),
    }
}

/// The pages of this module with sample values, for the language tests.
#[cfg(test)]
pub(super) mod samples {
    use super::*;

    pub fn pages(t: Tr, nav: &dyn Fn(&'static str) -> Nav) -> Vec<String> {
        let page = BrandingPage {
            t,
            nav: nav("branding"),
            current: BrandingView {
                display_name: "Acme".into(),
                accent_color: None,
                logo_url: Some("/branding/acme/logo?v=1".into()),
            },
            display_name: "Acme".into(),
            accent_color: "#ffcc00".into(),
            errors: Errors::one(
                "accent_color",
                Msg::new("admin-err-contrast")
                    .with("colour", "#ffcc00")
                    .with("ratio", "1.6"),
            ),
        };
        vec![page.render().unwrap_or_else(|e| panic!("{e}"))]
    }
}
