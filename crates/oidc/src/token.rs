//! The token endpoint (RFC 6749 §3.2, §4.1.3, §4.4, §6), userinfo (OIDC Core §5.3),
//! introspection (RFC 7662) and revocation (RFC 7009).
//!
//! Steps of a token request: authenticate the client, check `grant_type` is allowed for it,
//! consume the code or refresh token atomically (a replay revokes the grant), check binding
//! (client, redirect URI, PKCE), mint tokens.

use crate::claims::{at_hash, AccessTokenClaims, GrantData, IdTokenClaims};
use crate::client_auth::{presented, Presented};
use crate::params::Params;
use crate::provider::Provider;
use crate::refresh::{NewRefresh, Presented as PresentedRefresh};
use crate::storage::{Consumed, OidcStorage, RefreshLookup};
use crate::{jws, pkce, ErrorCode, OAuthError};
use idp_domain::{Client, ClientId, GrantType, Secret, TenantId, UserId};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// RFC 6749 §5.1. The endpoint writes [`Self::to_json`], which must stay in step with the
/// serde attributes here (its test compares the two).
#[derive(Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub scope: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl TokenResponse {
    /// The response body: what serde writes, without its per-byte walk over the tokens.
    pub fn to_json(&self) -> Vec<u8> {
        let len = self.access_token.len()
            + self.id_token.as_ref().map_or(0, String::len)
            + self.refresh_token.as_ref().map_or(0, String::len);
        let mut out = Vec::with_capacity(len + self.scope.len() + 128);
        let mut o = crate::json::Object::new(&mut out);
        o.str("access_token", &self.access_token)
            .str("token_type", self.token_type)
            .int("expires_in", self.expires_in);
        if !self.scope.is_empty() {
            o.str("scope", &self.scope);
        }
        o.opt_str("id_token", self.id_token.as_deref())
            .opt_str("refresh_token", self.refresh_token.as_deref())
            .end();
        out
    }
}

/// RFC 7662 §2.2, §4: which tokens a caller may learn about. A tenant-bound client never sees
/// another tenant's tokens; a client sees its own tokens, and a resource server of a tenant
/// (`--resource-server`) sees the access tokens other clients of that tenant were issued.
/// Everything else is answered `{"active": false}`, as for an unknown token.
/// A resource server sees only tokens meant for it: for one of its registered resources, or
/// for this provider (`aud` the issuer, no resource asked for).
fn may_see(
    caller: &Client,
    client_id: &str,
    tenant: Option<&str>,
    aud: &str,
    issuer: &str,
) -> bool {
    let own_tenant = caller.tenant.as_ref().map(|t| t.as_str());
    if own_tenant.is_some() && own_tenant != tenant {
        return false;
    }
    let for_it = aud == issuer || caller.allows_resource(aud);
    caller.id.as_str() == client_id || (caller.resource_server && own_tenant.is_some() && for_it)
}

/// RFC 8707 §2.2: a `resource` at the token endpoint must be the one granted (this provider
/// grants one resource per authorization); leaving it out means the granted one.
fn granted_resource(data: &GrantData, params: &Params) -> Result<(), OAuthError> {
    match params.get("resource") {
        Some(r) if data.resource.as_deref() != Some(r) => Err(OAuthError::new(
            ErrorCode::InvalidTarget,
            "resource was not granted by the authorization",
        )),
        _ => Ok(()),
    }
}

fn has_scope(scope: &str, s: &str) -> bool {
    scope.split(' ').any(|x| x == s)
}

impl<S: OidcStorage> Provider<S> {
    pub async fn token(
        &self,
        authorization: Option<&str>,
        params: &Params,
    ) -> Result<TokenResponse, OAuthError> {
        let creds = presented(authorization, params)?;
        let client = self.authenticate_client(creds).await?;
        let grant_type = params.require("grant_type")?;
        let grant: GrantType = grant_type.parse().map_err(|_| {
            OAuthError::new(
                ErrorCode::UnsupportedGrantType,
                format!("grant_type {grant_type} is not supported"),
            )
        })?;
        if !client.allows_grant(grant) {
            return Err(OAuthError::new(
                ErrorCode::UnauthorizedClient,
                format!("this client may not use grant_type {grant_type}"),
            ));
        }
        match grant {
            GrantType::AuthorizationCode => self.grant_authorization_code(&client, params).await,
            GrantType::RefreshToken => self.grant_refresh_token(&client, params).await,
            GrantType::ClientCredentials => self.grant_client_credentials(&client, params).await,
        }
    }

    async fn grant_authorization_code(
        &self,
        client: &Client,
        params: &Params,
    ) -> Result<TokenResponse, OAuthError> {
        let code = Secret::from_string(params.require("code")?.to_owned());
        // The grant's first refresh token is stored with the code's redemption, in one write.
        let refresh = self.new_refresh(client)?;
        let issue = refresh.as_ref().map(NewRefresh::issue);
        let consumed = self
            .store
            .consume_code(&code.digest(), self.now(), issue.as_ref())
            .await?;
        let (grant_id, data) = match consumed {
            Consumed::Fresh { grant_id, data } => (grant_id, data),
            Consumed::Replayed { grant_id } => {
                tracing::warn!(client_id = %client.id, grant_id, "authorization code replayed: grant revoked");
                return Err(OAuthError::invalid_grant(
                    "the code was already used; tokens issued for it are revoked",
                ));
            }
            Consumed::Inactive => return Err(inactive()),
            Consumed::Invalid | Consumed::OtherClient => {
                return Err(OAuthError::invalid_grant("the code is unknown or expired"))
            }
        };
        let data: GrantData =
            serde_json::from_str(&data).map_err(|_| OAuthError::server_error())?;
        // The code is spent from here on: a failed check below leaves it unusable.
        if data.client_id != client.id.as_str() {
            self.store.revoke_grant(&grant_id).await?;
            return Err(OAuthError::invalid_grant(
                "the code was issued to another client",
            ));
        }
        if params.get("redirect_uri") != data.redirect_uri.as_deref() {
            return Err(OAuthError::invalid_grant(
                "redirect_uri does not match the authorization request",
            ));
        }
        match (&data.code_challenge, params.get("code_verifier")) {
            (Some(challenge), Some(verifier)) if pkce::verify_s256(verifier, challenge) => {}
            (Some(_), Some(_)) => {
                return Err(OAuthError::invalid_grant(
                    "code_verifier does not match the code_challenge",
                ))
            }
            (Some(_), None) => return Err(OAuthError::invalid_grant("code_verifier is missing")),
            (None, Some(_)) => {
                return Err(OAuthError::invalid_grant(
                    "code_verifier sent but no code_challenge was",
                ))
            }
            (None, None) => {}
        }
        granted_resource(&data, params)?;
        // The user was enabled when the code was consumed (`consume_code` checks it). Without
        // `openid` no refresh token is handed out (the stored digest's secret is dropped).
        let refresh = refresh
            .filter(|_| has_scope(&data.scope, "openid"))
            .map(|r| r.token(&self.secrets, &grant_id));
        self.mint_user_tokens(client, &grant_id, &data, &data.scope, refresh, true)
            .await
    }

    /// A refresh token for a grant of `client`, if it may use them.
    fn new_refresh(&self, client: &Client) -> Result<Option<NewRefresh>, OAuthError> {
        if !client.allows_grant(GrantType::RefreshToken) {
            return Ok(None);
        }
        let now = self.now();
        NewRefresh::generate(now, now + self.config.refresh_token_ttl)
            .map(Some)
            .ok_or_else(OAuthError::server_error)
    }

    async fn grant_refresh_token(
        &self,
        client: &Client,
        params: &Params,
    ) -> Result<TokenResponse, OAuthError> {
        let unknown =
            || OAuthError::invalid_grant("the refresh token is unknown, expired or revoked");
        let token = PresentedRefresh::parse(&self.secrets, params.require("refresh_token")?)
            .ok_or_else(unknown)?;
        let next = self
            .new_refresh(client)?
            .ok_or_else(OAuthError::server_error)?;
        // Another client's token is refused without spending it; the user must be enabled.
        let consumed = self
            .store
            .rotate_refresh_token(token.find(), client.id.as_str(), &next.issue())
            .await?;
        let (grant_id, data) = match consumed {
            Consumed::Fresh { grant_id, data } => (grant_id, data),
            Consumed::Replayed { grant_id } => {
                tracing::warn!(client_id = %client.id, grant_id, "refresh token reused: grant revoked");
                return Err(OAuthError::invalid_grant(
                    "the refresh token was already used; its grant is revoked",
                ));
            }
            Consumed::Inactive => return Err(inactive()),
            Consumed::OtherClient => {
                return Err(OAuthError::invalid_grant(
                    "the refresh token was issued to another client",
                ))
            }
            Consumed::Invalid => return Err(unknown()),
        };
        let answer = self
            .refreshed(client, &grant_id, &data, params, &next)
            .await;
        if answer.is_err() {
            // Refused after the rotation: the new token was never sent, so the grant gets the
            // presented one back (a retry with it must not look like a reuse).
            self.store
                .restore_refresh_token(&grant_id, token.find(), next.issue().digest)
                .await?;
        }
        answer
    }

    /// The tokens a rotated refresh token answers with, once the request's scope and
    /// resource are checked against the grant.
    async fn refreshed(
        &self,
        client: &Client,
        grant_id: &str,
        data: &str,
        params: &Params,
        next: &NewRefresh,
    ) -> Result<TokenResponse, OAuthError> {
        let data: GrantData = serde_json::from_str(data).map_err(|_| OAuthError::server_error())?;
        // RFC 6749 §6: a narrower scope may be asked for, never a wider one.
        let scope = match params.get("scope") {
            None => data.scope.clone(),
            Some(s) => {
                for part in s.split(' ').filter(|p| !p.is_empty()) {
                    if !has_scope(&data.scope, part) {
                        return Err(OAuthError::new(
                            ErrorCode::InvalidScope,
                            format!("scope {part} was not granted"),
                        ));
                    }
                }
                s.split(' ')
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        };
        granted_resource(&data, params)?;
        let refresh = Some(next.token(&self.secrets, grant_id));
        let with_id_token = has_scope(&scope, "openid");
        self.mint_user_tokens(client, grant_id, &data, &scope, refresh, with_id_token)
            .await
    }

    async fn grant_client_credentials(
        &self,
        client: &Client,
        params: &Params,
    ) -> Result<TokenResponse, OAuthError> {
        if client.public {
            return Err(OAuthError::new(
                ErrorCode::UnauthorizedClient,
                "public clients cannot use client_credentials",
            ));
        }
        let mut granted = Vec::new();
        for s in params
            .get("scope")
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
        {
            if matches!(s, "openid" | "offline_access") || !client.scopes.iter().any(|c| c == s) {
                return Err(OAuthError::new(
                    ErrorCode::InvalidScope,
                    format!("scope {s} is not available to this client"),
                ));
            }
            granted.push(s);
        }
        let resource = crate::authorize::check_resource(params, client)?;
        let now = self.now();
        let claims = AccessTokenClaims {
            iss: self.config.issuer.clone(),
            sub: client.id.to_string(),
            aud: resource.unwrap_or_else(|| self.config.issuer.clone()),
            client_id: client.id.to_string(),
            exp: now + self.config.access_token_ttl,
            iat: now,
            jti: crate::crypto::token_id().map_err(|_| OAuthError::server_error())?,
            scope: granted.join(" "),
            tenant: client.tenant.as_ref().map(|t| t.to_string()),
            auth_time: None,
            acr: None,
            amr: Vec::new(),
            sid: None,
            gid: None,
        };
        let keys = self.keys().await?;
        let key = keys
            .signer(client.access_token_alg)
            .ok_or_else(OAuthError::server_error)?;
        let access_token = jws::sign_json(key, jws::ACCESS_TOKEN_TYP, &claims.to_json())
            .map_err(|_| OAuthError::server_error())?;
        Ok(TokenResponse {
            access_token,
            token_type: "Bearer",
            expires_in: self.config.access_token_ttl,
            scope: claims.scope,
            id_token: None,
            refresh_token: None,
        })
    }

    /// The tokens of a user's grant, signed; `refresh_token` is the one storage holds now.
    async fn mint_user_tokens(
        &self,
        client: &Client,
        grant_id: &str,
        data: &GrantData,
        scope: &str,
        refresh_token: Option<String>,
        with_id_token: bool,
    ) -> Result<TokenResponse, OAuthError> {
        let now = self.now();
        let keys = self.keys().await?;
        let at_claims = AccessTokenClaims {
            iss: self.config.issuer.clone(),
            sub: data.user_id.clone(),
            aud: data
                .resource
                .clone()
                .unwrap_or_else(|| self.config.issuer.clone()),
            client_id: client.id.to_string(),
            exp: now + self.config.access_token_ttl,
            iat: now,
            jti: crate::crypto::token_id().map_err(|_| OAuthError::server_error())?,
            scope: scope.to_owned(),
            tenant: Some(data.tenant.clone()),
            auth_time: Some(data.auth_time),
            acr: Some(data.acr.clone()),
            amr: data.amr.clone(),
            sid: Some(data.sid.clone()),
            gid: Some(grant_id.to_owned()),
        };
        let at_key = keys
            .signer(client.access_token_alg)
            .ok_or_else(OAuthError::server_error)?;
        let access_token = jws::sign_json(at_key, jws::ACCESS_TOKEN_TYP, &at_claims.to_json())
            .map_err(|_| OAuthError::server_error())?;
        let id_token = if with_id_token && has_scope(scope, "openid") {
            let key = keys
                .signer(client.id_token_alg)
                .ok_or_else(OAuthError::server_error)?;
            let claims = IdTokenClaims {
                iss: self.config.issuer.clone(),
                sub: data.user_id.clone(),
                aud: client.id.to_string(),
                exp: now + self.config.id_token_ttl,
                iat: now,
                auth_time: data.auth_time,
                nonce: data.nonce.clone(),
                amr: data.amr.clone(),
                acr: data.acr.clone(),
                sid: data.sid.clone(),
                at_hash: Some(at_hash(client.id_token_alg, &access_token)),
            };
            Some(
                jws::sign(key, jws::ID_TOKEN_TYP, &claims)
                    .map_err(|_| OAuthError::server_error())?,
            )
        } else {
            None
        };
        Ok(TokenResponse {
            access_token,
            token_type: "Bearer",
            expires_in: self.config.access_token_ttl,
            scope: scope.to_owned(),
            id_token,
            refresh_token,
        })
    }

    /// A JWT access token of ours that is unexpired and not revoked.
    pub async fn validate_access_token(
        &self,
        token: &str,
    ) -> Result<AccessTokenClaims, OAuthError> {
        let invalid = |d: &str| OAuthError::new(ErrorCode::InvalidToken, d);
        let keys = self.keys().await?;
        let claims: AccessTokenClaims = jws::verify(&keys, token, Some(jws::ACCESS_TOKEN_TYP))
            .map_err(|e| invalid(&format!("the access token is not valid: {e}")))?;
        if claims.iss != self.config.issuer {
            return Err(invalid("the access token was issued by another provider"));
        }
        if claims.exp <= self.now() {
            return Err(invalid("the access token has expired"));
        }
        if self.store.jti_revoked(&claims.jti).await? {
            return Err(invalid("the access token was revoked"));
        }
        // A client disabled (or removed) since: its tokens are no longer good.
        let client = ClientId::parse(&claims.client_id).ok();
        let known = match &client {
            Some(id) => self.store.client(id).await?.is_some(),
            None => false,
        };
        if !known {
            return Err(invalid(
                "the access token's client is disabled or no longer registered",
            ));
        }
        if let Some(gid) = &claims.gid {
            if !self.store.grant_active(gid, self.now()).await? {
                return Err(invalid("the access token's grant was revoked"));
            }
        }
        Ok(claims)
    }

    /// OIDC Core §5.3: the claims of the token's user, by the token's scope.
    pub async fn userinfo(&self, token: &str) -> Result<Value, OAuthError> {
        let claims = self.validate_access_token(token).await?;
        // RFC 8707: a token for another resource is not for the userinfo endpoint.
        if claims.aud != self.config.issuer {
            return Err(OAuthError::new(
                ErrorCode::InvalidToken,
                "the access token is for another resource",
            ));
        }
        let insufficient = || {
            OAuthError::new(
                ErrorCode::InvalidToken,
                "the access token does not carry the openid scope",
            )
        };
        if !has_scope(&claims.scope, "openid") {
            return Err(insufficient());
        }
        let tenant = claims
            .tenant
            .as_deref()
            .and_then(|t| TenantId::parse(t).ok())
            .ok_or_else(insufficient)?;
        let user = self
            .store
            .user(&tenant, &UserId::from_stored(claims.sub.clone()))
            .await?
            .filter(|u| !u.disabled)
            .ok_or_else(|| {
                OAuthError::new(ErrorCode::InvalidToken, "the account is no longer active")
            })?;
        let mut out = Map::new();
        out.insert("sub".into(), json!(claims.sub));
        out.insert("tenant".into(), json!(tenant.as_str()));
        if has_scope(&claims.scope, "profile") {
            out.insert("preferred_username".into(), json!(user.username));
            out.insert(
                "name".into(),
                json!(user.name.clone().unwrap_or_else(|| user.username.clone())),
            );
            out.insert("updated_at".into(), json!(user.updated_at));
        }
        if has_scope(&claims.scope, "email") {
            out.insert("email".into(), json!(user.email));
            out.insert("email_verified".into(), json!(user.email_confirmed));
        }
        Ok(Value::Object(out))
    }

    /// RFC 7662: only authenticated confidential clients may ask. Refresh tokens are
    /// described only to the client they were issued to.
    pub async fn introspect(
        &self,
        authorization: Option<&str>,
        params: &Params,
    ) -> Result<Value, OAuthError> {
        let client = self.confidential_client(authorization, params).await?;
        let token = params.require("token")?;
        if token.contains('.') {
            let issuer = self.config.issuer.as_str();
            let visible = |c: &AccessTokenClaims| {
                may_see(&client, &c.client_id, c.tenant.as_deref(), &c.aud, issuer)
            };
            if let Some(c) = self.validate_access_token(token).await.ok().filter(visible) {
                let mut v = json!({
                    "active": true, "token_type": "Bearer", "scope": c.scope, "client_id": c.client_id,
                    "sub": c.sub, "aud": c.aud, "iss": c.iss, "exp": c.exp, "iat": c.iat, "jti": c.jti,
                });
                if let (Some(t), Some(o)) = (c.tenant, v.as_object_mut()) {
                    o.insert("tenant".into(), json!(t));
                }
                return Ok(v);
            }
            return Ok(json!({"active": false}));
        }
        if let Some(found) = self.live_refresh_token(token).await? {
            let data: GrantData =
                serde_json::from_str(&found.data).map_err(|_| OAuthError::server_error())?;
            if data.client_id == client.id.as_str()
                && may_see(&client, &data.client_id, Some(&data.tenant), "", "")
            {
                return Ok(json!({
                    "active": true, "token_type": "refresh_token", "scope": data.scope, "client_id": data.client_id,
                    "sub": data.user_id, "iss": self.config.issuer, "exp": found.expires_at, "iat": found.created_at,
                    "tenant": data.tenant,
                }));
            }
        }
        Ok(json!({"active": false}))
    }

    /// RFC 7009: revokes an access token (its `jti`) or a refresh token (its whole grant).
    /// Unknown tokens and other clients' tokens are answered the same way, with success.
    pub async fn revoke(
        &self,
        authorization: Option<&str>,
        params: &Params,
    ) -> Result<(), OAuthError> {
        let creds = presented(authorization, params)?;
        let client = self.authenticate_client(creds).await?;
        let token = params.require("token")?;
        if token.contains('.') {
            if let Ok(c) = self
                .verify_jws::<AccessTokenClaims>(token, Some(jws::ACCESS_TOKEN_TYP))
                .await
            {
                if c.client_id == client.id.as_str() && c.iss == self.config.issuer {
                    self.store.revoke_jti(&c.jti, c.exp).await?;
                }
            }
            return Ok(());
        }
        if let Some(found) = self.live_refresh_token(token).await? {
            let data: GrantData =
                serde_json::from_str(&found.data).map_err(|_| OAuthError::server_error())?;
            if data.client_id == client.id.as_str() {
                self.store.revoke_grant(&found.grant_id).await?;
            }
        }
        Ok(())
    }

    /// The refresh token `token` if it is ours and live (not spending it).
    async fn live_refresh_token(&self, token: &str) -> Result<Option<RefreshLookup>, OAuthError> {
        let Some(token) = PresentedRefresh::parse(&self.secrets, token) else {
            return Ok(None);
        };
        Ok(self.store.refresh_token(token.find(), self.now()).await?)
    }

    async fn confidential_client(
        &self,
        authorization: Option<&str>,
        params: &Params,
    ) -> Result<Arc<Client>, OAuthError> {
        let creds: Presented = presented(authorization, params)?;
        let client = self.authenticate_client(creds).await?;
        if client.public {
            return Err(OAuthError::invalid_client(
                "public clients cannot introspect tokens",
            ));
        }
        Ok(client)
    }
}

fn inactive() -> OAuthError {
    OAuthError::invalid_grant("the account is no longer active")
}

#[cfg(test)]
mod tests {
    use super::TokenResponse;

    #[test]
    fn the_response_is_written_as_serde_writes_it() {
        let full = TokenResponse {
            access_token: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln".into(),
            token_type: "Bearer",
            expires_in: 3600,
            scope: "openid \"odd\"\tscope".into(),
            id_token: Some("eyJ0eXAiOiJKV1QifQ.e30.c2ln".into()),
            refresh_token: Some("g-1~secret_~tag-".into()),
        };
        let bare = TokenResponse {
            access_token: full.access_token.clone(),
            token_type: "Bearer",
            expires_in: 0,
            scope: String::new(),
            id_token: None,
            refresh_token: None,
        };
        for t in [full, bare] {
            assert_eq!(
                String::from_utf8(t.to_json()).unwrap(),
                serde_json::to_string(&t).unwrap()
            );
        }
    }
}
