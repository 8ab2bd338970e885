//! SMS: a generic HTTP gateway, or the file outbox.
//!
//! The gateway contract: `POST {url}` with `Authorization: Bearer {token}` and the JSON body
//! `{"to": "+4915112345678", "text": "...", "from": "..."}`. Any 2xx answer whose body is not
//! JSON with an `error` member means accepted; anything else is a failure, reported with the
//! status and the start of the body.

use crate::{write_outbox, DeliveryError, Sms};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SmsTransportKind {
    #[default]
    Outbox,
    Http,
}

/// The `[sms]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsConfig {
    /// `outbox` (files under `outbox_dir`) or `http`.
    pub transport: SmsTransportKind,
    pub outbox_dir: PathBuf,
    /// The gateway endpoint (https, or http on a loopback host).
    pub url: String,
    /// Bearer credential for the gateway.
    pub token: Option<String>,
    /// Sender name or number, passed to the gateway as `from`.
    pub sender: Option<String>,
}

impl Default for SmsConfig {
    fn default() -> Self {
        SmsConfig {
            transport: SmsTransportKind::Outbox,
            outbox_dir: PathBuf::from("data/outbox"),
            url: String::new(),
            token: None,
            sender: None,
        }
    }
}

pub(crate) enum SmsTransport {
    Outbox(PathBuf),
    Http {
        client: reqwest::Client,
        url: reqwest::Url,
        token: Option<String>,
        sender: Option<String>,
    },
}

impl SmsTransport {
    pub(crate) fn new(c: &SmsConfig) -> Result<Self, DeliveryError> {
        match c.transport {
            SmsTransportKind::Outbox => Ok(SmsTransport::Outbox(c.outbox_dir.clone())),
            SmsTransportKind::Http => {
                let url = reqwest::Url::parse(&c.url)
                    .map_err(|e| DeliveryError::Config(format!("sms.url `{}`: {e}", c.url)))?;
                let loopback = match url.host() {
                    Some(url::Host::Domain(d)) => d == "localhost",
                    Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                    Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                    None => false,
                };
                if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
                    return Err(DeliveryError::Config(format!(
                        "sms.url `{url}` must be https (plain http only on this host)"
                    )));
                }
                let client = reqwest::Client::builder()
                    .timeout(crate::TIMEOUT)
                    .build()
                    .map_err(|e| DeliveryError::Config(format!("sms: {e}")))?;
                Ok(SmsTransport::Http {
                    client,
                    url,
                    token: c.token.clone(),
                    sender: c.sender.clone(),
                })
            }
        }
    }

    pub(crate) async fn send(&self, s: &Sms) -> Result<(), DeliveryError> {
        match self {
            SmsTransport::Outbox(dir) => write_outbox(
                dir,
                "sms",
                format!("To: {}\nKind: sms\n\n{}\n", s.to, s.text),
            )
            .await
            .map(|_| ()),
            SmsTransport::Http {
                client,
                url,
                token,
                sender,
            } => {
                let mut req = client.post(url.clone()).json(&serde_json::json!({
                    "to": s.to,
                    "text": s.text,
                    "from": sender,
                }));
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                let resp = req
                    .send()
                    .await
                    .map_err(|e| DeliveryError::Gateway(e.to_string()))?;
                let status = resp.status();
                let body = resp.text().await.unwrap_or_default();
                let error_member = serde_json::from_str::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v.get("error").cloned())
                    .filter(|e| !e.is_null());
                if status.is_success() && error_member.is_none() {
                    Ok(())
                } else {
                    let start: String = body.chars().take(200).collect();
                    Err(DeliveryError::Gateway(format!("HTTP {status}: {start}")))
                }
            }
        }
    }
}
