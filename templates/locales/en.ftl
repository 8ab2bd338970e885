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
