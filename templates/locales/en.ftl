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

## Codes (second factor)
code-accepted = The code is right.
code-wrong-totp = That code is not right. Check that you typed the current code from your authenticator app.
code-wrong = That code is not right. Check it and try again.
code-replayed = That code was already used. Wait for your app to show the next code and enter that one.
code-none = This code has expired or was replaced by a newer one. Ask for a new code.
code-wait = Please wait { $seconds } seconds before asking for another code.
code-sent-moments-ago = A code was sent moments ago; you can ask for a new one in { $seconds } seconds.
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

## Error pages
error-title = Sign-in problem
error-heading = We cannot continue
error-back = Go back to the application you came from and try again.
error-internal = Something went wrong on our side. If it happens again, give your administrator this reference: { $reference }

error-not-found = Not found
error-no-page = There is no page at this address.
error-no-image = There is no such image.
error-bad-redirect = The redirect address is not valid.
error-request = The request could not be handled: { $detail }
error-refused = This was refused: { $detail }
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
builtin-not-started = This sign-in did not start here or has expired. Open { $path } again.
builtin-not-completed = Sign-in did not complete: { $detail }
builtin-not-understood = The sign-in answer was not understood.
builtin-code-spent = This sign-in has expired or was already used. Open { $path } again.

## The language switch
lang-form-expired = The form had expired. Choose the language again.
lang-unknown = This language is not available.
