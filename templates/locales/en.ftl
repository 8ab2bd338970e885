# English. Every key here must exist in every other catalogue, with the same placeholders
# (crates/i18n/src/tests.rs checks). Keys are grouped by page; a key's first word names it.

## Every page
lang-switch-label = Language
lang-name = English
# A message a service has not been given a key for yet, shown as it came.
untranslated = { $text }

## The sign-in page
login-title = Sign in
login-lead = to continue to { $client }
login-tenant = Company ID
login-username = User name
login-password = Password
login-submit = Sign in
login-forgot = Forgot your password?
login-sso = Sign in with SSO
login-form-expired = The form had expired. Please sign in again.
login-fields-missing = Enter your company ID, user name and password.

## Home-realm discovery (SSO)
sso-title = Sign in with SSO
sso-lead = Enter your work e-mail address and we will send you to your company's sign-in page.
sso-email = Work e-mail
sso-continue = Continue
sso-back = Sign in with company ID and password instead
sso-form-expired = The form had expired. Please try again.
sso-no-connection = No single sign-on is set up for this e-mail domain. Sign in with your company ID and password, or ask your administrator.
sso-bad-email = Enter your work e-mail address, for example ann@example.com.

## Error pages
error-title = Sign-in problem
error-heading = We cannot continue
error-back = Go back to the application you came from and try again.
error-internal = Something went wrong on our side. If it happens again, give your administrator this reference: { $reference }

## The language switch
lang-form-expired = The form had expired. Choose the language again.
lang-unknown = This language is not available.

## Admin console
# The /admin pages (templates/admin/, crates/web/src/console/). The admin-err- keys are the
# admin service's words (crates/admin): the admin API and the CLI say them in English exactly
# as written here, so a change to their English is a change of the API.

# Around every page
admin-layout-title = Administration
admin-layout-skip = Skip to content
admin-layout-brand = administration
admin-layout-sign-out = Sign out
admin-layout-breadcrumb = Breadcrumb
admin-crumb-home = Administration
admin-nav-users = Users
admin-nav-security = Security
admin-nav-branding = Branding
admin-nav-sso = Single sign-on
admin-nav-audit = Audit log
admin-nav-tenants = Tenants
admin-nav-clients = Applications
admin-role-user = user
admin-role-user-admin = user administrator
admin-role-tenant-admin = tenant administrator
admin-role-platform-admin = platform administrator

# Words many pages use
admin-save = Save
admin-cancel = Cancel
admin-filter = Filter
admin-next-page = Next page
admin-actions = Actions
admin-optional = (optional)
admin-one-per-line = (one per line)
admin-field-username = User name
admin-field-email = E-mail address
admin-field-display-name = Display name
admin-field-role = Role
admin-field-name = Name
admin-field-tenant-id = Company ID

# What an action did (shown on the page it leads to)
admin-flash-confirmations = Sent { $n } confirmation { $n ->
        [one] mail
       *[other] mails
    }.
admin-flash-invited = The user was created and the registration mail sent.
admin-flash-created = The user was created.
admin-flash-saved = Saved.
admin-flash-reset = The account was reset: password and second factors cleared, a new registration mail sent.
admin-flash-invitation = A new registration mail was sent; earlier links no longer work.
admin-flash-confirmation = The confirmation mail was sent.
admin-flash-unlock = The account is unlocked ({ $n } { $n ->
        [one] counter
       *[other] counters
    } cleared).
admin-flash-disable = The account is disabled; its sessions and tokens have ended.
admin-flash-enable = The account is enabled again.
admin-flash-delete = The user was deleted.
admin-flash-security = The security settings were saved.
admin-flash-tenant = The tenant was created. Invite its first administrator here.
admin-flash-sso-off = The company signs in with passwords again; its two-factor settings are back as they were.
admin-flash-branding = The branding was saved; the sign-in pages and mails show it now.
admin-flash-client-disable = The application is disabled: no sign-in, no tokens, its access tokens refused.
admin-flash-client-enable = The application is enabled again.
admin-flash-client-secret = A new client secret was made; the old one no longer works.
admin-flash-sso = The SSO connection is saved; the company now signs in through its identity provider.

# Error pages of the console
admin-error-no-role = Your account has no administration role. Ask your company's administrator if you need one.
admin-error-form-expired = This form has expired. Go back, reload the page and try again.
admin-error-form-unreadable = The form was not understood: { $detail }.
admin-error-not-found = There is nothing here, or it is not yours to see.
admin-error-forbidden = You may not do this: { $reason }.
admin-error-conflict = { $what } already exists.
admin-error-no-session = The sign-in did not leave a session. Open /admin again.
admin-error-no-action = There is no such action.

# Users
admin-users-title = Users
admin-users-resend = Resend e-mail confirmations
admin-users-search = Search
admin-users-search-placeholder = User name or e-mail
admin-users-show = Show
admin-users-none = No users match.
admin-users-caption = Users of { $tenant }
admin-users-col-email = E-mail
admin-users-col-status = Status
admin-users-status-all = All users
admin-users-status-invited = Invitation pending
admin-users-status-invitation-expired = Invitation expired
admin-users-status-unconfirmed = E-mail unconfirmed
admin-users-status-two-factor-on = Two-factor on
admin-users-status-two-factor-off = Two-factor off
admin-users-status-locked = Locked
admin-users-status-disabled = Disabled
admin-badge-invited = invitation pending
admin-badge-invitation-expired = invitation expired
admin-badge-two-factor-on = 2FA on
admin-badge-two-factor-off = 2FA off
admin-badge-locked = locked
admin-badge-disabled = disabled
admin-badge-unconfirmed = unconfirmed
admin-invite-title = Invite a user
admin-invite-lead = The user gets a registration mail with a link to choose a password.
admin-invite-lead-sso = Users of this company sign in through its identity provider; no mail is sent.
admin-invite-create = Create the user
admin-invite-send = Send the invitation
admin-invite-exists = A user with this name already exists.
admin-user-details = Details
admin-user-email-help = A new address must be confirmed again; the confirmation mail goes out at once.
admin-action-invitation = Send the registration mail again
admin-action-invitation-help = A new link; earlier ones stop working.
admin-action-confirmation = Send the confirmation mail
admin-action-confirmation-help = To the address on file.
admin-action-unlock = Unlock
admin-action-unlock-help = Clears the failed sign-in attempts.
admin-action-reset = Reset the account
admin-action-reset-help = For a lost device: clears the password and every second factor.
admin-action-disable = Disable
admin-action-disable-help = Ends the user's sessions and tokens at once.
admin-action-enable = Enable
admin-action-enable-help = The user can sign in again.
admin-action-delete = Delete
admin-action-delete-help = Removes the user for good.
admin-confirm-reset-title = Reset the account of { $username }?
admin-confirm-reset-text = The password and every second factor are cleared, the user's sessions end, and a new registration mail goes out. Use this when a user lost their device.
admin-confirm-reset-button = Reset the account
admin-confirm-disable-title = Disable { $username }?
admin-confirm-disable-text = The user can no longer sign in; their sessions and refresh tokens end at once. You can enable the account again later.
admin-confirm-disable-button = Disable the account
admin-confirm-delete-title = Delete { $username }?
admin-confirm-delete-text = The user, their second factors and sessions are removed for good. The audit log keeps its entries.
admin-confirm-delete-button = Delete the user

# Security
admin-security-title = Security
admin-security-lead-password = Sign-in: company ID, user name and password.
admin-security-lead-sso = Sign-in: through the company's identity provider (SSO); local two-factor is off.
admin-security-two-factor = Two-factor authentication
admin-security-tf-off = Off
admin-security-tf-off-help = Nobody is asked for a second factor.
admin-security-tf-optional = Optional
admin-security-tf-optional-help = Each user may turn it on for their account.
admin-security-tf-required = Required
admin-security-tf-required-help = Every user must set up a second factor at their next sign-in.
admin-security-methods = Methods users may use
admin-security-method-totp = Authenticator app (TOTP)
admin-security-method-sms = Text message (SMS)
admin-security-method-email = E-mail code
admin-security-multiple = Users may keep several methods and choose one at sign-in
admin-security-threshold = Lock an account after this many failed attempts
admin-security-threshold-help = 3 to 50. A browser the user signed in with before has a budget of its own, so guesses from elsewhere do not lock its owner out.
admin-security-threshold-number = Give a whole number of failed attempts, for example 5.
admin-security-registration-ttl = Registration link valid for
admin-security-registration-ttl-help = How long the link in the registration mail works, for example 24h or 7d.
admin-security-reset-ttl = Password-reset link valid for
admin-security-reset-ttl-help = For example 24h.
admin-security-email-ttl = E-mail code valid for
admin-security-email-ttl-help = For example 90s.
admin-security-sms-ttl = SMS code valid for
admin-security-sms-ttl-help = For example 5m.
admin-security-lockout-duration = First lock lasts
admin-security-lockout-duration-help = 1m to 1h. At twice the threshold the lock lasts five times as long, at four times fifteen times.

# Audit log
admin-audit-title = Audit log
admin-audit-csv = Export as CSV
admin-audit-type = Event type
admin-audit-since = Since
admin-audit-since-invalid = Write a time such as 2026-12-01T00:00:00Z.
admin-audit-none = No events match.
admin-audit-col-when = When (UTC)
admin-audit-col-event = Event
admin-audit-col-user = User
admin-audit-col-by = By
admin-audit-col-detail = Detail
admin-audit-older = Older events
admin-audit-actor-user = the user
admin-audit-actor-cli = command line
admin-audit-actor-admin = administrator { $who }
admin-audit-actor-client = API client { $client }

# Tenants (platform administrators)
admin-tenants-title = Tenants
admin-tenants-col-login = Sign-in
admin-tenants-col-two-factor = Two-factor
admin-tenants-login-password = password
admin-tenants-login-sso = SSO
admin-tenants-sso-link = single sign-on
admin-tenants-new = Create a tenant
admin-tenants-id-help = What users type at sign-in: lowercase letters, digits and -.
admin-tenants-new-help = It starts with sign-in by password and optional two-factor; change that on its Security and Single sign-on pages.
admin-tenants-create = Create
admin-tenants-exists = A tenant with this company ID already exists.

# Applications (platform administrators)
admin-clients-title = Relying applications
admin-clients-registered = is registered.
admin-clients-secret-once = Its client secret, shown this once:
admin-clients-secret-store = Store it in the application's configuration now; it cannot be shown again.
admin-clients-field-id = Client ID
admin-clients-field-id-help = Letters, digits and -; what the application sends as client_id.
admin-clients-field-name-help = Shown on the sign-in page.
admin-clients-field-redirect-uris = Redirect URIs
admin-clients-field-redirect-uris-help = Space-separated; https, or http on 127.0.0.1 for development.
admin-clients-field-scopes = Scopes
admin-clients-field-scopes-help = Space-separated; empty: openid profile email offline_access.
admin-clients-field-tenant = Tenant
admin-clients-field-tenant-help = A company ID to bind the application to; empty: any company's users.
admin-clients-grants = Grants
admin-clients-badge-admin = admin API
admin-clients-badge-public = public
admin-clients-any-tenant = any
admin-clients-new = Register an application
admin-clients-public = A public client (a browser or mobile app without a secret; PKCE)
admin-clients-register = Register
admin-clients-exists = An application with this client ID already exists.
admin-client-secret-new = The new client secret, shown this once:
admin-client-secret-store = Put it in the application's configuration now; it cannot be shown again.
admin-client-kind = Kind
admin-client-kind-public = public (no secret; PKCE)
admin-client-kind-confidential = confidential ({ $method })
admin-client-kind-admin = , may call the admin API
admin-client-any-tenant = any company's users
admin-client-edit = Edit
admin-client-post-logout-uris = Post-logout redirect URIs
admin-client-rotate = Rotate the client secret
admin-client-secret-help = A new secret, shown once; the current one stops working.
admin-client-enable-help = Sign-ins and tokens work again.
admin-client-disable-help = No sign-in, no tokens, its access tokens refused.
admin-client-confirm-secret-title = Rotate the client secret?
admin-client-confirm-secret-text = A new secret is made and shown once. The current one stops working at once (on other nodes within seconds): the application fails to get tokens until its configuration has the new one.
admin-client-confirm-secret-button = Rotate the secret
admin-client-confirm-disable-title = Disable the application?
admin-client-confirm-disable-text = Nobody can sign in to it, it gets no tokens, and the access tokens it holds are refused, until it is enabled again. Its users' grants stay and work again then.
admin-client-confirm-disable-button = Disable

# Branding
admin-branding-title = Branding
admin-branding-lead = How the sign-in pages and mails look to { $tenant }'s users, once they are known to belong to it (an application bound to the company, a registration or reset link, the second step of a sign-in, the account page).
admin-branding-logo-alt = The current logo of { $name }
admin-branding-logo = Logo
admin-branding-logo-note = (PNG or SVG, at most 100 KB)
admin-branding-logo-help = An SVG may hold shapes, gradients and text only: scripts, images, links and style sheets are refused. Empty: the logo stays as it is.
admin-branding-remove-logo = Remove the logo
admin-branding-accent = Accent colour
admin-branding-accent-note = (#rrggbb; empty: the default blue)
admin-branding-accent-help = Buttons carry white text on it: it needs a contrast of at least 4.5:1 (WCAG AA), so light colours are refused.
admin-branding-too-large = The logo is larger than 100 KB.

# Single sign-on
admin-sso-lead-on = Users of { $tenant } sign in at { $idp } with their work e-mail:
admin-sso-lead-off = { $tenant } signs in with passwords now. Its connection to { $idp } is kept: saving the form below switches it to SSO again.
admin-sso-lead-none = No SSO connection yet: users sign in with their company ID, user name and password.
admin-sso-certs = Certificates
admin-sso-cert = Certificate
admin-sso-cert-valid-until = Valid until
admin-sso-cert-days = { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
admin-sso-cert-idp = The identity provider's signing certificate
admin-sso-cert-sp = Our signing certificate
admin-sso-cert-next = Our next certificate (published, not yet in use)
admin-sso-cert-expires = { $what ->
        [idp] The identity provider's signing certificate
        [sp] Our signing certificate
       *[next] Our next certificate
    } { $sha256 } expires in { $days ->
        [one] { $days } day
       *[other] { $days } days
    }.
admin-sso-cert-expired = { $what ->
        [idp] The identity provider's signing certificate
        [sp] Our signing certificate
       *[next] Our next certificate
    } { $sha256 } has expired.
admin-sso-test-heading = Test the connection
admin-sso-test-text = Opens the identity provider in a new window. Sign in there (as a test user, say); the answer comes back here and is explained: what was sent, what would be mapped, and what to fix. No one is signed in by a test.
admin-sso-test-mfa = Ask for the AuthnContext that applications requiring a second factor ask for
admin-sso-test-button = Test connection
admin-sso-metadata-heading = Our service provider metadata
admin-sso-metadata-text = Give this to the company's identity provider (ADFS: add a relying party trust from a file; Entra ID: upload the metadata file; Okta: the SAML app's settings):
admin-sso-metadata-download = Download the SP metadata
admin-sso-change = Change the connection
admin-sso-connect = Connect the identity provider
admin-sso-save-help = Saving switches the company to SSO: its users no longer sign in with passwords, and local two-factor is no longer asked (their factors stay stored).
admin-sso-metadata-url = Metadata URL
admin-sso-metadata-url-note = (https; refreshed every 6 hours)
admin-sso-metadata-file = or the metadata file
admin-sso-metadata-file-note = (ADFS: FederationMetadata.xml; Entra ID: Federation Metadata XML; Okta: the IdP metadata)
admin-sso-metadata-xml = or the metadata file's content, pasted
admin-sso-metadata-keep = (all three empty: the current metadata stays)
admin-sso-domains = E-mail domains
admin-sso-domains-note = one per line;
admin-sso-domains-note-wildcard = with its subdomains
admin-sso-attr-email = Attribute for the e-mail address
admin-sso-attr-username = Attribute for the user name
admin-sso-attr-display-name = Attribute for the display name
admin-sso-attr-groups = Attribute for groups
admin-sso-attr-stable-id = Attribute for the stable account key
admin-sso-attr-note = (empty: the ADFS and Entra ID defaults)
admin-sso-jit = Create users on their first sign-in (just-in-time)
admin-sso-advanced = Advanced
admin-sso-skew = Allowed clock skew
admin-sso-skew-note = (each way; at most 15m)
admin-sso-authn-context = AuthnContext classes asked for when an application requires a second factor
admin-sso-authn-context-note = (one per line; empty: none)
admin-sso-idp-initiated = Sign-ins started at the identity provider land on
admin-sso-idp-initiated-note = (an https application URL; empty: refused)
admin-sso-encrypted = The identity provider encrypts assertions (our metadata then publishes an encryption certificate)
admin-sso-other-domains = Accept e-mail addresses outside the domains above (never another company's)
admin-sso-save = Save and switch to SSO
admin-sso-too-large = The metadata is larger than 2 MB, or the form was not understood.
admin-sso-file-not-text = The metadata file is not UTF-8 text: upload the XML file the identity provider publishes.
admin-sso-off-button = Switch back to passwords
admin-sso-off-title = Switch { $tenant } back to passwords?
admin-sso-off-text = Its users then sign in with the company ID, their user name and a password again, and the two-factor settings come back as they were. Users created through single sign-on have no password yet: they need a reset from an administrator. The connection stays saved, so you can switch to SSO again.

# The connection test's report
admin-test-title = Connection test
admin-test-lead = No one was signed in, and nothing was changed: this only shows what the identity provider sent and what a sign-in would make of it.
admin-test-no-test = This answer belongs to no connection test started in this browser: it was already shown, it came more than 10 minutes after the test started, or the test was started in another browser. Start the test again from the single sign-on page.
admin-test-accepted = The identity provider answered, and its answer passes every check.
admin-test-idp-said-no = The identity provider answered with an error: { $words }
admin-test-refused-by = The answer was refused by the { $check } check: no one could sign in with it.
admin-test-refused = The answer was refused.
admin-test-detail = Detail:
admin-test-would-sign-in = This answer maps to the user { $username }; a sign-in would go on with the application's own requirements (its company, a second factor, a fresh sign-in).
admin-test-would-create = No account matches yet: a sign-in would create the user { $username } (just-in-time), then go on with the application's own requirements.
admin-test-would-refuse = A sign-in with this answer would be refused ({ $code }): { $reason }
admin-test-refusal-no-email = the assertion carries no usable e-mail address.
admin-test-refusal-domain-not-claimed = the e-mail address is in a domain this connection does not claim.
admin-test-refusal-other-tenants-domain = the e-mail address is in a domain another company claims.
admin-test-refusal-no-account = no account matches, and just-in-time creation is off.
admin-test-refusal-disabled = the matching account is disabled.
admin-test-refusal-username-taken = the user name a just-in-time account would get is taken or not valid.
admin-test-refusal-other = see the hints below.
admin-test-hints = What to check
admin-test-says = What the assertion says
admin-test-not-verified = (read as sent, not verified)
admin-test-sealed = The assertion is encrypted. Its contents are shown only once the answer passes every check, so nothing below comes from it.
admin-test-skew = Clock skew
admin-test-skew-none = none: issued this second
admin-test-skew-before = issued { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    } before it arrived (allowed: { $allowed ->
        [one] { $allowed } second
       *[other] { $allowed } seconds
    } each way)
admin-test-skew-future = issued { $seconds ->
        [one] { $seconds } second
       *[other] { $seconds } seconds
    } in the future by our clock (allowed: { $allowed ->
        [one] { $allowed } second
       *[other] { $allowed } seconds
    } each way)
admin-test-skew-unknown = unknown (no IssueInstant)
admin-test-none = (none)
admin-test-name-id-format = NameID format
admin-test-unspecified = (unspecified)
admin-test-mfa = Second factor at the identity provider
admin-test-yes = yes
admin-test-not-said = not said
admin-test-attributes = Attributes
admin-test-attributes-none = None.
admin-test-values = Values
admin-test-mapping = What a sign-in would map
admin-test-user-field = User field
admin-test-value = Value
admin-test-from = From
admin-test-field-stable-id = Stable account key
admin-test-field-email = E-mail
admin-test-nothing = (nothing)
admin-test-decoded = The answer, decoded
admin-test-not-xml = The posted value is not a readable XML document.
admin-test-signed-verified = marks the part a signature covers (verified).
admin-test-signed-claimed = marks the part a signature covers (as the document claims; not verified).
admin-test-response-label = The SAML response
admin-test-cut = The document is longer; only its first 2,000 lines are shown.
admin-test-decrypted = The encrypted assertion, opened
admin-test-decrypted-label = The decrypted assertion
admin-test-back = Back to the single sign-on page
admin-hint-entra-authn-context-title = Entra ID: AADSTS75011, authentication method mismatch
admin-hint-entra-authn-context = Entra ID did not sign the user in the way the request asked (its RequestedAuthnContext). Entra takes only classes it knows, and no MFA class: remove the class from this connection's requested AuthnContext, or name the one your users sign in with (for example PasswordProtectedTransport). Entra reports MFA in the authnmethodsreferences claim instead.
admin-hint-entra-not-assigned-title = Entra ID: AADSTS50105, user not assigned
admin-hint-entra-not-assigned = The user who signed in is not assigned to the enterprise application. In Entra ID, open Enterprise applications, this application, Users and groups, and assign the user or a group of theirs (or set "Assignment required?" to No).
admin-hint-unsigned-title = The answer is not signed
admin-hint-unsigned = Neither the response nor the assertion carries a signature, so nothing in it can be trusted. ADFS signs the assertion unless told otherwise; in Okta, turn on the Response or Assertion signature; in Entra ID, the SAML signing option must sign the assertion or the response.
admin-hint-certificate-title = Signed with a certificate that is not in the metadata
admin-hint-certificate = The signature names the certificate { $subject } (SHA-256 { $sha256 }, valid until { $not_after }), which the metadata here does not hold. The identity provider has probably rolled over to a new certificate: load its current metadata again, or give its metadata URL, which is fetched again every 6 hours.
admin-hint-signature-title = The signature does not verify
admin-hint-signature = The signature does not verify against the metadata's certificates: the document was changed after it was signed (by a proxy, say), or it was signed with an algorithm not accepted here (SHA-1).
admin-hint-signature-adfs = ADFS signs only the assertion by default; to have it sign the response as well, run { $command }.
admin-hint-decryption-title = The encrypted assertion did not open
admin-hint-decryption = The encrypted assertion could not be opened with this company's key, or, opened, it carries no valid signature of its own. The identity provider must encrypt to the certificate in our current SP metadata (download it again after a key rotation), and sign the assertion itself, not only the response.
admin-hint-decryption-adfs = In ADFS: { $command }.
admin-hint-wrong-identifier-title = Wrong relying party identifier
admin-hint-wrong-identifier = The assertion is meant for { $found }, not for this service provider. The relying party identifier (ADFS), the Identifier (Entity ID) (Entra ID) or the Audience URI (Okta) must be exactly { $expected }.
admin-hint-another-audience = another audience
admin-hint-wrong-issuer-title = Issued by another identity provider
admin-hint-wrong-issuer = The answer comes from { $found }, but the metadata here is that of { $expected }. The metadata belongs to another identity provider or another environment (a test tenant, say): load the metadata of the one that answers.
admin-hint-unnamed-issuer = an unnamed issuer
admin-hint-wrong-acs-title = Sent to another address
admin-hint-wrong-acs = The answer was addressed to { $found }, but our Assertion Consumer Service is { $expected }. Set the Reply URL (Entra ID), the SAML Assertion Consumer endpoint (ADFS) or the Single sign-on URL (Okta) to exactly that.
admin-hint-another-address = another address
admin-hint-clock-skew-title = The clocks disagree
admin-hint-clock-behind = The identity provider's clock is { $seconds } seconds behind ours; { $allowed } seconds each way are allowed. Have both servers set their time by NTP.
admin-hint-clock-ahead = The identity provider's clock is { $seconds } seconds ahead of ours; { $allowed } seconds each way are allowed. Have both servers set their time by NTP.
admin-hint-expired-title = The assertion had expired
admin-hint-expired = The assertion's lifetime was over when it arrived: the round trip took too long, or an old answer was posted again. Run the test again; if it happens every time, the identity provider's assertion lifetime is too short or its clock is off.
admin-hint-no-email-title = No e-mail address
admin-hint-no-email = The assertion carries no usable e-mail address, and users are found by it. Attributes sent: { $names }. Add an e-mail claim (ADFS: a rule sending E-Mail-Addresses as http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress; Entra ID: user.mail; Okta: an attribute statement), or name the attribute that holds it under "Attribute for the e-mail address".
admin-hint-none = none
admin-hint-domain-not-claimed-title = E-mail domain not claimed
admin-hint-domain-not-claimed = The e-mail address is in { $domain }, which this connection does not claim ({ $claimed }). Add the domain under E-mail domains, or correct the user's address at the identity provider.
admin-hint-transient-title = No stable account key
admin-hint-transient = The NameID is transient and no stable attribute (such as Entra's objectidentifier) is mapped: the account is found by its e-mail address at every sign-in, and a changed address would lose it. Send a persistent NameID, or name the attribute for the stable account key.
admin-hint-no-account-title = No account for this user
admin-hint-no-account = There is no account here for this user, and just-in-time creation is off: invite the user first, or turn on "Create users on their first sign-in".
admin-hint-note-title = Note

# The admin service's words (crates/admin): also the admin API's and the CLI's, in English.
admin-err-cursor = is not a cursor this server gave out
admin-err-limit = must be a number from 1 to { $max }
admin-err-invisible = this is not visible to the caller
admin-err-no-admin-role = this account has no administration role
admin-err-role-may-not = the role { $role } may not do this
admin-err-role-may-not-give = the role { $role } may not give the role { $given }
admin-err-colour = `{ $value }` is not a colour: give it as #rrggbb, for example #1f5fbf
admin-err-contrast = White text on { $colour } has a contrast of { $ratio }:1, and WCAG AA needs 4.5:1: choose a darker shade.
admin-err-logo-not-png = the file is not a PNG image
admin-err-logo-png-size = the PNG is { $width }×{ $height } pixels; at most { $max }×{ $max } are accepted
admin-err-logo-png-short = the PNG is cut short
admin-err-logo-svg-deep = the SVG is nested too deeply
admin-err-logo-svg-element = the SVG contains <{ $element }>, which a logo may not (no scripts, images, links, animation, style sheets or foreign content)
admin-err-logo-svg-uses = the SVG has too many <use> references
admin-err-logo-svg-handler = the SVG has an event handler ({ $attribute }), which a logo may not
admin-err-logo-svg-href = the SVG refers to something outside itself (href), which a logo may not
admin-err-logo-svg-active = the SVG's { $attribute } attribute refers to something outside it, which a logo may not
admin-err-logo-svg-pi = the SVG contains a processing instruction, which a logo may not
admin-err-logo-svg-utf8 = the SVG is not UTF-8 text
admin-err-logo-svg-xml = the SVG is not well-formed XML (or has a DOCTYPE): { $detail }
admin-err-logo-not-svg = the file is not an SVG image (no <svg> root in the SVG namespace)
admin-err-logo-large = the logo is larger than 100 KB
admin-err-logo-base64 = the logo is not base64
admin-err-logo-type = `{ $type }` is not accepted: give image/png or image/svg+xml
admin-err-logo-both = give a new logo or remove it, not both
admin-err-client-reserved = client IDs starting with `idp-` are reserved for the product's own pages: choose another than `{ $id }`
admin-err-no-grant = lists no grant
admin-err-public-credentials = a public client cannot use client_credentials (it has no secret)
admin-err-public-admin = an admin client must be confidential (not public)
admin-err-no-redirect = the authorization_code grant needs at least one redirect URI
admin-err-resource-tenant = a resource server must be bound to a tenant: it sees the tokens of one tenant
admin-err-public-resource = a resource server must be confidential (not public)
admin-err-no-such-tenant = tenant `{ $tenant }` does not exist
admin-err-client-self-disable = a client cannot disable itself: another administrator must
admin-err-public-no-secret = { $client } is a public client: it has no secret
admin-err-metadata-both = give either metadata_xml or metadata_url, not both
admin-err-url-not-url = is not a URL
admin-err-url-https = must be an https URL
admin-err-url-no-host = has no host
admin-err-url-unresolved = names a host that does not resolve
admin-err-url-private = names a host inside a private network: give the IdP's public metadata URL, or upload the file
admin-err-sso-needs-connection = login mode sso needs the tenant's upstream identity provider: create the tenant with login mode password, then configure its SSO connection (`idp sso configure`, or the admin API's PUT .../sso), which switches it to sso
admin-err-status = must be one of: invited, invitation_expired, unconfirmed, two_factor_on, two_factor_off, locked, disabled
admin-err-query-long = must be at most 256 characters
admin-err-own-role = you cannot change your own role
admin-err-own-disable = you cannot disable your own account
admin-err-own-delete = you cannot delete your own account
admin-err-confirmations-too-often = confirmation mails were sent to everyone three times in the last ten minutes: wait a few minutes before sending them again
admin-err-sso-no-reset = an account of an SSO tenant has no password to reset: its identity provider manages it
admin-err-sso-no-invitation = users of an SSO tenant sign in through its identity provider: there is no registration mail
