//! The command line, exactly as interfaces.md lists it. Every subcommand reads the same
//! configuration and applies pending migrations first; output is JSON on stdout, errors a
//! message on stderr with exit code 2 for bad input and 1 for other failures.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "idp",
    version,
    about = "Multi-tenant OpenID Connect identity provider"
)]
pub struct Cli {
    /// Configuration file (default: config/idp.toml when present, else built-in defaults).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve HTTP.
    Serve(ServeArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage tenants (companies).
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage relying applications.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Manage signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage tenants' SSO connections to their SAML identity providers.
    #[command(subcommand)]
    Sso(SsoCommand),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// On an empty database, create a demo tenant, user and relying application and print
    /// how to sign in.
    #[arg(long)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant ("company ID" = ID).
    Create {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        settings: TenantFlags,
    },
    /// Change a tenant's name or settings.
    Update {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        settings: TenantFlags,
    },
    /// Show a tenant.
    Show {
        #[arg(long)]
        id: String,
    },
}

#[derive(Debug, Args, Default)]
pub struct TenantFlags {
    /// password or sso
    #[arg(long, value_name = "MODE")]
    pub login_mode: Option<String>,
    /// disabled, optional or required
    #[arg(long, value_name = "POLICY")]
    pub two_factor: Option<String>,
    /// Comma-separated: totp,sms,email
    #[arg(long, value_name = "LIST")]
    pub methods: Option<String>,
    /// Let users keep several methods on and choose at sign-in.
    #[arg(long, num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub multiple_methods: Option<bool>,
    #[arg(long, value_name = "DURATION")]
    pub registration_link_ttl: Option<String>,
    #[arg(long, value_name = "DURATION")]
    pub reset_link_ttl: Option<String>,
    #[arg(long, value_name = "DURATION")]
    pub email_code_ttl: Option<String>,
    #[arg(long, value_name = "DURATION")]
    pub sms_code_ttl: Option<String>,
    /// Issuer label shown in authenticator apps.
    #[arg(long, value_name = "LABEL")]
    pub totp_issuer: Option<String>,
    /// Failed attempts on one account before its first lock (3-50; default 5).
    #[arg(long, value_name = "N")]
    pub lockout_threshold: Option<u32>,
    /// The first lock (1m-1h; default 1m); later ones last 5 and 15 times as long.
    #[arg(long, value_name = "DURATION")]
    pub lockout_duration: Option<String>,
    /// The default language of pages and mails: de or en ("" unsets it: English).
    #[arg(long, value_name = "LANG")]
    pub locale: Option<String>,
    /// The IANA time zone of dates on pages, for example Europe/Berlin ("" unsets it: UTC).
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user.
    Create {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from standard input (one trailing newline is stripped).
        #[arg(long)]
        password_stdin: bool,
        /// Send the registration mail instead of setting a password.
        #[arg(long, conflicts_with = "password_stdin")]
        invite: bool,
        #[arg(long)]
        email_confirmed: bool,
        /// The same as `--role tenant-admin`.
        #[arg(long, conflicts_with = "role")]
        admin: bool,
        /// user, user-admin, tenant-admin or platform-admin.
        #[arg(long, value_name = "ROLE")]
        role: Option<String>,
    },
    /// Admin reset (lost device): clear the password and every second factor, end sessions
    /// and grants, and send a new registration mail.
    Reset {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
    },
    /// Send the registration mail again (a new link; earlier links stop working).
    Invite {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
    },
    /// Send the e-mail confirmation mail to one user, or to every unconfirmed user of the
    /// tenant with --all-unconfirmed.
    ConfirmEmail {
        #[arg(long)]
        tenant: String,
        #[arg(
            long,
            required_unless_present = "all_unconfirmed",
            conflicts_with = "all_unconfirmed"
        )]
        username: Option<String>,
        #[arg(long)]
        all_unconfirmed: bool,
    },
    /// End the user's failed-attempt locks.
    Unlock {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
    },
    /// Disable the user: sign-in is refused, sessions and refresh tokens end at once.
    Disable {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
    },
    /// Enable a disabled user again.
    Enable {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Register a relying application.
    Create {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long = "redirect-uri", value_name = "URI")]
        redirect_uris: Vec<String>,
        /// A public client (no secret; PKCE required).
        #[arg(long)]
        public: bool,
        /// Comma-separated grants (default authorization_code,refresh_token).
        #[arg(long, value_name = "LIST")]
        grant: Option<String>,
        /// Space-separated scopes the client may ask for (default "openid profile email offline_access").
        #[arg(long)]
        scope: Option<String>,
        /// Bind the client to one tenant.
        #[arg(long)]
        tenant: Option<String>,
        #[arg(long = "post-logout-redirect-uri", value_name = "URI")]
        post_logout_redirect_uris: Vec<String>,
        /// May call the admin API with client_credentials.
        #[arg(long)]
        admin: bool,
        /// ID token algorithm: RS256 (default), ES256 or EdDSA.
        #[arg(long, value_name = "ALG")]
        id_token_alg: Option<String>,
        /// Access token algorithm: ES256 (default), RS256 or EdDSA.
        #[arg(long, value_name = "ALG")]
        access_token_alg: Option<String>,
        /// A resource (RFC 8707) the client may ask tokens for; it becomes the tokens' `aud`.
        #[arg(long = "resource", value_name = "URI")]
        resources: Vec<String>,
        /// A resource server of its tenant: may introspect the tenant's access tokens (needs --tenant).
        #[arg(long)]
        resource_server: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Add a new signing key; the old one stays published until its tokens expire.
    Rotate {
        #[arg(long, value_name = "ALG")]
        alg: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SsoCommand {
    /// Configure the tenant's upstream SAML IdP (ADFS, Entra ID, Okta...) and switch the
    /// tenant to login mode sso.
    Configure(SsoConfigureArgs),
    /// Print the connection, its certificates and their expiry dates (with a warning for any
    /// that expires within 30 days).
    Show {
        #[arg(long)]
        tenant: String,
    },
    /// Publish the next SP key and certificate in our metadata beside the current one; with
    /// --activate, sign and decrypt with it (after the IdP imported the new metadata).
    RotateSpKey {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        activate: bool,
    },
}

#[derive(Debug, Args)]
pub struct SsoConfigureArgs {
    #[arg(long)]
    pub tenant: String,
    /// The IdP's metadata XML (ADFS FederationMetadata.xml, Entra's federation metadata, Okta's).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "metadata_url",
        required_unless_present = "metadata_url"
    )]
    pub metadata_file: Option<PathBuf>,
    /// Fetch the metadata from this https URL (and refresh it periodically).
    #[arg(long, value_name = "URL")]
    pub metadata_url: Option<String>,
    /// An e-mail domain this connection claims (example.com; *.example.com for subdomains too).
    #[arg(long = "domain", value_name = "DOMAIN", required = true)]
    pub domains: Vec<String>,
    /// FIELD=ATTR: which attribute gives email, username, display_name, groups or stable_id.
    #[arg(long = "attribute", value_name = "FIELD=ATTR")]
    pub attributes: Vec<String>,
    /// Create unknown users on their first sign-in (just-in-time provisioning).
    #[arg(long)]
    pub jit: bool,
    /// Accept unsolicited (IdP-initiated) responses, landing on this application URL.
    #[arg(long, value_name = "URL")]
    pub idp_initiated: Option<String>,
    /// The clock skew tolerated each way (default 3m, at most 15m).
    #[arg(long, value_name = "DURATION")]
    pub skew: Option<String>,
    /// An AuthnContextClassRef requested when the application asks for MFA (ADFS, Okta);
    /// without it, the IdP's MFA claim decides (Entra).
    #[arg(long = "requested-authn-context", value_name = "CLASS")]
    pub requested_authn_context: Vec<String>,
    /// Accept asserted e-mail addresses outside the claimed domains.
    #[arg(long)]
    pub allow_other_domains: bool,
    /// Publish an encryption certificate, so that the IdP may encrypt assertions.
    #[arg(long)]
    pub encrypted_assertions: bool,
}
