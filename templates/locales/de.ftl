# Deutsch. Die Benutzer werden gesiezt. Schlüssel und Platzhalter wie in en.ftl.

## Jede Seite
lang-switch-label = Sprache
lang-name = Deutsch
untranslated = { $text }

## Die Anmeldeseite
login-title = Anmelden
login-lead = um mit { $client } fortzufahren
login-tenant = Firmen-ID
login-username = Benutzername
login-password = Passwort
login-submit = Anmelden
login-forgot = Passwort vergessen?
login-sso = Anmelden mit SSO
login-form-expired = Das Formular war abgelaufen. Bitte melden Sie sich erneut an.
login-fields-missing = Geben Sie Ihre Firmen-ID, Ihren Benutzernamen und Ihr Passwort ein.

## Home-Realm-Discovery (SSO)
sso-title = Anmelden mit SSO
sso-lead = Geben Sie Ihre geschäftliche E-Mail-Adresse ein; wir leiten Sie dann zur Anmeldeseite Ihrer Firma weiter.
sso-email = Geschäftliche E-Mail-Adresse
sso-continue = Weiter
sso-back = Stattdessen mit Firmen-ID und Passwort anmelden
sso-form-expired = Das Formular war abgelaufen. Bitte versuchen Sie es erneut.
sso-no-connection = Für diese E-Mail-Domain ist kein Single Sign-on eingerichtet. Melden Sie sich mit Ihrer Firmen-ID und Ihrem Passwort an, oder wenden Sie sich an Ihre Administration.
sso-bad-email = Geben Sie Ihre geschäftliche E-Mail-Adresse ein, zum Beispiel anna@example.com.

## Fehlerseiten
error-title = Problem bei der Anmeldung
error-heading = Es geht leider nicht weiter
error-back = Kehren Sie zur Anwendung zurück, von der Sie kamen, und versuchen Sie es erneut.
error-internal = Bei uns ist ein Fehler aufgetreten. Wenn es wieder passiert, nennen Sie Ihrer Administration diese Referenz: { $reference }

## Die Sprachauswahl
lang-form-expired = Das Formular war abgelaufen. Wählen Sie die Sprache bitte erneut.
lang-unknown = Diese Sprache ist nicht verfügbar.
