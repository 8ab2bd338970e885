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

## Admin console
# Die Seiten unter /admin. Die Administratoren werden gesiezt. Die admin-err-Schlüssel sind die
# Worte des Admin-Dienstes; die Admin-API und die CLI sagen sie immer auf Englisch (en.ftl).

# Die Worte des Admin-Dienstes (in der Administration; API und CLI sprechen Englisch).
admin-err-cursor = ist kein Cursor, den dieser Server ausgegeben hat
admin-err-limit = muss eine Zahl von 1 bis { $max } sein
admin-err-invisible = das ist für den Aufrufer nicht sichtbar
admin-err-no-admin-role = dieses Konto hat keine Administrationsrolle
admin-err-role-may-not = die Rolle { $role } darf das nicht
admin-err-role-may-not-give = die Rolle { $role } darf die Rolle { $given } nicht vergeben
admin-err-colour = „{ $value }“ ist keine Farbe: Geben Sie sie als #rrggbb an, zum Beispiel #1f5fbf.
admin-err-contrast = Weiße Schrift auf { $colour } hat einen Kontrast von { $ratio }:1, WCAG AA verlangt 4,5:1: Wählen Sie einen dunkleren Farbton.
admin-err-logo-not-png = Die Datei ist kein PNG-Bild.
admin-err-logo-png-size = Das PNG ist { $width }×{ $height } Pixel groß; höchstens { $max }×{ $max } sind erlaubt.
admin-err-logo-png-short = Das PNG ist unvollständig.
admin-err-logo-svg-deep = Das SVG ist zu tief verschachtelt.
admin-err-logo-svg-element = Das SVG enthält <{ $element }>, was ein Logo nicht darf (keine Skripte, Bilder, Links, Animationen, Stylesheets oder fremden Inhalte).
admin-err-logo-svg-uses = Das SVG hat zu viele <use>-Verweise.
admin-err-logo-svg-handler = Das SVG hat einen Event-Handler ({ $attribute }), was ein Logo nicht darf.
admin-err-logo-svg-href = Das SVG verweist auf etwas außerhalb seiner selbst (href), was ein Logo nicht darf.
admin-err-logo-svg-active = Das Attribut { $attribute } des SVG verweist auf etwas außerhalb davon, was ein Logo nicht darf.
admin-err-logo-svg-pi = Das SVG enthält eine Processing Instruction, was ein Logo nicht darf.
admin-err-logo-svg-utf8 = Das SVG ist kein UTF-8-Text.
admin-err-logo-svg-xml = Das SVG ist kein wohlgeformtes XML (oder hat einen DOCTYPE): { $detail }
admin-err-logo-not-svg = Die Datei ist kein SVG-Bild (kein <svg>-Wurzelelement im SVG-Namensraum).
admin-err-logo-large = Das Logo ist größer als 100 KB.
admin-err-logo-base64 = Das Logo ist nicht Base64-kodiert.
admin-err-logo-type = „{ $type }“ wird nicht angenommen: Geben Sie image/png oder image/svg+xml an.
admin-err-logo-both = Laden Sie entweder ein neues Logo hoch oder entfernen Sie es, nicht beides.
admin-err-client-reserved = Client-IDs, die mit „idp-“ beginnen, sind den eigenen Seiten des Produkts vorbehalten: Wählen Sie eine andere als „{ $id }“.
admin-err-no-grant = enthält keinen Grant-Typ
admin-err-public-credentials = Ein öffentlicher Client kann client_credentials nicht nutzen (er hat kein Secret).
admin-err-public-admin = Ein Admin-Client muss vertraulich sein (nicht öffentlich).
admin-err-no-redirect = Der Grant-Typ authorization_code braucht mindestens eine Redirect-URI.
admin-err-resource-tenant = Ein Resource Server muss an eine Firma gebunden sein: Er sieht die Tokens einer Firma.
admin-err-public-resource = Ein Resource Server muss vertraulich sein (nicht öffentlich).
admin-err-no-such-tenant = Die Firma „{ $tenant }“ gibt es nicht.
admin-err-client-self-disable = Ein Client kann sich nicht selbst deaktivieren: Das muss ein anderer Administrator tun.
admin-err-public-no-secret = { $client } ist ein öffentlicher Client: Er hat kein Secret.
admin-err-metadata-both = Geben Sie entweder metadata_xml oder metadata_url an, nicht beides.
admin-err-url-not-url = ist keine URL
admin-err-url-https = muss eine https-URL sein
admin-err-url-no-host = hat keinen Host
admin-err-url-unresolved = nennt einen Host, der sich nicht auflösen lässt
admin-err-url-private = nennt einen Host in einem privaten Netz: Geben Sie die öffentliche Metadaten-URL des Identity Providers an, oder laden Sie die Datei hoch.
admin-err-sso-needs-connection = Der Anmeldemodus sso braucht den vorgelagerten Identity Provider der Firma: Legen Sie die Firma mit dem Anmeldemodus password an und richten Sie dann ihre SSO-Verbindung ein („idp sso configure“ oder PUT .../sso der Admin-API), was sie auf sso umstellt.
admin-err-status = muss einer dieser Werte sein: invited, invitation_expired, unconfirmed, two_factor_on, two_factor_off, locked, disabled
admin-err-query-long = darf höchstens 256 Zeichen lang sein
admin-err-own-role = Sie können Ihre eigene Rolle nicht ändern.
admin-err-own-disable = Sie können Ihr eigenes Konto nicht deaktivieren.
admin-err-own-delete = Sie können Ihr eigenes Konto nicht löschen.
admin-err-confirmations-too-often = Bestätigungs-E-Mails wurden in den letzten zehn Minuten dreimal an alle gesendet: Warten Sie einige Minuten, bevor Sie sie erneut senden.
admin-err-sso-no-reset = Ein Konto einer SSO-Firma hat kein Passwort zum Zurücksetzen: Das verwaltet ihr Identity Provider.
admin-err-sso-no-invitation = Benutzer einer SSO-Firma melden sich über deren Identity Provider an: Es gibt keine Registrierungs-E-Mail.
