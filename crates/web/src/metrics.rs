//! Prometheus counters, kept as atomics: requests by status class, sign-ins by result,
//! tokens by grant; and the layer every response passes through.

use crate::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use std::fmt::Write;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::task::{ready, Context, Poll};

#[derive(Debug, Default)]
pub struct Metrics {
    pub status: [AtomicU64; 5],
    pub logins_ok: AtomicU64,
    pub logins_failed: AtomicU64,
    pub tokens: AtomicU64,
    pub token_errors: AtomicU64,
}

/// Wraps every route: counts each response by status class and adds the headers every
/// answer carries (`nosniff`, `no-referrer`, `DENY` framing) unless the handler set its own.
/// A plain future around the route's, where `middleware::from_fn` would clone the route and
/// box its future on every request: this sits on the path of discovery and JWKS.
#[derive(Clone)]
pub struct EnvelopeLayer(pub AppState);

impl<S> tower::Layer<S> for EnvelopeLayer {
    type Service = Envelope<S>;
    fn layer(&self, inner: S) -> Envelope<S> {
        Envelope {
            inner,
            state: self.0.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Envelope<S> {
    inner: S,
    state: AppState,
}

impl<S> tower::Service<Request> for Envelope<S>
where
    S: tower::Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = EnvelopeFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        EnvelopeFuture {
            inner: self.inner.call(req),
            state: self.state.clone(),
        }
    }
}

pin_project_lite::pin_project! {
    pub struct EnvelopeFuture<F> {
        #[pin]
        inner: F,
        state: AppState,
    }
}

impl<F, E> Future for EnvelopeFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut r = ready!(this.inner.poll(cx))?;
        let class = (r.status().as_u16() / 100).clamp(1, 5) as usize - 1;
        this.state.metrics.status[class].fetch_add(1, Relaxed);
        let h = r.headers_mut();
        for (name, value) in [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ] {
            h.entry(name)
                .or_insert_with(|| HeaderValue::from_static(value));
        }
        Poll::Ready(Ok(r))
    }
}

impl Metrics {
    /// The Prometheus text; `statements` is the store's count of SQL statements.
    pub fn render(&self, statements: u64) -> String {
        let mut out = String::with_capacity(1024);
        out.push_str("# HELP idp_db_statements_total SQL statements sent to the database.\n# TYPE idp_db_statements_total counter\n");
        let _ = writeln!(out, "idp_db_statements_total {statements}");
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
