//! What the protocol logic needs from persistence, as traits shaped around its aggregates:
//! clients, authorization codes, grants (with their refresh tokens and revoked access-token
//! IDs), signing keys, and the users tokens are issued for. [`OidcStorage`] is all of them;
//! [`Provider`](crate::Provider) is generic over it.
//!
//! This module owns the contract and the values that cross it ([`KeyRow`], [`Consumed`],
//! [`RefreshLookup`], [`SessionRow`], [`StorageError`]). It does not own tables or queries:
//! `idp-store` implements the traits for SQLite and PostgreSQL. Implementations must keep
//! single-use values single-use across nodes: `consume_*` is one conditional statement, never
//! a read-then-write.
//!
//! The methods return `impl Future + Send` (no boxing: the token endpoint is hot), so that
//! the futures of [`Provider`](crate::Provider) stay `Send` for the web layer.

use idp_domain::{Client, ClientId, TenantId, UnixTime, User, UserId};
use std::fmt;
use std::future::Future;
use std::sync::Arc;

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

/// A signing key as stored: the private half sealed with the master key by `keys`.
#[derive(Debug, Clone)]
pub struct KeyRow {
    pub kid: String,
    pub alg: String,
    pub private_enc: Vec<u8>,
    pub public_jwk: String,
    pub created_at: UnixTime,
    pub retired_at: Option<UnixTime>,
}

/// The outcome of presenting a single-use value (a code or a refresh token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consumed {
    /// First use of a live value: its grant and payload.
    Fresh { grant_id: String, data: String },
    /// The value was already used: a replay. The grant has been revoked.
    Replayed { grant_id: String },
    /// A live code whose user is disabled or gone: nothing is issued for it.
    Inactive,
    /// A live refresh token of another client: refused, and not spent.
    OtherClient,
    /// Unknown, expired or belonging to a revoked grant.
    Invalid,
}

/// A completed authorization as it is recorded: its grant and its code, together.
#[derive(Debug, Clone)]
pub struct NewGrant<'a> {
    /// The interaction's key where a sign-in completed it (so it completes once), else random.
    pub id: &'a str,
    pub tenant: &'a TenantId,
    pub client_id: &'a str,
    pub user_id: &'a str,
    pub code_digest: &'a str,
    /// The caller's payload, handed back when the code is consumed.
    pub code_data: &'a str,
    /// The payload the grant's refresh tokens hand back (what outlives the code).
    pub grant_data: &'a str,
    pub created_at: UnixTime,
    pub code_expires_at: UnixTime,
    /// When the grant (and its refresh tokens) end.
    pub expires_at: UnixTime,
}

/// A refresh token being issued: the digest of its secret and its lifetime. A grant holds one
/// live refresh token at a time.
#[derive(Debug, Clone, Copy)]
pub struct RefreshIssue<'a> {
    pub digest: &'a str,
    pub issued_at: UnixTime,
    pub expires_at: UnixTime,
}

/// A presented refresh token as storage finds it: by its grant and the digest of its secret,
/// or, for a token issued before tokens named their grant, by the digest alone.
#[derive(Debug, Clone, Copy)]
pub struct RefreshRef<'a> {
    pub grant: Option<&'a str>,
    pub digest: &'a str,
}

/// A refresh token as introspection sees it.
#[derive(Debug, Clone)]
pub struct RefreshLookup {
    pub grant_id: String,
    pub data: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

/// A browser session: who signed in, when and how (the `auth_time`, `amr` and `acr` put in
/// tokens), keyed by the digest of the cookie value. `sid` is the public session identifier
/// put in ID tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id_digest: String,
    pub sid: String,
    pub tenant: TenantId,
    pub user: UserId,
    pub auth_time: UnixTime,
    pub amr: Vec<String>,
    pub acr: String,
    pub created_at: UnixTime,
    pub expires_at: UnixTime,
}

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The backend failed (unreachable, a statement failed, a stored value unreadable).
    #[error("{message}")]
    Backend {
        message: String,
        #[source]
        cause: Option<BackendCause>,
    },
    #[error("{what} already exists")]
    Conflict { what: String },
    #[error("{what} not found")]
    NotFound { what: String },
}

impl StorageError {
    /// A backend failure, with `e`'s message and its chain of causes kept as text.
    pub fn backend(e: &(dyn std::error::Error + 'static)) -> Self {
        StorageError::Backend {
            message: e.to_string(),
            cause: e.source().map(BackendCause::capture),
        }
    }
}

/// The cause of a backend failure as it was when it crossed into this crate: its `Display`
/// and `Debug` text and its own cause, level by level. Logs and error chains read as the
/// original's did, without a `Box<dyn Error>` crossing the crate boundary.
#[derive(Clone)]
pub struct BackendCause {
    display: String,
    debug: String,
    source: Option<Box<BackendCause>>,
}

impl BackendCause {
    pub fn capture(e: &(dyn std::error::Error + 'static)) -> Self {
        BackendCause {
            display: e.to_string(),
            debug: format!("{e:?}"),
            source: e.source().map(|s| Box::new(BackendCause::capture(s))),
        }
    }
}

impl fmt::Debug for BackendCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.debug)
    }
}

impl fmt::Display for BackendCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

impl std::error::Error for BackendCause {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|c| c as &(dyn std::error::Error + 'static))
    }
}

/// Relying applications. Client IDs are global: a client without a tenant serves every
/// tenant, so the lookup takes no tenant.
pub trait ClientStore {
    /// The registered (or built-in) client; may be a few seconds stale.
    fn client(&self, id: &ClientId) -> impl Future<Output = Result<Option<Arc<Client>>>> + Send;
}

/// Authorization codes (RFC 6749 §4.1.2), keyed by digest, each born with its grant.
pub trait CodeStore {
    /// Records the grant and its code in one write; a grant with this ID already there (the
    /// authorization was completed before) is [`StorageError::Conflict`].
    fn create_grant_with_code(&self, g: &NewGrant<'_>) -> impl Future<Output = Result<()>> + Send;

    /// One-shot: the first presentation of a live code of an enabled user gets it, and its
    /// grant the refresh token `refresh` in the same write; a second presentation revokes the
    /// grant and is answered [`Consumed::Replayed`].
    fn consume_code(
        &self,
        digest: &str,
        now: UnixTime,
        refresh: Option<&RefreshIssue<'_>>,
    ) -> impl Future<Output = Result<Consumed>> + Send;
}

/// Grants and what hangs off them: refresh tokens (rotated, reuse revokes the grant) and the
/// IDs of revoked access tokens.
pub trait GrantStore {
    /// Its refresh tokens stop working and its access tokens stop being accepted.
    fn revoke_grant(&self, id: &str) -> impl Future<Output = Result<()>> + Send;

    fn grant_active(&self, id: &str, now: UnixTime) -> impl Future<Output = Result<bool>> + Send;

    /// The live refresh token of a live grant, without spending it.
    fn refresh_token(
        &self,
        token: RefreshRef<'_>,
        now: UnixTime,
    ) -> impl Future<Output = Result<Option<RefreshLookup>>> + Send;

    /// Rotation (OAuth 2.0 Security BCP §4.14.2), for `client_id` and an enabled user only:
    /// the grant's live token is replaced by `next` in one write. Presenting an earlier token
    /// of the grant revokes it ([`Consumed::Replayed`]); another client's token is refused
    /// and not spent.
    fn rotate_refresh_token(
        &self,
        token: RefreshRef<'_>,
        client_id: &str,
        next: &RefreshIssue<'_>,
    ) -> impl Future<Output = Result<Consumed>> + Send;

    /// Undoes a rotation whose request was refused afterwards: the grant's token is `spent`
    /// again if it is still `unsent` (the digest of the token that was never handed out).
    fn restore_refresh_token(
        &self,
        grant_id: &str,
        spent: RefreshRef<'_>,
        unsent: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    fn revoke_jti(
        &self,
        jti: &str,
        expires_at: UnixTime,
    ) -> impl Future<Output = Result<()>> + Send;

    fn jti_revoked(&self, jti: &str) -> impl Future<Output = Result<bool>> + Send;
}

/// Signing keys. Reads may be cached; the same `Arc` back means the rows did not change.
pub trait KeyStore {
    /// Current keys and those retired after `retired_after`.
    fn published_keys(
        &self,
        retired_after: UnixTime,
    ) -> impl Future<Output = Result<Arc<Vec<KeyRow>>>> + Send;

    /// Adds `key` only if its algorithm has no current key; `true` if this call added it.
    fn add_key_if_missing(&self, key: &KeyRow) -> impl Future<Output = Result<bool>> + Send;

    /// `key` becomes the current key of its algorithm; the previous one is retired at `now`.
    fn rotate_key(&self, key: &KeyRow, now: UnixTime) -> impl Future<Output = Result<()>> + Send;

    /// Forgets cached key reads, so the next one sees keys another node added.
    fn invalidate_keys(&self);
}

/// The users tokens are issued for: whether they are still active, and their claims.
pub trait SubjectStore {
    fn user(
        &self,
        tenant: &TenantId,
        id: &UserId,
    ) -> impl Future<Output = Result<Option<User>>> + Send;
}

/// Everything the provider needs; implemented for every type that implements the parts.
pub trait OidcStorage:
    ClientStore + CodeStore + GrantStore + KeyStore + SubjectStore + Clone + Send + Sync + 'static
{
}

impl<T> OidcStorage for T where
    T: ClientStore
        + CodeStore
        + GrantStore
        + KeyStore
        + SubjectStore
        + Clone
        + Send
        + Sync
        + 'static
{
}
