# English. Every key here must exist in every other catalogue, with the same placeholders
# (crates/i18n/src/tests.rs checks). Keys are grouped by page; a key's first word names it.

## Every page
lang-switch-label = Language
lang-name = English

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

## Shared by several pages and mails
form-expired = The form had expired. Please try again.
method-totp = Authenticator app
method-sms = Text message (SMS)
method-email = E-mail code
duration-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
# A date and time: "1 December 2026, 14:05".
datetime = { $day } { $month } { $year }, { $time }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Sign-in answers
signin-wrong = The company ID, user name or password is not right. Check them and try again.
signin-busy = Another sign-in for this account is being checked right now. Wait a moment and try again.
signin-client-bound = { $client } accepts only accounts of company “{ $tenant }”.
signin-client-refuses = { $client } does not accept accounts of company “{ $tenant }”.

## Codes (second factor)
code-accepted = The code is right.
code-wrong-totp = That code is not right. Check that you typed the current code from your authenticator app.
code-wrong = That code is not right. Check it and try again.
code-replayed = That code was already used. Wait for your app to show the next code and enter that one.
code-none = This code has expired or was replaced by a newer one. Ask for a new code.
code-wait = { $seconds ->
    [one] Please wait 1 second before asking for another code.
   *[other] Please wait { $seconds } seconds before asking for another code.
}
code-sent-moments-ago = { $seconds ->
    [one] A code was sent moments ago; you can ask for a new one in 1 second.
   *[other] A code was sent moments ago; you can ask for a new one in { $seconds } seconds.
}
code-new-sent = We sent a new code. Only the newest code works.
phone-invalid = Enter the number with its country code, for example +49 151 2345 6789.
phone-first = Enter your number first.

## What the policy refuses (mfa-policy.md)
refusal-sso-tenant = Your company signs you in through its own identity provider, which handles second factors: there is nothing to set up here.
refusal-two-factor-disabled = Your company has turned two-factor sign-in off.
refusal-method-not-offered = Your company does not offer this method.
refusal-already-active = This method is already on.
refusal-one-method-only = Your company allows one method at a time: turn your current method off before turning on another.
refusal-email-unconfirmed = E-mail codes need a confirmed e-mail address. Confirm yours with the link we mailed you first.
refusal-not-active = This method is not on.
refusal-second-factor-needed = To turn a method off, sign in again with your second factor first.
refusal-confirmation-needed = Tick the box to confirm that you want to turn this method off.
refusal-last-method-required = Your company requires a second factor, so your last method cannot be turned off. Turn on another method first.
refusal-only-method-required = Your company requires a second factor, so your last method cannot be turned off. If you lost the device, ask your administrator to reset your account.
refusal-reset-needs-admin = Accounts with a second factor cannot reset their password by e-mail: an administrator must reset the account.
refusal-security-permission-needed = Changing two-factor settings needs the security permission. Ask an administrator who has it.
refusal-platform-admin-needed = Switching a company to single sign-on is done by the service's support team. Contact them to set it up.
refusal-sso-only = Your company signs you in through its own identity provider. Use “Sign in with SSO” and enter your e-mail address.
refusal-no-method-available = A second factor is required, but your company has not enabled any method. Ask your administrator.
refusal-two-factor-on-sso = Companies that sign in through SSO use their identity provider's own second factor: two-factor cannot be turned on here.
refusal-no-methods-selected = Two-factor needs at least one method (totp, sms or email).
refusal-email-only-unconfirmed = A second factor is required, and the only method your company offers is an e-mail code, but your e-mail address is not confirmed yet. Confirm it with the link we mailed you, or ask your administrator.
refusal-lockout-threshold = The lockout threshold must be between 3 and 50 failed attempts.
refusal-lockout-duration = The first lock must last between 1 minute and 1 hour.
refusal-locked = { $minutes ->
    [one] Too many failed attempts. For your security, sign-in is paused: try again in 1 minute.
   *[other] Too many failed attempts. For your security, sign-in is paused: try again in { $minutes } minutes.
}
refusal-locale-unknown = The language must be one of: de, en.
refusal-time-zone-unknown = The time zone must be an IANA name such as Europe/Berlin or UTC.

## New passwords
password-too-short = Choose a password of at least { $min } characters; a few unrelated words make a good one.
password-too-long = Choose a password of at most { $max } characters.
password-mismatch = The two passwords are not the same. Type the same password twice.
password-weak = This password is too easy to guess.
password-weak-hint = This password is too easy to guess. { $hint }
password-weak-hints = This password is too easy to guess. { $warning } { $suggestion }
password-hint-straight-rows-of-keys-are-easy-to-guess = Straight rows of keys are easy to guess.
password-hint-short-keyboard-patterns-are-easy-to-guess = Short keyboard patterns are easy to guess.
password-hint-repeats-like-aaa-are-easy-to-guess = Repeats like “aaa” are easy to guess.
password-hint-repeats-like-abc-abc-are-only-slightly-harder-to-guess = Repeats like “abcabcabc” are only slightly harder to guess than “abc”.
password-hint-this-is-a-top10-password = This is a top-10 common password.
password-hint-this-is-a-top100-password = This is a top-100 common password.
password-hint-this-is-a-common-password = This is a very common password.
password-hint-this-is-similar-to-a-commonly-used-password = This is similar to a commonly used password.
password-hint-sequences-like-abc-are-easy-to-guess = Sequences like abc or 6543 are easy to guess.
password-hint-recent-years-are-easy-to-guess = Recent years are easy to guess.
password-hint-a-word-by-itself-is-easy-to-guess = A word by itself is easy to guess.
password-hint-dates-are-often-easy-to-guess = Dates are often easy to guess.
password-hint-names-and-surnames-by-themselves-are-easy-to-guess = Names and surnames by themselves are easy to guess.
password-hint-common-names-and-surnames-are-easy-to-guess = Common names and surnames are easy to guess.
password-hint-use-a-few-words-avoid-common-phrases = Use a few words, avoid common phrases.
password-hint-no-need-for-symbols-digits-or-uppercase-letters = No need for symbols, digits, or uppercase letters.
password-hint-add-another-word-or-two = Add another word or two. Uncommon words are better.
password-hint-capitalization-doesnt-help-very-much = Capitalization doesn’t help very much.
password-hint-all-uppercase-is-almost-as-easy-to-guess-as-all-lowercase = All-uppercase is almost as easy to guess as all-lowercase.
password-hint-reversed-words-arent-much-harder-to-guess = Reversed words aren’t much harder to guess.
password-hint-predictable-substitutions-dont-help-very-much = Predictable substitutions like “@” instead of “a” don’t help very much.
password-hint-use-a-longer-keyboard-pattern-with-more-turns = Use a longer keyboard pattern with more turns.
password-hint-avoid-repeated-words-and-characters = Avoid repeated words and characters.
password-hint-avoid-sequences = Avoid sequences.
password-hint-avoid-recent-years = Avoid recent years.
password-hint-avoid-years-that-are-associated-with-you = Avoid years that are associated with you.
password-hint-avoid-dates-and-years-that-are-associated-with-you = Avoid dates and years that are associated with you.
password-new = New password
password-help = At least 12 characters. A few unrelated words make a strong password that is easy to remember.
password-again = Type it again
password-offer-totp = Also set up an authenticator app now
password-offer-totp-hint = Your company may ask for a code from an app on your phone when you sign in. Setting it up now saves a step later.
password-title-register = Choose your password
password-button-register = Set password
password-title-reset = Choose a new password
password-button-reset = Change password
password-lead = Company ID “{ $tenant }”, user name “{ $username }”.
password-not-changed = Password not changed
password-changed = Password changed
password-changed-lead = Your new password is set and every earlier sign-in has ended. Sign in again with company ID “{ $tenant }” and user name “{ $username }”.
account-ready = Your account is ready
account-ready-password = Your password is set. Go back to your application and sign in with company ID “{ $tenant }” and user name “{ $username }”.
account-ready-totp = Your password and authenticator app are set. Go back to your application and sign in with company ID “{ $tenant }” and user name “{ $username }”.
link-dead = This link has expired or was already used. Ask your administrator to send a new one.
link-dead-reset = This link has expired or was already used. Ask for a new one on the password reset page.
setup-already-title = Authenticator app already set up
setup-already-lead = Your authenticator app is already on. You can sign in now.
setup-after-password-lead = Your password is set. Now connect an authenticator app to your account.

## The second step of a sign-in
factor-method = Method
factor-continue = Continue
factor-code-label = 6-digit code
factor-verify = Verify
factor-resend = Send a new code
factor-enroll-title = Set up a second factor
factor-enroll-lead = Your company asks for a second factor when you sign in. Choose how you want to receive your codes.
factor-choose-title = Choose how to confirm it’s you
factor-choose-lead = Your account has several second factors. Pick the one you have at hand.
factor-choose-listed = Choose one of the methods listed.
factor-code-missing = Enter the 6-digit code.
factor-hint-totp-enroll = Use an app on your phone such as Google Authenticator or Microsoft Authenticator.
factor-hint-totp = The 6-digit code from your authenticator app.
factor-hint-sms-enroll = We send a code by text message to your mobile phone.
factor-hint-sms = A code by text message to { $target }.
factor-hint-email = A code by e-mail to { $target }.
factor-lead-totp = Open your authenticator app and enter the 6-digit code it shows for this account.
factor-lead-sms = We sent a text message with a 6-digit code to { $target }. It works for { $valid }.
factor-lead-email = We sent a 6-digit code to { $target }. It works for { $valid }.
factor-someone-else = Sign in as someone else
factor-another-method = Use another method
factor-code-title = Enter your code
factor-code-title-enroll = Confirm your second factor
factor-enroll-totp-lead = Your company asks for a second factor. Set up an authenticator app now; you will need it every time you sign in.

## Setting up an authenticator app
enroll-title = Set up your authenticator app
enroll-scan = Scan this QR code with an authenticator app (for example Google Authenticator, Microsoft Authenticator, FreeOTP or 1Password).
enroll-qr-alt = QR code for your authenticator app. If you cannot scan it, type the key shown below instead.
enroll-type-key = Or type this key into the app (time-based, 6 digits):
enroll-enter-code = Enter the 6-digit code the app shows.
enroll-code-label = 6-digit code from the app
enroll-turn-on = Turn on

## The phone number for text messages
phone-title = Your phone number
phone-lead = We will send a code by text message to check that the number is yours.
phone-label = Mobile number, with country code
phone-send = Send code

## Password reset
reset-title = Reset your password
reset-lead = Enter your company ID and user name. If they match an account, we send a mail to its address.
reset-send = Send the reset mail
reset-second-factor-note = Accounts with a second factor (authenticator app, text message or e-mail code) cannot be reset by mail: your administrator resets them.
reset-fields-missing = Enter your company ID and user name.
reset-sent-title = Check your mail
reset-sent-lead = If the company ID and user name match an account, we have sent a mail to its address. It can take a few minutes to arrive.

## E-mail confirmation
confirm-title = Confirm your e-mail address
confirm-lead = Confirm that { $email } is your address.
confirm-button = Confirm my address
confirm-form-expired = The form had expired. Open the link from the mail again.
confirm-changed-title = Address changed
confirm-changed-lead = Your account now has another address; this link was for the previous one.
confirm-done-title = Address confirmed
confirm-done-lead = Thank you: { $email } is confirmed.

## The account page
account-title = Your account
account-who = { $name } · user name { $username } at { $company } (company ID { $tenant })
account-email = E-mail address
account-email-confirmed = confirmed
account-email-unconfirmed = not confirmed yet
account-email-unconfirmed-hint = follow the link in the confirmation mail, or ask your administrator to send a new one.
account-password-current = Current password
account-password-help = At least 12 characters. Other devices signed in to this account are signed out.
account-password-again = Type the new password again
account-password-change = Change password
account-password-step-up = To change your password, first confirm it’s you with your second factor (the link under “Second factors”).
account-password-current-wrong = Your current password is not right.
account-factors = Second factors
account-step-up-before = To turn a method off or change your number, first
account-step-up-link = confirm it’s you with your second factor
account-status = Status
account-actions = Actions
account-turn-on = Turn on
account-turn-off = Turn off
account-change-number = Change number
account-off-confirm-totp = Yes, turn the authenticator app off
account-off-confirm-sms = Yes, turn text messages off
account-off-confirm-email = Yes, turn e-mail codes off
account-on-since = On since { $when }
account-on = On
account-off = Off
account-factor-target = { $target }
account-sessions = Where you are signed in
account-signed-in = Signed in
account-how = How
account-how-pwd = password
account-how-otp = authenticator app
account-how-sms = text message
account-how-email = e-mail code
account-how-fed = single sign-on
account-this-browser = this browser
account-session-end = End
account-sign-out-others = Sign out everywhere else
account-done-password = Your password is changed. Other browsers signed in to your account were signed out.
account-done-on = The method is on. You will be asked for it when you sign in.
account-done-off = The method is off.
account-done-phone = Your new number is verified and in use.
account-done-sessions = Done: those sessions have ended.
account-form-expired = The form had expired. Open your account page again.
account-signed-out = Signed out
account-signed-out-lead = You are signed out of this browser.
account-no-such-method = There is no such method.
setup-totp-title = Set up an authenticator app
setup-totp-lead = You will scan a QR code with an app on your phone, such as Google Authenticator or Microsoft Authenticator, and confirm it with the code it shows.
setup-totp-button = Show the QR code
setup-email-title = Confirm your e-mail code
setup-email-lead = We will send a 6-digit code to your e-mail address. Enter it on the next page to turn e-mail codes on.
setup-email-button = Send the code
setup-totp-enroll-lead = Connect an authenticator app to your account.
setup-code-title = Confirm with a code
setup-code-lead = We sent a 6-digit code to { $target }. Enter it to confirm.
setup-back = Back to your account

## Signing out
logout-title = Sign out
logout-heading = Sign out?
logout-lead = An application asked to sign you out of this sign-in service.
logout-button = Sign out
logout-done-title = You are signed out
logout-done-lead = You have been signed out of the sign-in service. You can close this window.

## The start page
home-title = Sign-in service
home-lead = This is your company's sign-in service. Open the application you want to use; it will bring you here when you need to sign in.

## Single sign-on did not sign the user in
ssoerr-title = Single sign-on did not work
ssoerr-retry = Try again
ssoerr-back = Go back to the application you came from and sign in again.
ssoerr-support = For your administrator or support:
ssoerr-not-signed-in-title = You were not signed in
ssoerr-idp-title = Your company's sign-in did not sign you in
ssoerr-cannot-continue = This sign-in cannot continue.
ssoerr-nothing-sent = This address takes the answer of your company's sign-in page; nothing was sent. Go back to the application and sign in again.
ssoerr-idp-authn-failed = Your company's sign-in page could not confirm who you are.
ssoerr-idp-request-denied = Your company's sign-in page refused the request: you may not be allowed to use this application. Ask your administrator.
ssoerr-idp-no-authn-context = Your company's sign-in page could not sign you in the way this application requires (for example with a second factor).
ssoerr-idp-no-passive = You need to sign in at your company's sign-in page again.
ssoerr-idp-unknown-principal = Your company's sign-in page does not know this account.
ssoerr-idp-problem = Your company's sign-in page reported a problem and did not sign you in. The sign-in may have been cancelled.
ssoerr-idp-other = Your company's sign-in page did not sign you in. The sign-in may have been cancelled.
ssoerr-invalid = The answer from your company's sign-in page could not be verified, so you were not signed in. If this keeps happening, tell your administrator.
ssoerr-no-request = This answer from your company's sign-in page does not belong to a sign-in in progress here: it came too late, or was already used. Start again from the application.
ssoerr-other-browser = This sign-in was started in another browser or window that is gone. Start again from the application.
ssoerr-replay = This answer from your company's sign-in page was already used. Start again from the application.
ssoerr-unsolicited = Signing in from your company's portal is not enabled. Open the application and sign in from there.
ssoerr-no-email = Your company's sign-in page sent no e-mail address for you. Your administrator needs to add the e-mail claim.
ssoerr-domain-not-claimed = Your e-mail address is not in a domain that this company's single sign-on covers. Ask your administrator.
ssoerr-no-account = There is no account for you here yet. Ask your administrator to create one.
ssoerr-disabled = Your account is disabled. Ask your administrator.
ssoerr-username-taken = An account could not be created for you, because its user name is taken. Ask your administrator.
ssoerr-step-up-not-met = This application requires a second factor, and your company's sign-in page did not confirm one. Try again and complete the second step there.
ssoerr-not-signed-in = You were not signed in.

## Mails and text messages
mail-hello = Hello { $name },
mail-copy-address = Or copy this address into your browser:
mail-signature = The sign-in service of { $company }
mail-link-valid = The link works once, for { $valid }.
mail-ignore = If you did not expect this mail, you can ignore it.
mail-register-subject = Your account at { $company }
mail-register-intro = An account was set up for you at { $company }. Your company ID is “{ $tenant }” and your user name is “{ $username }”.
mail-register-choose = Choose your password to start using it.
mail-register-button = Choose your password
mail-reset-subject = Reset your password at { $company }
mail-reset-intro = Someone asked to reset the password of your account “{ $username }” at { $company }.
mail-reset-button = Choose a new password
mail-reset-ignore = If you did not ask for this, ignore this mail: your password stays as it is.
mail-confirm-subject = Confirm your e-mail address at { $company }
mail-confirm-intro = Please confirm that { $email } is your address for your account “{ $username }” at { $company }.
mail-confirm-button = Confirm my address
mail-reset-refused-subject = About your password reset at { $company }
mail-reset-refused-ask-admin = Ask your administrator to reset your account; you will then receive a mail to set it up again.
mail-reset-refused-ignore = If you did not ask for this, you can ignore this mail.
mail-code-subject = Your sign-in code: { $code }
mail-code-intro = Your code for { $company } is:
mail-code-code = { $code }
mail-code-valid = It works once, for { $valid }.
mail-code-warning = If you did not try to sign in, someone knows your password: change it, and tell your administrator.
sms-code = { $code } is your code for { $company }. It works once, for { $valid }. Never share it.

## Values checked at the edge (forms, the CLI, the admin API)
domain-duration-bad = `{ $value }` is not a duration: write a positive number followed by s, m, h or d (for example 90s, 5m, 24h, 7d)
domain-duration-too-long = `{ $value }` is longer than ten years
domain-not-one-of = `{ $value }` is not one of: { $allowed }
domain-uri-not-absolute = `{ $value }` is not an absolute URI ({ $detail })
domain-uri-fragment = `{ $value }` must not contain a fragment
domain-uri-http = `{ $value }` uses http on a non-loopback host: use https
domain-uri-scheme = `{ $value }` must use https (or http on loopback, or a reverse-DNS private-use scheme)
domain-uri-too-long = `{ $value }` is longer than 512 characters
domain-scope = `{ $value }` is not a valid scope token
domain-username = `{ $value }` is not a user name: use 1-64 letters, digits or . _ - @ +
domain-email = `{ $value }` is not an e-mail address
domain-name = must be 1-200 characters without control characters
domain-attribute-name = `{ $field }=`: give the attribute's name (1-512 characters)
domain-attribute-field = `{ $value }` is not a user field: use one of { $allowed }
domain-sso-domain = `{ $value }` is not a domain: give one like example.com or *.example.com
domain-tenant-id = `{ $value }` is not a company ID: use 1-63 lowercase letters, digits and `-`, not starting with `-`
domain-client-id = `{ $value }` is not a client ID: use 1-128 visible ASCII characters without `:`, `"` or `\`

## The SSO connection's settings (console, CLI, admin API)
sso-cfg-no-tenant = no tenant `{ $tenant }`
sso-cfg-no-domain = give at least one e-mail domain (--domain example.com)
sso-cfg-fetch = the metadata could not be fetched: { $detail }
sso-cfg-no-metadata = give the identity provider's metadata: its file, or its URL
sso-cfg-metadata-too-large = the metadata is larger than 2 MB
sso-cfg-metadata-invalid = { $detail }
sso-cfg-no-redirect-binding = the IdP's metadata has no SingleSignOnService with the HTTP-Redirect binding
sso-cfg-skew = at most 15m
sso-cfg-domain-taken = { $what } is already taken
sso-cfg-no-next-key = there is no next SP key: run `idp sso rotate-sp-key` without --activate first, and let the IdP import the new metadata
sso-cfg-next-key-published = a next SP key is already published: finish with --activate
sso-cfg-landing-https = `{ $value }`: the landing URL must be https
sso-cfg-too-many = too many SSO sign-ins started just now
sso-client-bound = { $client } does not accept accounts of this company.
accounts-has-password = this user has already chosen a password; to start over, reset the account
accounts-already-confirmed = this address is already confirmed

## Error pages
error-title = Sign-in problem
error-heading = We cannot continue
error-back = Go back to the application you came from and try again.
error-internal = Something went wrong on our side. If it happens again, give your administrator this reference: { $reference }

error-not-found = Not found
error-no-page = There is no page at this address.
error-too-large = The request is too large.
error-no-image = There is no such image.
error-bad-redirect = The redirect address is not valid.
error-request = The request could not be handled: { $detail }
error-code-not-sent = The code could not be sent just now. Try again in a minute; if it keeps failing, tell your administrator.
error-mail-not-sent = The mail could not be sent just now. Try again in a minute; if it keeps failing, tell your administrator.
error-key-unreadable = The stored authenticator key cannot be read. Ask your administrator to reset your account.
error-no-account = There is no such account.
error-signin-expired = This sign-in waited too long and has expired. Go back to the application and start again.
error-step-gone = This sign-in step has expired or was finished in another window. Go back to the application and sign in again.
error-client-gone = The application that sent you here is no longer registered.
error-too-many-codes = Too many wrong codes. Go back to the application and sign in again.
error-no-sso = This company has no single sign-on set up.
error-sso-broken = Your company's single sign-on cannot be used just now: its configuration needs attention. Tell your administrator.
error-too-many-sso = Too many sign-ins were started from your network just now. Wait a minute, then try again.
authorize-no-client = The request does not say which application is asking (client_id is missing).
authorize-unknown-client = The application that sent you here is not registered with this sign-in service.
authorize-no-redirect = The application did not say where to send you back (redirect_uri is missing).
authorize-redirect-mismatch = The application asked to send you back to an address it has not registered (redirect_uri mismatch). Nothing was sent to it.
logout-bad-hint = The sign-out request carried an ID token this service did not issue. You have not been signed out.
logout-two-clients = The sign-out request names two different applications.
logout-no-client = The sign-out request asks to return to an application but does not say which one.
logout-not-registered = The application asked to return to an address it has not registered. You have not been sent there.
logout-unchecked = The sign-out request could not be checked; try again.
builtin-not-started = This sign-in did not start here or has expired. Open { $path } again.
builtin-not-completed = Sign-in did not complete: { $detail }
builtin-not-understood = The sign-in answer was not understood.
builtin-code-spent = This sign-in has expired or was already used. Open { $path } again.

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
admin-audit-col-when = When ({ $zone })
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
