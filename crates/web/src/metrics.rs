//! Prometheus counters, kept as atomics: requests by status class, sign-ins by result,
//! tokens by grant.

use crate::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

#[derive(Debug, Default)]
pub struct Metrics {
    pub status: [AtomicU64; 5],
    pub logins_ok: AtomicU64,
    pub logins_failed: AtomicU64,
    pub tokens: AtomicU64,
    pub token_errors: AtomicU64,
}

pub async fn count(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let r = next.run(req).await;
    let class = (r.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    s.metrics.status[class].fetch_add(1, Relaxed);
    r
}

impl Metrics {
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(1024);
        out.push_str("# HELP idp_http_responses_total HTTP responses by status class.\n# TYPE idp_http_responses_total counter\n");
        for (i, c) in self.status.iter().enumerate() {
            let _ = writeln!(
                out,
                "idp_http_responses_total{{class=\"{}xx\"}} {}",
                i + 1,
                c.load(Relaxed)
            );
        }
        out.push_str("# HELP idp_sign_ins_total Password sign-ins by result.\n# TYPE idp_sign_ins_total counter\n");
        let _ = writeln!(
            out,
            "idp_sign_ins_total{{result=\"success\"}} {}",
            self.logins_ok.load(Relaxed)
        );
        let _ = writeln!(
            out,
            "idp_sign_ins_total{{result=\"failure\"}} {}",
            self.logins_failed.load(Relaxed)
        );
        out.push_str("# HELP idp_token_responses_total Token endpoint answers by result.\n# TYPE idp_token_responses_total counter\n");
        let _ = writeln!(
            out,
            "idp_token_responses_total{{result=\"issued\"}} {}",
            self.tokens.load(Relaxed)
        );
        let _ = writeln!(
            out,
            "idp_token_responses_total{{result=\"error\"}} {}",
            self.token_errors.load(Relaxed)
        );
        out
    }
}
