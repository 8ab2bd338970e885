//! Relying applications (platform administrators): list and register, with the checks of
//! `idp client create`.

use crate::{Action, Admin, AdminError, Caller, Msg, Page, Paging, Principal, Result};
use idp_domain::client::{validate_redirect_uri, validate_resource, validate_scope_token};
use idp_domain::tenant::validate_name;
use idp_domain::{Client, ClientId, GrantType, SigningAlg, TenantId};

/// Parses the path's client ID; a malformed one is as unknown as a missing one.
fn client_id(id: &str) -> Result<ClientId> {
    ClientId::parse(id).map_err(|_| AdminError::NotFound {
        what: format!("client `{id}`"),
    })
}

fn uris(field: &str, v: &[String]) -> Result<Vec<String>> {
    v.iter()
        .map(|u| validate_redirect_uri(u).map_err(|e| bad(field, e.msg)))
        .collect()
}
use serde::{Deserialize, Serialize};

/// `POST /clients`, with the names of `idp client create`'s flags.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewClient {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub redirect_uris: Vec<String>,
    #[serde(default)]
    pub public: bool,
    /// Default: authorization_code and refresh_token.
    pub grant_types: Option<Vec<GrantType>>,
    /// Space-separated; default `openid profile email offline_access`.
    pub scope: Option<String>,
    /// Binds the client to one tenant's users.
    pub tenant: Option<String>,
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
    /// May call the admin API with client_credentials.
    #[serde(default)]
    pub admin: bool,
    pub id_token_alg: Option<SigningAlg>,
    pub access_token_alg: Option<SigningAlg>,
    #[serde(default)]
    pub resources: Vec<String>,
    #[serde(default)]
    pub resource_server: bool,
}

/// `PATCH /clients/{client_id}`: what an administrator changes of a registration.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    pub name: Option<String>,
    /// The whole list, replacing the registered one.
    pub redirect_uris: Option<Vec<String>>,
    pub post_logout_redirect_uris: Option<Vec<String>>,
    /// `true`: no sign-in, no token, its access tokens refused, until `false` again.
    pub disabled: Option<bool>,
}

/// A client as administrators see it; the secret only once, when it is made.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClientView {
    pub client_id: String,
    pub name: String,
    pub public: bool,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub scopes: Vec<String>,
    pub tenant: Option<String>,
    pub admin: bool,
    pub id_token_alg: SigningAlg,
    pub access_token_alg: SigningAlg,
    pub resources: Vec<String>,
    pub resource_server: bool,
    pub created_at: i64,
    /// Disabled: no sign-in, no token, and its access tokens are refused.
    pub disabled: bool,
    /// `client_secret_basic`, or `none` for a public client.
    #[schema(value_type = String)]
    pub token_endpoint_auth_method: &'static str,
    /// Shown once, on creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

impl ClientView {
    pub fn of(c: &Client, secret: Option<String>) -> Self {
        ClientView {
            client_id: c.id.to_string(),
            name: c.name.clone(),
            public: c.public,
            redirect_uris: c.redirect_uris.clone(),
            post_logout_redirect_uris: c.post_logout_redirect_uris.clone(),
            grant_types: c.grant_types.clone(),
            scopes: c.scopes.clone(),
            tenant: c.tenant.as_ref().map(|t| t.to_string()),
            admin: c.admin,
            id_token_alg: c.id_token_alg,
            access_token_alg: c.access_token_alg,
            resources: c.resources.clone(),
            resource_server: c.resource_server,
            created_at: c.created_at,
            disabled: c.disabled,
            token_endpoint_auth_method: if c.public {
                "none"
            } else {
                "client_secret_basic"
            },
            client_secret: secret,
        }
    }
}

fn bad(field: &str, reason: impl Into<Msg>) -> AdminError {
    AdminError::invalid(field, reason)
}

impl NewClient {
    /// The checked registration (without its secret).
    fn validate(&self, now: i64) -> Result<Client> {
        let id = ClientId::parse(&self.id).map_err(|e| bad("id", e.msg))?;
        if id.as_str().starts_with("idp-") {
            return Err(bad(
                "id",
                Msg::new("admin-err-client-reserved").with("id", id.as_str()),
            ));
        }
        let grants = self
            .grant_types
            .clone()
            .unwrap_or_else(|| vec![GrantType::AuthorizationCode, GrantType::RefreshToken]);
        if grants.is_empty() {
            return Err(bad("grant_types", Msg::new("admin-err-no-grant")));
        }
        if self.public && grants.contains(&GrantType::ClientCredentials) {
            return Err(bad("grant_types", Msg::new("admin-err-public-credentials")));
        }
        if self.public && self.admin {
            return Err(bad("admin", Msg::new("admin-err-public-admin")));
        }
        if grants.contains(&GrantType::AuthorizationCode) && self.redirect_uris.is_empty() {
            return Err(bad("redirect_uris", Msg::new("admin-err-no-redirect")));
        }
        let scopes = self
            .scope
            .as_deref()
            .unwrap_or("openid profile email offline_access")
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(|s| {
                validate_scope_token(s)
                    .map(|_| s.to_owned())
                    .map_err(|e| bad("scope", e.msg))
            })
            .collect::<Result<Vec<_>>>()?;
        let tenant = self
            .tenant
            .as_deref()
            .map(TenantId::parse)
            .transpose()
            .map_err(|e| bad("tenant", e.msg))?;
        if self.resource_server && tenant.is_none() {
            return Err(bad("tenant", Msg::new("admin-err-resource-tenant")));
        }
        if self.resource_server && self.public {
            return Err(bad(
                "resource_server",
                Msg::new("admin-err-public-resource"),
            ));
        }
        Ok(Client {
            id,
            name: validate_name("name", &self.name)?,
            secret_digest: None,
            public: self.public,
            redirect_uris: uris("redirect_uris", &self.redirect_uris)?,
            post_logout_redirect_uris: uris(
                "post_logout_redirect_uris",
                &self.post_logout_redirect_uris,
            )?,
            grant_types: grants,
            scopes,
            tenant,
            admin: self.admin,
            id_token_alg: self.id_token_alg.unwrap_or(SigningAlg::RS256),
            access_token_alg: self.access_token_alg.unwrap_or(SigningAlg::ES256),
            created_at: now,
            resources: self
                .resources
                .iter()
                .map(|r| validate_resource(r).map_err(|e| bad("resources", e.msg)))
                .collect::<Result<_>>()?,
            resource_server: self.resource_server,
            disabled: false,
        })
    }
}

impl Admin {
    pub async fn clients(&self, caller: &Caller, paging: &Paging) -> Result<Page<ClientView>> {
        self.check(caller, Action::ManageClients, None)?;
        let limit = paging.limit()?;
        let after = paging.after()?;
        let rows = self
            .accounts
            .store
            .clients(after.as_deref(), limit + 1)
            .await?;
        let page = Paging::page(limit, rows, |c: &Client| c.id.to_string());
        Ok(Page {
            items: page.items.iter().map(|c| ClientView::of(c, None)).collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// Registers a client; a confidential one gets a secret, returned here only.
    pub async fn create_client(&self, caller: &Caller, new: &NewClient) -> Result<ClientView> {
        self.check(caller, Action::ManageClients, None)?;
        let mut c = new.validate(self.accounts.now())?;
        if let Some(t) = &c.tenant {
            if self.accounts.store.tenant(t).await?.is_none() {
                return Err(bad(
                    "tenant",
                    Msg::new("admin-err-no-such-tenant").with("tenant", t.as_str()),
                ));
            }
        }
        let secret = if c.public {
            None
        } else {
            let s = idp_oidc::crypto::generate_client_secret()
                .map_err(|e| AdminError::Internal(format!("the random generator: {e}")))?;
            c.secret_digest = Some(self.accounts.secrets.client_secret_digest(&s));
            Some(s)
        };
        self.accounts.store.create_client(&c).await?;
        let detail = format!("client {}", c.id);
        self.accounts
            .audit_by(
                &caller.actor(),
                c.tenant.as_ref(),
                None,
                "client.created",
                detail,
            )
            .await?;
        Ok(ClientView::of(&c, secret))
    }

    /// One registered client, disabled or not.
    pub async fn client(&self, caller: &Caller, id: &str) -> Result<ClientView> {
        self.check(caller, Action::ManageClients, None)?;
        Ok(ClientView::of(&self.registration(id).await?.0, None))
    }

    async fn registration(&self, id: &str) -> Result<(Client, i64)> {
        let id = client_id(id)?;
        self.accounts
            .store
            .client_registration(&id)
            .await?
            .ok_or_else(|| AdminError::NotFound {
                what: format!("client `{id}`"),
            })
    }

    /// Changes a registration; each change is audited. Disabling takes effect at once on this
    /// node and within the cache TTL (5 s by default) on the others.
    pub async fn update_client(
        &self,
        caller: &Caller,
        id: &str,
        patch: &ClientPatch,
    ) -> Result<ClientView> {
        self.check(caller, Action::ManageClients, None)?;
        let (mut c, read_at) = self.registration(id).await?;
        let mut changed = Vec::new();
        if let Some(name) = &patch.name {
            c.name = validate_name("name", name)?;
            changed.push("name");
        }
        if let Some(v) = &patch.redirect_uris {
            if v.is_empty() && c.allows_grant(GrantType::AuthorizationCode) {
                return Err(bad("redirect_uris", Msg::new("admin-err-no-redirect")));
            }
            c.redirect_uris = uris("redirect_uris", v)?;
            changed.push("redirect URIs");
        }
        if let Some(v) = &patch.post_logout_redirect_uris {
            c.post_logout_redirect_uris = uris("post_logout_redirect_uris", v)?;
            changed.push("post-logout redirect URIs");
        }
        let switched = patch.disabled.filter(|d| *d != c.disabled);
        let itself =
            matches!(&caller.principal, Principal::Client { id, .. } if *id == c.id.as_str());
        if switched == Some(true) && itself {
            return Err(AdminError::refused(
                "disabled",
                Msg::new("admin-err-client-self-disable"),
            ));
        }
        if let Some(d) = switched {
            c.disabled = d;
        }
        let now = self.accounts.now();
        self.accounts.store.update_client(&c, read_at, now).await?;
        let actor = caller.actor();
        let tenant = c.tenant.as_ref();
        if !changed.is_empty() {
            let detail = format!("client {}: {}", c.id, changed.join(", "));
            self.accounts
                .audit_by(&actor, tenant, None, "client.changed", detail)
                .await?;
        }
        if let Some(d) = switched {
            let event = if d {
                "client.disabled"
            } else {
                "client.enabled"
            };
            let detail = format!("client {}", c.id);
            self.accounts
                .audit_by(&actor, tenant, None, event, detail)
                .await?;
        }
        Ok(ClientView::of(&c, None))
    }

    /// A new secret for a confidential client, returned here only; the old one stops working
    /// at once on this node, and within the cache TTL (5 s by default) on the others.
    pub async fn rotate_client_secret(&self, caller: &Caller, id: &str) -> Result<ClientView> {
        self.check(caller, Action::ManageClients, None)?;
        let (mut c, read_at) = self.registration(id).await?;
        if c.public {
            return Err(AdminError::refused(
                "client_id",
                Msg::new("admin-err-public-no-secret").with("client", c.id.as_str()),
            ));
        }
        let secret = idp_oidc::crypto::generate_client_secret()
            .map_err(|e| AdminError::Internal(format!("the random generator: {e}")))?;
        c.secret_digest = Some(self.accounts.secrets.client_secret_digest(&secret));
        self.accounts
            .store
            .update_client(&c, read_at, self.accounts.now())
            .await?;
        let detail = format!("client {}", c.id);
        self.accounts
            .audit_by(
                &caller.actor(),
                c.tenant.as_ref(),
                None,
                "client.secret_rotated",
                detail,
            )
            .await?;
        Ok(ClientView::of(&c, Some(secret)))
    }
}
