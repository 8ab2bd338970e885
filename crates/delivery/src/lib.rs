//! Delivery of messages to people: mail through SMTP (`lettre`, STARTTLS or implicit TLS) or
//! the file outbox, and SMS through a generic HTTP gateway or the file outbox.
//!
//! The outbox writes one file per message under one directory, named so that files sort by
//! time and never collide between nodes. A file is plain text: `To:`, `Subject:` (mail) and
//! `Kind:` headers, a blank line, then the text body (and, for mail, the HTML part after a
//! `--- html ---` line). People read them; tests parse them.

mod mail;
mod sms;

pub use mail::{MailConfig, MailTransportKind, SmtpTls};
pub use sms::{SmsConfig, SmsTransportKind};

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long one delivery may take before it counts as failed.
pub const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("invalid address `{address}`: {reason}")]
    Address { address: String, reason: String },
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("cannot write to the outbox {path}: {source}")]
    Outbox {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the SMTP server refused or failed: {0}")]
    Smtp(String),
    #[error("the SMS gateway failed: {0}")]
    Gateway(String),
    #[error("delivery took longer than {}s", TIMEOUT.as_secs())]
    Timeout,
    #[error("configuration: {0}")]
    Config(String),
}

/// A mail with a text and an HTML part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// What the mail is for (registration, reset, confirm, code), for the outbox and logs.
    pub kind: &'static str,
}

/// A text message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sms {
    /// E.164.
    pub to: String,
    pub text: String,
}

/// Both transports, built once at start from configuration.
pub struct Delivery {
    mail: mail::MailTransport,
    sms: sms::SmsTransport,
}

impl Delivery {
    pub fn new(mail: &MailConfig, sms: &SmsConfig) -> Result<Self, DeliveryError> {
        Ok(Delivery {
            mail: mail::MailTransport::new(mail)?,
            sms: sms::SmsTransport::new(sms)?,
        })
    }

    pub async fn send_mail(&self, m: &Mail) -> Result<(), DeliveryError> {
        let started = std::time::Instant::now();
        let res = tokio::time::timeout(TIMEOUT, self.mail.send(m))
            .await
            .map_err(|_| DeliveryError::Timeout)
            .and_then(|r| r);
        match &res {
            Ok(()) => tracing::info!(
                kind = m.kind,
                ms = started.elapsed().as_millis() as u64,
                "mail sent"
            ),
            Err(e) => tracing::warn!(kind = m.kind, error = %e, "mail not sent"),
        }
        res
    }

    pub async fn send_sms(&self, s: &Sms) -> Result<(), DeliveryError> {
        let res = tokio::time::timeout(TIMEOUT, self.sms.send(s))
            .await
            .map_err(|_| DeliveryError::Timeout)
            .and_then(|r| r);
        match &res {
            Ok(()) => tracing::info!("sms sent"),
            Err(e) => tracing::warn!(error = %e, "sms not sent"),
        }
        res
    }
}

/// Writes one outbox file atomically (a temporary name, then a rename), so a reader never
/// sees half a message.
async fn write_outbox(dir: &Path, kind: &str, body: String) -> Result<PathBuf, DeliveryError> {
    let err = |path: &Path| {
        let path = path.display().to_string();
        move |source| DeliveryError::Outbox { path, source }
    };
    // Wall time only orders the files for people and tests; no decision depends on it.
    #[allow(clippy::disallowed_methods)]
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let mut rnd = [0u8; 4];
    getrandom::fill(&mut rnd).map_err(|e| DeliveryError::Build(e.to_string()))?;
    let name = format!(
        "{}{:06}-{:08x}-{kind}.txt",
        now.as_secs(),
        now.subsec_micros(),
        u32::from_le_bytes(rnd)
    );
    let tmp = dir.join(format!(".{name}.tmp"));
    let path = dir.join(name);
    // One trip to the blocking pool for the three calls (a bulk resend writes thousands).
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir).map_err(err(&dir))?;
        std::fs::write(&tmp, body).map_err(err(&tmp))?;
        std::fs::rename(&tmp, &path).map_err(err(&path))?;
        Ok(path)
    })
    .await
    .map_err(|e| DeliveryError::Build(format!("the outbox writer stopped: {e}")))?
}
