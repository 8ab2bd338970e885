//! Mails of the account lifecycle (registration, password reset, e-mail confirmation, codes)
//! and the single-use links they carry.

use askama::Template;
use idp_delivery::{Delivery, DeliveryError, Mail};
use idp_domain::secret::{digest, random_b64};
use idp_domain::{Tenant, Ttl, UnixTime, User};
use idp_i18n::{duration, Msg, Tr};
use idp_store::{LinkPurpose, Store, StoreError};

/// How long an e-mail confirmation link works (not a tenant setting).
pub const CONFIRM_LINK_TTL: Ttl = Ttl::from_secs(7 * 86_400);

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MailError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the mail could not be sent: {0}")]
    Delivery(#[from] DeliveryError),
    #[error("rendering the mail failed: {0}")]
    Render(#[from] askama::Error),
    #[error("the random generator failed")]
    Random,
    #[error("this kind of link is never mailed")]
    NotMailed,
}

/// How long the authenticator set-up that follows registration may take.
pub const SETUP_TTL: Ttl = Ttl::from_secs(15 * 60);

/// A new single-use link token for `purpose`, stored as a digest; returns the token.
pub async fn new_link(
    store: &Store,
    tenant: &Tenant,
    user: &User,
    purpose: LinkPurpose,
    now: UnixTime,
    ttl: Ttl,
) -> Result<String, MailError> {
    let token = random_b64(32).map_err(|_| MailError::Random)?;
    store
        .put_link(
            &digest(&token),
            &tenant.id,
            &user.id,
            purpose,
            &user.email,
            now,
            now + ttl.secs(),
        )
        .await?;
    Ok(token)
}

/// What sending needs.
pub struct Outgoing<'a> {
    pub store: &'a Store,
    pub delivery: &'a Delivery,
    /// The issuer URL: links are built on it.
    pub issuer: &'a str,
    pub now: UnixTime,
}

#[derive(Template)]
#[template(path = "mail/mail.txt")]
struct MailText<'a> {
    t: Tr,
    name: &'a str,
    before: &'a [String],
    link: Option<(&'a str, &'a str)>,
    after: &'a [String],
    signature: &'a str,
}

#[derive(Template)]
#[template(path = "mail/mail.html")]
struct MailHtml<'a> {
    t: Tr,
    tenant_name: &'a str,
    logo: Option<&'a str>,
    accent: &'a str,
    subject: &'a str,
    name: &'a str,
    before: &'a [String],
    link: Option<(&'a str, &'a str)>,
    after: &'a [String],
    signature: &'a str,
}

/// A mail's words as catalogue messages: rendered in the recipient's language.
struct Compose<'a> {
    kind: &'static str,
    subject: Msg,
    before: Vec<Msg>,
    /// The button's words and its address.
    link: Option<(Msg, &'a str)>,
    after: Vec<Msg>,
}

/// The language of mails to `user`: their own choice, else the tenant's default, else
/// English.
pub fn recipient_tr(tenant: &Tenant, user: &User) -> Tr {
    Tr::new(idp_i18n::choose(&idp_i18n::Prefs {
        user: user.locale.as_deref(),
        tenant: tenant.settings.locale.as_deref(),
        ..idp_i18n::Prefs::default()
    }))
}

/// The tenant's look in a mail: its logo (an absolute URL on the issuer) and the accent
/// colour of the button (checked for contrast with white when it was saved).
struct MailBrand {
    logo: Option<String>,
    accent: String,
}

fn mail_brand(issuer: &str, tenant: &Tenant) -> MailBrand {
    let b = &tenant.settings.branding;
    MailBrand {
        logo: b.logo.as_ref().map(|v| {
            format!(
                "{}/branding/{}/logo?v={v}",
                issuer.trim_end_matches('/'),
                tenant.id
            )
        }),
        accent: b
            .accent_color
            .clone()
            .filter(|c| {
                c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
            })
            .unwrap_or_else(|| "#1f5fd1".to_owned()),
    }
}

fn compose(issuer: &str, tenant: &Tenant, user: &User, c: Compose<'_>) -> Result<Mail, MailError> {
    let t = recipient_tr(tenant, user);
    let brand = mail_brand(issuer, tenant);
    let name = user.name.as_deref().unwrap_or(&user.username);
    let signature = t.a("mail-signature", "company", tenant.name.as_str());
    let words = |ms: &[Msg]| ms.iter().map(|m| t.msg(m)).collect::<Vec<_>>();
    let (before, after) = (words(&c.before), words(&c.after));
    let subject = t.msg(&c.subject);
    let label = c.link.as_ref().map(|(m, _)| t.msg(m));
    let link = label.as_deref().zip(c.link.as_ref().map(|(_, url)| *url));
    let text = MailText {
        t,
        name,
        before: &before,
        link,
        after: &after,
        signature: &signature,
    }
    .render()?;
    let html = MailHtml {
        t,
        tenant_name: &tenant.name,
        logo: brand.logo.as_deref(),
        accent: &brand.accent,
        subject: &subject,
        name,
        before: &before,
        link,
        after: &after,
        signature: &signature,
    }
    .render()?;
    Ok(Mail {
        to: user.email.clone(),
        subject,
        text,
        html,
        kind: c.kind,
    })
}

/// Creates a single-use link for `purpose`, voiding earlier ones, and mails it.
pub async fn send_link(
    o: &Outgoing<'_>,
    tenant: &Tenant,
    user: &User,
    purpose: LinkPurpose,
) -> Result<(), MailError> {
    let token = new_link(
        o.store,
        tenant,
        user,
        purpose,
        o.now,
        link_ttl(tenant, purpose),
    )
    .await?;
    o.delivery
        .send_mail(&link_mail(o, tenant, user, purpose, &token)?)
        .await?;
    Ok(())
}

/// [`send_link`] to many users of one tenant: the links are stored in batches, one
/// transaction each, then each batch's mails go out. Returns how many were sent.
pub async fn send_links(
    o: &Outgoing<'_>,
    tenant: &Tenant,
    users: &[User],
    purpose: LinkPurpose,
) -> Result<usize, MailError> {
    const BATCH: usize = 500;
    let expires_at = o.now + link_ttl(tenant, purpose).secs();
    let mut sent = 0;
    for chunk in users.chunks(BATCH) {
        let tokens = chunk
            .iter()
            .map(|_| random_b64(32).map_err(|_| MailError::Random))
            .collect::<Result<Vec<_>, _>>()?;
        let digests: Vec<String> = tokens.iter().map(|t| digest(t)).collect();
        let links: Vec<idp_store::NewLink<'_>> = chunk
            .iter()
            .zip(&digests)
            .map(|(u, d)| idp_store::NewLink {
                token_digest: d,
                user: &u.id,
                email: &u.email,
                expires_at,
            })
            .collect();
        o.store
            .put_links(&tenant.id, purpose, o.now, &links)
            .await?;
        let mails = chunk
            .iter()
            .zip(&tokens)
            .map(|(u, token)| link_mail(o, tenant, u, purpose, token))
            .collect::<Result<Vec<_>, _>>()?;
        // The transport's own latency (a file write, an SMTP round trip) overlaps, 16 at once.
        for group in mails.chunks(16) {
            let sends: Vec<_> = group.iter().map(|m| o.delivery.send_mail(m)).collect();
            futures_util::future::try_join_all(sends).await?;
        }
        sent += mails.len();
    }
    Ok(sent)
}

fn link_ttl(tenant: &Tenant, purpose: LinkPurpose) -> Ttl {
    match purpose {
        LinkPurpose::Register => tenant.settings.registration_link_ttl,
        LinkPurpose::Reset => tenant.settings.reset_link_ttl,
        LinkPurpose::Confirm => CONFIRM_LINK_TTL,
        LinkPurpose::Setup => SETUP_TTL,
    }
}

/// The mail that carries a link of `purpose` with `token`.
fn link_mail(
    o: &Outgoing<'_>,
    tenant: &Tenant,
    user: &User,
    purpose: LinkPurpose,
    token: &str,
) -> Result<Mail, MailError> {
    let ttl = link_ttl(tenant, purpose);
    let url = format!(
        "{}/account/{}/{token}",
        o.issuer.trim_end_matches('/'),
        purpose.as_str()
    );
    let valid = Msg::new("mail-link-valid").with("valid", duration(ttl.secs()));
    let ignore = Msg::new("mail-ignore");
    let company = tenant.name.as_str();
    let mail = match purpose {
        LinkPurpose::Register => compose(
            o.issuer,
            tenant,
            user,
            Compose {
                kind: "registration",
                subject: Msg::new("mail-register-subject").with("company", company),
                before: vec![
                    Msg::new("mail-register-intro")
                        .with("company", company)
                        .with("tenant", tenant.id.as_str())
                        .with("username", user.username.as_str()),
                    Msg::new("mail-register-choose"),
                ],
                link: Some((Msg::new("mail-register-button"), &url)),
                after: vec![valid, ignore],
            },
        )?,
        LinkPurpose::Reset => compose(
            o.issuer,
            tenant,
            user,
            Compose {
                kind: "reset",
                subject: Msg::new("mail-reset-subject").with("company", company),
                before: vec![reset_asked(tenant, user)],
                link: Some((Msg::new("mail-reset-button"), &url)),
                after: vec![valid, Msg::new("mail-reset-ignore")],
            },
        )?,
        LinkPurpose::Setup => return Err(MailError::NotMailed),
        LinkPurpose::Confirm => compose(
            o.issuer,
            tenant,
            user,
            Compose {
                kind: "confirm",
                subject: Msg::new("mail-confirm-subject").with("company", company),
                before: vec![Msg::new("mail-confirm-intro")
                    .with("email", user.email.as_str())
                    .with("username", user.username.as_str())
                    .with("company", company)],
                link: Some((Msg::new("mail-confirm-button"), &url)),
                after: vec![valid, ignore],
            },
        )?,
    };
    Ok(mail)
}

/// "Someone asked to reset the password of your account …".
fn reset_asked(tenant: &Tenant, user: &User) -> Msg {
    Msg::new("mail-reset-intro")
        .with("username", user.username.as_str())
        .with("company", tenant.name.as_str())
}

/// Rule 8: the answer to a reset request from a user with a second factor.
pub async fn send_reset_refused(
    o: &Outgoing<'_>,
    tenant: &Tenant,
    user: &User,
    reason: Msg,
) -> Result<(), MailError> {
    let mail = compose(
        o.issuer,
        tenant,
        user,
        Compose {
            kind: "reset-refused",
            subject: Msg::new("mail-reset-refused-subject").with("company", tenant.name.as_str()),
            before: vec![
                reset_asked(tenant, user),
                reason,
                Msg::new("mail-reset-refused-ask-admin"),
            ],
            link: None,
            after: vec![Msg::new("mail-reset-refused-ignore")],
        },
    )?;
    o.delivery.send_mail(&mail).await?;
    Ok(())
}

/// A sign-in or verification code by mail.
pub async fn send_code_mail(
    o: &Outgoing<'_>,
    tenant: &Tenant,
    user: &User,
    code: &str,
    ttl: Ttl,
) -> Result<(), MailError> {
    let mail = compose(
        o.issuer,
        tenant,
        user,
        Compose {
            kind: "code",
            subject: Msg::new("mail-code-subject").with("code", code),
            before: vec![
                Msg::new("mail-code-intro").with("company", tenant.name.as_str()),
                Msg::new("mail-code-code").with("code", code),
            ],
            link: None,
            after: vec![
                Msg::new("mail-code-valid").with("valid", duration(ttl.secs())),
                Msg::new("mail-code-warning"),
            ],
        },
    )?;
    o.delivery.send_mail(&mail).await?;
    Ok(())
}
