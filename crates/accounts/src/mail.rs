//! Mails of the account lifecycle (registration, password reset, e-mail confirmation, codes)
//! and the single-use links they carry.

use askama::Template;
use idp_delivery::{Delivery, DeliveryError, Mail};
use idp_domain::secret::{digest, random_b64};
use idp_domain::{Tenant, Ttl, UnixTime, User};
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
    name: &'a str,
    before: &'a [String],
    link: Option<(&'a str, &'a str)>,
    after: &'a [String],
    signature: &'a str,
}

#[derive(Template)]
#[template(path = "mail/mail.html")]
struct MailHtml<'a> {
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

struct Compose<'a> {
    kind: &'static str,
    subject: String,
    before: Vec<String>,
    link: Option<(&'a str, &'a str)>,
    after: Vec<String>,
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
    let brand = mail_brand(issuer, tenant);
    let name = user.name.as_deref().unwrap_or(&user.username);
    let signature = format!("The sign-in service of {}", tenant.name);
    let text = MailText {
        name,
        before: &c.before,
        link: c.link,
        after: &c.after,
        signature: &signature,
    }
    .render()?;
    let html = MailHtml {
        tenant_name: &tenant.name,
        logo: brand.logo.as_deref(),
        accent: &brand.accent,
        subject: &c.subject,
        name,
        before: &c.before,
        link: c.link,
        after: &c.after,
        signature: &signature,
    }
    .render()?;
    Ok(Mail {
        to: user.email.clone(),
        subject: c.subject,
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
    let valid = format!("The link works once, for {}.", ttl.human());
    let ignore = "If you did not expect this mail, you can ignore it.".to_owned();
    let mail = match purpose {
        LinkPurpose::Register => compose(
            o.issuer,
            tenant,
            user,
            Compose {
                kind: "registration",
                subject: format!("Your account at {}", tenant.name),
                before: vec![
                    format!(
                        "An account was set up for you at {}. Your company ID is \u{201c}{}\u{201d} and your user name is \u{201c}{}\u{201d}.",
                        tenant.name, tenant.id, user.username
                    ),
                    "Choose your password to start using it.".into(),
                ],
                link: Some(("Choose your password", &url)),
                after: vec![valid, ignore],
            },
        )?,
        LinkPurpose::Reset => compose(
            o.issuer,
            tenant,
            user,
            Compose {
                kind: "reset",
                subject: format!("Reset your password at {}", tenant.name),
                before: vec![format!(
                    "Someone asked to reset the password of your account \u{201c}{}\u{201d} at {}.",
                    user.username, tenant.name
                )],
                link: Some(("Choose a new password", &url)),
                after: vec![
                    valid,
                    "If you did not ask for this, ignore this mail: your password stays as it is."
                        .into(),
                ],
            },
        )?,
        LinkPurpose::Setup => return Err(MailError::NotMailed),
        LinkPurpose::Confirm => compose(
            o.issuer,
            tenant,
            user,
            Compose {
                kind: "confirm",
                subject: format!("Confirm your e-mail address at {}", tenant.name),
                before: vec![format!(
                    "Please confirm that {} is your address for your account \u{201c}{}\u{201d} at {}.",
                    user.email, user.username, tenant.name
                )],
                link: Some(("Confirm my address", &url)),
                after: vec![valid, ignore],
            },
        )?,
    };
    Ok(mail)
}

/// Rule 8: the answer to a reset request from a user with a second factor.
pub async fn send_reset_refused(
    o: &Outgoing<'_>,
    tenant: &Tenant,
    user: &User,
    reason: &str,
) -> Result<(), MailError> {
    let mail = compose(
        o.issuer,
        tenant,
        user,
        Compose {
            kind: "reset-refused",
            subject: format!("About your password reset at {}", tenant.name),
            before: vec![
                format!(
                    "Someone asked to reset the password of your account \u{201c}{}\u{201d} at {}.",
                    user.username, tenant.name
                ),
                reason.to_owned(),
                "Ask your administrator to reset your account; you will then receive a mail to set it up again.".into(),
            ],
            link: None,
            after: vec!["If you did not ask for this, you can ignore this mail.".into()],
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
            subject: format!("Your sign-in code: {code}"),
            before: vec![
                format!("Your code for {} is:", tenant.name),
                code.to_owned(),
            ],
            link: None,
            after: vec![
                format!("It works once, for {}.", ttl.human()),
                "If you did not try to sign in, someone knows your password: change it, and tell your administrator.".into(),
            ],
        },
    )?;
    o.delivery.send_mail(&mail).await?;
    Ok(())
}
