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
