//! The delivery component against real servers: mail over SMTP to an aiosmtpd process
//! (STARTTLS and implicit TLS with a certificate made here, AUTH required), and SMS to an HTTP
//! gateway served by this test, whose answers decide success.

use crate::harness::free_port;
use idp_delivery::{
    Delivery, DeliveryError, Mail, MailConfig, MailTransportKind, Sms, SmsConfig, SmsTransportKind,
    SmtpTls,
};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// A private CA (`ca.pem`) and a server certificate for `localhost` it issued
/// (`cert.pem`, `key.pem`), made with openssl.
fn certificate(dir: &Path) {
    let run = |args: &[&str]| {
        let ok = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success();
        assert!(ok, "openssl {args:?} failed");
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(&[
        &["req", "-x509"][..],
        &ec,
        &[
            "-subj",
            "/CN=Test Mail CA",
            "-days",
            "1",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    ]
    .concat());
    run(&[
        &["req"][..],
        &ec,
        &[
            "-subj",
            "/CN=localhost",
            "-keyout",
            "key.pem",
            "-out",
            "leaf.csr",
        ],
    ]
    .concat());
    std::fs::write(
        dir.join("leaf.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "1",
        "-extfile",
        "leaf.ext",
        "-out",
        "cert.pem",
    ]);
}

struct SmtpServer {
    child: Child,
    port: u16,
    mailbox: std::path::PathBuf,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts tests/support/smtp_server.py (aiosmtpd; the test command installs it).
fn smtp_server(mode: &str, dir: &Path) -> SmtpServer {
    use std::io::BufRead;
    let port = free_port();
    let mailbox = dir.join(format!("mailbox-{mode}"));
    std::fs::create_dir_all(&mailbox).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_server.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(mode)
        .arg(port.to_string())
        .arg(dir.join("cert.pem"))
        .arg(dir.join("key.pem"))
        .arg(&mailbox)
        .args(["mailer", "s3cret-pass"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 runs the aiosmtpd test server");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(
        line.trim(),
        "ready",
        "aiosmtpd did not start (pip install aiosmtpd)"
    );
    SmtpServer {
        child,
        port,
        mailbox,
    }
}

fn smtp_config(dir: &Path, port: u16, tls: SmtpTls, password: &str) -> MailConfig {
    MailConfig {
        transport: MailTransportKind::Smtp,
        from: "Acme Sign-in <no-reply@acme.example>".into(),
        host: "localhost".into(),
        port: Some(port),
        tls,
        username: Some("mailer".into()),
        password: Some(password.into()),
        ca_file: Some(dir.join("ca.pem")),
        ..MailConfig::default()
    }
}

fn mail() -> Mail {
    Mail {
        to: "alice@acme.example".into(),
        subject: "Your account at Acme".into(),
        text: "Choose your password:\nhttps://login.example/account/register/abc\n".into(),
        html:
            "<p>Choose your <a href=\"https://login.example/account/register/abc\">password</a></p>"
                .into(),
        kind: "registration",
    }
}

fn received(dir: &Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[tokio::test]
async fn smtp_starttls_and_tls_with_credentials() {
    let dir = tempfile::tempdir().unwrap();
    certificate(dir.path());
    for (mode, tls) in [("starttls", SmtpTls::Starttls), ("tls", SmtpTls::Tls)] {
        let server = smtp_server(mode, dir.path());
        let d = Delivery::new(
            &smtp_config(dir.path(), server.port, tls, "s3cret-pass"),
            &SmsConfig::default(),
        )
        .unwrap();
        d.send_mail(&mail()).await.unwrap();
        let got = received(&server.mailbox);
        assert_eq!(got.len(), 1, "{mode}");
        let m = &got[0];
        assert!(m.contains("X-Test-Auth: True"), "{mode}: authenticated");
        assert!(m.contains("X-Test-TLS: True"), "{mode}: encrypted");
        assert!(m.contains("X-Test-Rcpt: alice@acme.example"));
        assert!(m.contains("Subject: Your account at Acme"));
        assert!(m.contains("multipart/alternative"));
        assert!(m.contains("text/plain") && m.contains("text/html"));
        assert!(m.contains("https://login.example/account/register/abc"));

        // A wrong password is an error, not a silent loss.
        let bad = Delivery::new(
            &smtp_config(dir.path(), server.port, tls, "wrong"),
            &SmsConfig::default(),
        )
        .unwrap();
        let e = bad.send_mail(&mail()).await.unwrap_err();
        assert!(matches!(e, DeliveryError::Smtp(_)), "{e}");
        assert_eq!(received(&server.mailbox).len(), 1);
    }
}

#[tokio::test]
async fn smtp_refuses_untrusted_or_plain_servers() {
    let dir = tempfile::tempdir().unwrap();
    certificate(dir.path());
    let server = smtp_server("starttls", dir.path());
    // Without the private CA the certificate is not trusted: nothing is sent.
    let mut c = smtp_config(dir.path(), server.port, SmtpTls::Starttls, "s3cret-pass");
    c.ca_file = None;
    let d = Delivery::new(&c, &SmsConfig::default()).unwrap();
    assert!(d.send_mail(&mail()).await.is_err());
    assert!(received(&server.mailbox).is_empty());

    // A server that offers no STARTTLS gets nothing either (no fallback to plain text).
    let port = free_port();
    let mut plain = Command::new("python3")
        .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..50 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let d = Delivery::new(
        &smtp_config(dir.path(), port, SmtpTls::Starttls, "s3cret-pass"),
        &SmsConfig::default(),
    )
    .unwrap();
    let e = d.send_mail(&mail()).await.unwrap_err();
    let _ = plain.kill();
    let _ = plain.wait();
    assert!(matches!(e, DeliveryError::Smtp(_)), "{e}");

    // Plain SMTP to a remote host is refused at start.
    let mut remote = smtp_config(dir.path(), 25, SmtpTls::None, "x");
    remote.host = "mail.example.com".into();
    let e = Delivery::new(&remote, &SmsConfig::default())
        .err()
        .expect("refused");
    assert!(e.to_string().contains("mail.tls"), "{e}");
}

type Seen = Arc<Mutex<Vec<(Option<String>, serde_json::Value)>>>;

/// An SMS gateway on a free port that records requests and answers with `status` and `body`.
async fn gateway(status: u16, body: &'static str) -> (String, Seen) {
    use axum::http::{HeaderMap, StatusCode};
    let seen: Seen = Arc::default();
    let s = seen.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(
            move |headers: HeaderMap, axum::Json(v): axum::Json<serde_json::Value>| {
                let s = s.clone();
                async move {
                    let auth = headers
                        .get("authorization")
                        .map(|h| h.to_str().unwrap().to_owned());
                    s.lock().unwrap().push((auth, v));
                    (StatusCode::from_u16(status).unwrap(), body)
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn sms_config(url: &str) -> SmsConfig {
    SmsConfig {
        transport: SmsTransportKind::Http,
        url: url.into(),
        token: Some("gw-token".into()),
        sender: Some("Acme".into()),
        ..SmsConfig::default()
    }
}

#[tokio::test]
async fn sms_gateway_answers_decide() {
    let sms = Sms {
        to: "+4915123456789".into(),
        text: "123456 is your code for Acme.".into(),
    };
    let (url, seen) = gateway(200, r#"{"id":"m-1"}"#).await;
    let d = Delivery::new(&MailConfig::default(), &sms_config(&url)).unwrap();
    d.send_sms(&sms).await.unwrap();
    let got = seen.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0.as_deref(), Some("Bearer gw-token"));
    assert_eq!(got[0].1["to"], "+4915123456789");
    assert_eq!(got[0].1["text"], "123456 is your code for Acme.");
    assert_eq!(got[0].1["from"], "Acme");

    for (status, body) in [(200, r#"{"error":"quota exceeded"}"#), (502, "bad gateway")] {
        let (url, _) = gateway(status, body).await;
        let d = Delivery::new(&MailConfig::default(), &sms_config(&url)).unwrap();
        let e = d.send_sms(&sms).await.unwrap_err();
        assert!(matches!(e, DeliveryError::Gateway(_)), "{e}");
        assert!(e.to_string().contains(&status.to_string()), "{e}");
    }
    // Plain http to a remote gateway is refused at start.
    let e = Delivery::new(
        &MailConfig::default(),
        &sms_config("http://sms.example.com/send"),
    )
    .err()
    .expect("refused");
    assert!(e.to_string().contains("https"), "{e}");
}
