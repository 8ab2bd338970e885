//! Mail: SMTP with lettre, or the file outbox.

use crate::{write_outbox, DeliveryError, Mail};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    #[default]
    Outbox,
    Smtp,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS, which is required (port 587).
    #[default]
    Starttls,
    /// Implicit TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this host.
    None,
}

/// The `[mail]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailConfig {
    /// `outbox` (files under `outbox_dir`) or `smtp`.
    pub transport: MailTransportKind,
    /// The sender, e.g. `Example Sign-in <no-reply@example.com>`.
    pub from: String,
    pub outbox_dir: PathBuf,
    pub host: String,
    /// Defaults by `tls`: 587, 465 or 25.
    pub port: Option<u16>,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    /// A PEM file of extra certificate authorities to trust for the SMTP server (a relay with
    /// a private CA). The public web roots are always trusted.
    pub ca_file: Option<PathBuf>,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            transport: MailTransportKind::Outbox,
            from: "Sign-in <no-reply@localhost>".into(),
            outbox_dir: PathBuf::from("data/outbox"),
            host: String::new(),
            port: None,
            tls: SmtpTls::Starttls,
            username: None,
            password: None,
            ca_file: None,
        }
    }
}

pub(crate) enum MailTransport {
    Outbox {
        dir: PathBuf,
        from: Mailbox,
    },
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
}

fn mailbox(address: &str) -> Result<Mailbox, DeliveryError> {
    address
        .parse()
        .map_err(|e: lettre::address::AddressError| DeliveryError::Address {
            address: address.to_owned(),
            reason: e.to_string(),
        })
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl MailTransport {
    pub(crate) fn new(c: &MailConfig) -> Result<Self, DeliveryError> {
        let from =
            mailbox(&c.from).map_err(|e| DeliveryError::Config(format!("mail.from: {e}")))?;
        match c.transport {
            MailTransportKind::Outbox => Ok(MailTransport::Outbox {
                dir: c.outbox_dir.clone(),
                from,
            }),
            MailTransportKind::Smtp => {
                if c.host.is_empty() {
                    return Err(DeliveryError::Config(
                        "mail.host is required when mail.transport = \"smtp\"".into(),
                    ));
                }
                if c.tls == SmtpTls::None && !is_loopback(&c.host) {
                    return Err(DeliveryError::Config(format!(
                        "mail.tls = \"none\" is only allowed for a relay on this host, not `{}`: use \"starttls\" or \"tls\"",
                        c.host
                    )));
                }
                let smtp = |e: lettre::transport::smtp::Error| {
                    DeliveryError::Config(format!("mail.host `{}`: {e}", c.host))
                };
                let params = || -> Result<TlsParameters, DeliveryError> {
                    let mut b = TlsParameters::builder(c.host.clone());
                    if let Some(path) = &c.ca_file {
                        let pem = std::fs::read(path).map_err(|e| {
                            DeliveryError::Config(format!("mail.ca_file {}: {e}", path.display()))
                        })?;
                        let cert = Certificate::from_pem(&pem).map_err(|e| {
                            DeliveryError::Config(format!("mail.ca_file {}: {e}", path.display()))
                        })?;
                        b = b.add_root_certificate(cert);
                    }
                    b.build().map_err(smtp)
                };
                // STARTTLS is required, never opportunistic: no silent fallback to plain text.
                let (tls, port) = match c.tls {
                    SmtpTls::Starttls => (Tls::Required(params()?), 587),
                    SmtpTls::Tls => (Tls::Wrapper(params()?), 465),
                    SmtpTls::None => (Tls::None, 25),
                };
                let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&c.host)
                    .port(c.port.unwrap_or(port))
                    .tls(tls);
                match (&c.username, &c.password) {
                    (Some(u), Some(p)) => b = b.credentials(Credentials::new(u.clone(), p.clone())),
                    (None, None) => {}
                    _ => {
                        return Err(DeliveryError::Config(
                            "mail.username and mail.password go together".into(),
                        ))
                    }
                }
                Ok(MailTransport::Smtp {
                    transport: b.timeout(Some(crate::TIMEOUT)).build(),
                    from,
                })
            }
        }
    }

    pub(crate) async fn send(&self, m: &Mail) -> Result<(), DeliveryError> {
        let to = mailbox(&m.to)?;
        match self {
            MailTransport::Outbox { dir, from } => {
                let body = format!(
                    "From: {from}\nTo: {to}\nSubject: {}\nKind: {}\n\n{}\n--- html ---\n{}\n",
                    m.subject, m.kind, m.text, m.html
                );
                let path = write_outbox(dir, m.kind, body).await?;
                tracing::debug!(path = %path.display(), "mail written to the outbox");
                Ok(())
            }
            MailTransport::Smtp { transport, from } => {
                let msg = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(m.subject.clone())
                    .multipart(MultiPart::alternative_plain_html(
                        m.text.clone(),
                        m.html.clone(),
                    ))
                    .map_err(|e| DeliveryError::Build(e.to_string()))?;
                transport
                    .send(msg)
                    .await
                    .map(|_| ())
                    .map_err(|e| DeliveryError::Smtp(e.to_string()))
            }
        }
    }
}
