//! Prometheus counters, kept as atomics: requests by status class, sign-ins by result,
//! tokens by grant; and the envelope around the router that every request passes through.

use crate::AppState;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::future::RouteFuture;
use axum::serve::IncomingStream;
use axum::Router;
use std::convert::Infallible;
use std::fmt::Write;
use std::future::{ready, Future, Ready};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::task::{ready, Context, Poll};
use tokio::net::TcpListener;
use tower::Service;

#[derive(Debug, Default)]
pub struct Metrics {
    pub status: [AtomicU64; 5],
    pub logins_ok: AtomicU64,
    pub logins_failed: AtomicU64,
    pub tokens: AtomicU64,
    pub token_errors: AtomicU64,
}

/// The application as `axum::serve` takes it: for each connection, the router wrapped once in
/// an [`Envelope`] that knows the peer's address.
#[derive(Clone)]
pub struct App {
    pub(crate) router: Router,
    pub(crate) state: AppState,
}

impl Service<IncomingStream<'_, TcpListener>> for App {
    type Response = Envelope;
    type Error = Infallible;
    type Future = Ready<Result<Envelope, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, conn: IncomingStream<'_, TcpListener>) -> Self::Future {
        ready(Ok(Envelope {
            router: self.router.clone(),
            state: self.state.clone(),
            peer: ConnectInfo(*conn.remote_addr()),
        }))
    }
}

/// Around the whole router, once per request: hands handlers the peer's address
/// (`ConnectInfo<SocketAddr>`), counts each response by status class and adds the headers
/// every answer carries (`nosniff`, `no-referrer`, `DENY` framing) unless the handler set its
/// own. Outside the router rather than a layer on each route, and a plain future rather than
/// `middleware::from_fn` (which clones the route and boxes its future on every request): this
/// sits on the path of the token endpoint, discovery and JWKS.
#[derive(Clone)]
pub struct Envelope {
    router: Router,
    state: AppState,
    peer: ConnectInfo<SocketAddr>,
}

impl Service<Request> for Envelope {
    type Response = Response;
    type Error = Infallible;
    type Future = EnvelopeFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request) -> Self::Future {
        req.extensions_mut().insert(self.peer);
        EnvelopeFuture {
            inner: self.router.call(req),
            state: self.state.clone(),
        }
    }
}

pin_project_lite::pin_project! {
    pub struct EnvelopeFuture {
        #[pin]
        inner: RouteFuture<Infallible>,
        state: AppState,
    }
}

impl Future for EnvelopeFuture {
    type Output = Result<Response, Infallible>;

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
