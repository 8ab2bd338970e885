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

## Von mehreren Seiten und Mails geteilt
form-expired = Das Formular war abgelaufen. Bitte versuchen Sie es erneut.
method-totp = Authenticator-App
method-sms = SMS
method-email = Code per E-Mail
duration-seconds = { $n ->
    [one] { $n } Sekunde
   *[other] { $n } Sekunden
}
duration-minutes = { $n ->
    [one] { $n } Minute
   *[other] { $n } Minuten
}
duration-hours = { $n ->
    [one] { $n } Stunde
   *[other] { $n } Stunden
}
duration-days = { $n ->
    [one] { $n } Tag
   *[other] { $n } Tage
}
# Datum und Uhrzeit: „1. Dezember 2026, 14:05“.
datetime = { $day }. { $month } { $year }, { $time }
month-1 = Januar
month-2 = Februar
month-3 = März
month-4 = April
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = August
month-9 = September
month-10 = Oktober
month-11 = November
month-12 = Dezember

## Antworten der Anmeldung
signin-wrong = Firmen-ID, Benutzername oder Passwort stimmen nicht. Bitte prüfen Sie Ihre Eingaben und versuchen Sie es erneut.
signin-busy = Für dieses Konto wird gerade eine andere Anmeldung geprüft. Warten Sie einen Moment und versuchen Sie es erneut.
signin-client-bound = { $client } akzeptiert nur Konten der Firma „{ $tenant }“.

## Codes (zweiter Faktor)
code-accepted = Der Code ist richtig.
code-wrong-totp = Dieser Code ist nicht richtig. Prüfen Sie, ob Sie den aktuellen Code aus Ihrer Authenticator-App eingegeben haben.
code-wrong = Dieser Code ist nicht richtig. Bitte prüfen Sie ihn und versuchen Sie es erneut.
code-replayed = Dieser Code wurde bereits verwendet. Warten Sie, bis Ihre App den nächsten Code anzeigt, und geben Sie diesen ein.
code-none = Dieser Code ist abgelaufen oder wurde durch einen neueren ersetzt. Fordern Sie einen neuen Code an.
code-wait = Bitte warten Sie { $seconds } Sekunden, bevor Sie einen weiteren Code anfordern.
code-sent-moments-ago = Gerade eben wurde ein Code gesendet; einen neuen können Sie in { $seconds } Sekunden anfordern.
code-new-sent = Wir haben einen neuen Code gesendet. Nur der neueste Code gilt.
phone-invalid = Geben Sie die Nummer mit Ländervorwahl ein, zum Beispiel +49 151 2345 6789.
phone-first = Geben Sie zuerst Ihre Nummer ein.

## Was die Richtlinie ablehnt (mfa-policy.md)
refusal-sso-tenant = Ihre Firma meldet Sie über ihren eigenen Identitätsanbieter an, der auch den zweiten Faktor übernimmt: Hier ist nichts einzurichten.
refusal-two-factor-disabled = Ihre Firma hat die Zwei-Faktor-Authentifizierung ausgeschaltet.
refusal-method-not-offered = Ihre Firma bietet diese Methode nicht an.
refusal-already-active = Diese Methode ist bereits eingeschaltet.
refusal-one-method-only = Ihre Firma erlaubt nur eine Methode: Schalten Sie Ihre aktuelle Methode aus, bevor Sie eine andere einschalten.
refusal-email-unconfirmed = Codes per E-Mail setzen eine bestätigte E-Mail-Adresse voraus. Bestätigen Sie Ihre Adresse zuerst über den Link, den wir Ihnen geschickt haben.
refusal-not-active = Diese Methode ist nicht eingeschaltet.
refusal-second-factor-needed = Um eine Methode auszuschalten, melden Sie sich zuerst erneut mit Ihrem zweiten Faktor an.
refusal-confirmation-needed = Setzen Sie das Häkchen, um zu bestätigen, dass Sie diese Methode ausschalten möchten.
refusal-last-method-required = Ihre Firma verlangt einen zweiten Faktor, daher kann Ihre letzte Methode nicht ausgeschaltet werden. Schalten Sie zuerst eine andere Methode ein.
refusal-only-method-required = Ihre Firma verlangt einen zweiten Faktor, daher kann Ihre letzte Methode nicht ausgeschaltet werden. Wenn Sie das Gerät verloren haben, bitten Sie Ihre Administration, Ihr Konto zurückzusetzen.
refusal-reset-needs-admin = Konten mit zweitem Faktor können ihr Passwort nicht per E-Mail zurücksetzen: Das Konto muss von der Administration zurückgesetzt werden.
refusal-security-permission-needed = Für Änderungen an der Zwei-Faktor-Authentifizierung ist die Sicherheitsberechtigung nötig. Wenden Sie sich an eine Administratorin oder einen Administrator mit dieser Berechtigung.
refusal-platform-admin-needed = Die Umstellung einer Firma auf Single Sign-on übernimmt das Support-Team des Dienstes. Wenden Sie sich zur Einrichtung bitte an den Support.
refusal-sso-only = Ihre Firma meldet Sie über ihren eigenen Identitätsanbieter an. Wählen Sie „Anmelden mit SSO“ und geben Sie Ihre E-Mail-Adresse ein.
refusal-no-method-available = Ein zweiter Faktor ist vorgeschrieben, aber Ihre Firma hat keine Methode freigegeben. Wenden Sie sich an Ihre Administration.
refusal-two-factor-on-sso = Firmen mit SSO-Anmeldung nutzen den zweiten Faktor ihres Identitätsanbieters: Die Zwei-Faktor-Authentifizierung kann hier nicht eingeschaltet werden.
refusal-no-methods-selected = Die Zwei-Faktor-Authentifizierung braucht mindestens eine Methode (totp, sms oder email).
refusal-email-only-unconfirmed = Ein zweiter Faktor ist vorgeschrieben, und Ihre Firma bietet nur Codes per E-Mail an, Ihre E-Mail-Adresse ist aber noch nicht bestätigt. Bestätigen Sie sie über den Link, den wir Ihnen geschickt haben, oder wenden Sie sich an Ihre Administration.
refusal-lockout-threshold = Die Sperrschwelle muss zwischen 3 und 50 Fehlversuchen liegen.
refusal-lockout-duration = Die erste Sperre muss zwischen 1 Minute und 1 Stunde dauern.
refusal-locked = { $minutes ->
    [one] Zu viele Fehlversuche. Zu Ihrer Sicherheit ist die Anmeldung pausiert: Versuchen Sie es in 1 Minute erneut.
   *[other] Zu viele Fehlversuche. Zu Ihrer Sicherheit ist die Anmeldung pausiert: Versuchen Sie es in { $minutes } Minuten erneut.
}
refusal-locale-unknown = Die Sprache muss eine der folgenden sein: de, en.
refusal-time-zone-unknown = Die Zeitzone muss ein IANA-Name wie Europe/Berlin oder UTC sein.

## Neue Passwörter
password-too-short = Wählen Sie ein Passwort mit mindestens { $min } Zeichen; einige Wörter ohne Zusammenhang ergeben ein gutes Passwort.
password-too-long = Wählen Sie ein Passwort mit höchstens { $max } Zeichen.
password-mismatch = Die beiden Passwörter stimmen nicht überein. Geben Sie zweimal dasselbe Passwort ein.
password-weak = Dieses Passwort ist zu leicht zu erraten.
password-weak-hint = Dieses Passwort ist zu leicht zu erraten. { $hint }
password-weak-hints = Dieses Passwort ist zu leicht zu erraten. { $warning } { $suggestion }
password-hint-straight-rows-of-keys-are-easy-to-guess = Gerade Tastenreihen sind leicht zu erraten.
password-hint-short-keyboard-patterns-are-easy-to-guess = Kurze Tastaturmuster sind leicht zu erraten.
password-hint-repeats-like-aaa-are-easy-to-guess = Wiederholungen wie „aaa“ sind leicht zu erraten.
password-hint-repeats-like-abc-abc-are-only-slightly-harder-to-guess = Wiederholungen wie „abcabcabc“ sind kaum schwerer zu erraten als „abc“.
password-hint-this-is-a-top10-password = Dies ist eines der 10 häufigsten Passwörter.
password-hint-this-is-a-top100-password = Dies ist eines der 100 häufigsten Passwörter.
password-hint-this-is-a-common-password = Dies ist ein sehr häufiges Passwort.
password-hint-this-is-similar-to-a-commonly-used-password = Dies ähnelt einem häufig verwendeten Passwort.
password-hint-sequences-like-abc-are-easy-to-guess = Folgen wie abc oder 6543 sind leicht zu erraten.
password-hint-recent-years-are-easy-to-guess = Jahreszahlen der letzten Jahre sind leicht zu erraten.
password-hint-a-word-by-itself-is-easy-to-guess = Ein einzelnes Wort ist leicht zu erraten.
password-hint-dates-are-often-easy-to-guess = Datumsangaben sind oft leicht zu erraten.
password-hint-names-and-surnames-by-themselves-are-easy-to-guess = Vor- und Nachnamen allein sind leicht zu erraten.
password-hint-common-names-and-surnames-are-easy-to-guess = Häufige Vor- und Nachnamen sind leicht zu erraten.
password-hint-use-a-few-words-avoid-common-phrases = Verwenden Sie einige Wörter und vermeiden Sie gängige Redewendungen.
password-hint-no-need-for-symbols-digits-or-uppercase-letters = Sonderzeichen, Ziffern oder Großbuchstaben sind nicht nötig.
password-hint-add-another-word-or-two = Fügen Sie ein oder zwei Wörter hinzu. Ungewöhnliche Wörter sind besser.
password-hint-capitalization-doesnt-help-very-much = Großschreibung hilft kaum.
password-hint-all-uppercase-is-almost-as-easy-to-guess-as-all-lowercase = Nur Großbuchstaben sind fast so leicht zu erraten wie nur Kleinbuchstaben.
password-hint-reversed-words-arent-much-harder-to-guess = Rückwärts geschriebene Wörter sind kaum schwerer zu erraten.
password-hint-predictable-substitutions-dont-help-very-much = Vorhersehbare Ersetzungen wie „@“ statt „a“ helfen kaum.
password-hint-use-a-longer-keyboard-pattern-with-more-turns = Verwenden Sie ein längeres Tastaturmuster mit mehr Richtungswechseln.
password-hint-avoid-repeated-words-and-characters = Vermeiden Sie wiederholte Wörter und Zeichen.
password-hint-avoid-sequences = Vermeiden Sie Zeichenfolgen.
password-hint-avoid-recent-years = Vermeiden Sie Jahreszahlen der letzten Jahre.
password-hint-avoid-years-that-are-associated-with-you = Vermeiden Sie Jahreszahlen, die mit Ihnen in Verbindung stehen.
password-hint-avoid-dates-and-years-that-are-associated-with-you = Vermeiden Sie Daten und Jahreszahlen, die mit Ihnen in Verbindung stehen.
password-new = Neues Passwort
password-help = Mindestens 12 Zeichen. Einige Wörter ohne Zusammenhang ergeben ein starkes Passwort, das man sich leicht merkt.
password-again = Passwort wiederholen
password-offer-totp = Jetzt auch eine Authenticator-App einrichten
password-offer-totp-hint = Ihre Firma fragt bei der Anmeldung eventuell nach einem Code aus einer App auf Ihrem Telefon. Wenn Sie sie jetzt einrichten, sparen Sie später einen Schritt.
password-title-register = Passwort festlegen
password-button-register = Passwort festlegen
password-title-reset = Neues Passwort festlegen
password-button-reset = Passwort ändern
password-lead = Firmen-ID „{ $tenant }“, Benutzername „{ $username }“.
password-not-changed = Passwort nicht geändert
password-changed = Passwort geändert
password-changed-lead = Ihr neues Passwort ist gesetzt, und alle früheren Anmeldungen wurden beendet. Melden Sie sich erneut mit der Firmen-ID „{ $tenant }“ und dem Benutzernamen „{ $username }“ an.
account-ready = Ihr Konto ist bereit
account-ready-password = Ihr Passwort ist gesetzt. Kehren Sie zu Ihrer Anwendung zurück und melden Sie sich mit der Firmen-ID „{ $tenant }“ und dem Benutzernamen „{ $username }“ an.
account-ready-totp = Ihr Passwort und Ihre Authenticator-App sind eingerichtet. Kehren Sie zu Ihrer Anwendung zurück und melden Sie sich mit der Firmen-ID „{ $tenant }“ und dem Benutzernamen „{ $username }“ an.
link-dead = Dieser Link ist abgelaufen oder wurde bereits verwendet. Bitten Sie Ihre Administration, Ihnen einen neuen zu senden.
link-dead-reset = Dieser Link ist abgelaufen oder wurde bereits verwendet. Fordern Sie auf der Seite zum Zurücksetzen des Passworts einen neuen an.
setup-already-title = Authenticator-App bereits eingerichtet
setup-already-lead = Ihre Authenticator-App ist bereits eingeschaltet. Sie können sich jetzt anmelden.
setup-after-password-lead = Ihr Passwort ist gesetzt. Verbinden Sie jetzt eine Authenticator-App mit Ihrem Konto.

## Der zweite Schritt der Anmeldung
factor-method = Methode
factor-continue = Weiter
factor-code-label = 6-stelliger Code
factor-verify = Bestätigen
factor-resend = Neuen Code senden
factor-enroll-title = Zweiten Faktor einrichten
factor-enroll-lead = Ihre Firma verlangt bei der Anmeldung einen zweiten Faktor. Wählen Sie, wie Sie Ihre Codes erhalten möchten.
factor-choose-title = Wie möchten Sie sich bestätigen?
factor-choose-lead = Für Ihr Konto sind mehrere zweite Faktoren eingerichtet. Wählen Sie den, den Sie gerade zur Hand haben.
factor-choose-listed = Wählen Sie eine der aufgeführten Methoden.
factor-code-missing = Geben Sie den 6-stelligen Code ein.
factor-hint-totp-enroll = Verwenden Sie eine App auf Ihrem Telefon, zum Beispiel Google Authenticator oder Microsoft Authenticator.
factor-hint-totp = Der 6-stellige Code aus Ihrer Authenticator-App.
factor-hint-sms-enroll = Wir senden Ihnen einen Code per SMS auf Ihr Mobiltelefon.
factor-hint-sms = Ein Code per SMS an { $target }.
factor-hint-email = Ein Code per E-Mail an { $target }.
factor-lead-totp = Öffnen Sie Ihre Authenticator-App und geben Sie den 6-stelligen Code ein, den sie für dieses Konto anzeigt.
factor-lead-sms = Wir haben eine SMS mit einem 6-stelligen Code an { $target } gesendet. Er gilt { $valid }.
factor-lead-email = Wir haben einen 6-stelligen Code an { $target } gesendet. Er gilt { $valid }.
factor-someone-else = Als andere Person anmelden
factor-another-method = Andere Methode verwenden
factor-code-title = Bestätigungscode eingeben
factor-code-title-enroll = Zweiten Faktor bestätigen
factor-enroll-totp-lead = Ihre Firma verlangt einen zweiten Faktor. Richten Sie jetzt eine Authenticator-App ein; Sie brauchen sie bei jeder Anmeldung.

## Authenticator-App einrichten
enroll-title = Authenticator-App einrichten
enroll-scan = Scannen Sie diesen QR-Code mit einer Authenticator-App (zum Beispiel Google Authenticator, Microsoft Authenticator, FreeOTP oder 1Password).
enroll-qr-alt = QR-Code für Ihre Authenticator-App. Wenn Sie ihn nicht scannen können, geben Sie stattdessen den Schlüssel unten ein.
enroll-type-key = Oder geben Sie diesen Schlüssel in der App ein (zeitbasiert, 6 Ziffern):
enroll-enter-code = Geben Sie den 6-stelligen Code ein, den die App anzeigt.
enroll-code-label = 6-stelliger Code aus der App
enroll-turn-on = Einschalten

## Die Telefonnummer für SMS
phone-title = Ihre Telefonnummer
phone-lead = Wir senden Ihnen einen Code per SMS, um zu prüfen, dass die Nummer Ihnen gehört.
phone-label = Mobilnummer mit Ländervorwahl
phone-send = Code senden

## Passwort zurücksetzen
reset-title = Passwort zurücksetzen
reset-lead = Geben Sie Ihre Firmen-ID und Ihren Benutzernamen ein. Wenn sie zu einem Konto passen, senden wir eine E-Mail an dessen Adresse.
reset-send = E-Mail zum Zurücksetzen senden
reset-second-factor-note = Konten mit zweitem Faktor (Authenticator-App, SMS oder Code per E-Mail) können nicht per E-Mail zurückgesetzt werden: Das übernimmt Ihre Administration.
reset-fields-missing = Geben Sie Ihre Firmen-ID und Ihren Benutzernamen ein.
reset-sent-title = Sehen Sie in Ihr Postfach
reset-sent-lead = Wenn Firmen-ID und Benutzername zu einem Konto passen, haben wir eine E-Mail an dessen Adresse gesendet. Es kann einige Minuten dauern, bis sie ankommt.

## E-Mail-Adresse bestätigen
confirm-title = E-Mail-Adresse bestätigen
confirm-lead = Bestätigen Sie, dass { $email } Ihre Adresse ist.
confirm-button = Meine Adresse bestätigen
confirm-form-expired = Das Formular war abgelaufen. Öffnen Sie den Link aus der E-Mail erneut.
confirm-changed-title = Adresse geändert
confirm-changed-lead = Ihr Konto hat inzwischen eine andere Adresse; dieser Link galt für die vorherige.
confirm-done-title = Adresse bestätigt
confirm-done-lead = Vielen Dank: { $email } ist bestätigt.

## Die Kontoseite
account-title = Ihr Konto
account-who = { $name } · Benutzername { $username } bei { $company } (Firmen-ID { $tenant })
account-email = E-Mail-Adresse
account-email-confirmed = bestätigt
account-email-unconfirmed = noch nicht bestätigt
account-email-unconfirmed-hint = Folgen Sie dem Link in der Bestätigungs-E-Mail, oder bitten Sie Ihre Administration, eine neue zu senden.
account-password-current = Aktuelles Passwort
account-password-help = Mindestens 12 Zeichen. Andere Geräte, die mit diesem Konto angemeldet sind, werden abgemeldet.
account-password-again = Neues Passwort wiederholen
account-password-change = Passwort ändern
account-password-step-up = Um Ihr Passwort zu ändern, bestätigen Sie sich zuerst mit Ihrem zweiten Faktor (der Link unter „Zweite Faktoren“).
account-password-current-wrong = Ihr aktuelles Passwort ist nicht richtig.
account-factors = Zweite Faktoren
account-step-up-before = Um eine Methode auszuschalten oder Ihre Nummer zu ändern,
account-step-up-link = bestätigen Sie sich zuerst mit Ihrem zweiten Faktor
account-status = Status
account-actions = Aktionen
account-turn-on = Einschalten
account-turn-off = Ausschalten
account-change-number = Nummer ändern
account-off-confirm-totp = Ja, die Authenticator-App ausschalten
account-off-confirm-sms = Ja, SMS ausschalten
account-off-confirm-email = Ja, Codes per E-Mail ausschalten
account-on-since = Eingeschaltet seit { $when }
account-on = Eingeschaltet
account-off = Ausgeschaltet
account-factor-target = { $target }
account-sessions = Wo Sie angemeldet sind
account-signed-in = Angemeldet
account-how = Wie
account-how-pwd = Passwort
account-how-otp = Authenticator-App
account-how-sms = SMS
account-how-email = Code per E-Mail
account-how-fed = Single Sign-on
account-this-browser = dieser Browser
account-session-end = Beenden
account-sign-out-others = Überall sonst abmelden
account-done-password = Ihr Passwort wurde geändert. Andere Browser, die mit Ihrem Konto angemeldet waren, wurden abgemeldet.
account-done-on = Die Methode ist eingeschaltet. Sie werden bei der Anmeldung danach gefragt.
account-done-off = Die Methode ist ausgeschaltet.
account-done-phone = Ihre neue Nummer ist bestätigt und wird verwendet.
account-done-sessions = Erledigt: Diese Sitzungen wurden beendet.
account-form-expired = Das Formular war abgelaufen. Öffnen Sie Ihre Kontoseite erneut.
account-signed-out = Abgemeldet
account-signed-out-lead = Sie sind in diesem Browser abgemeldet.
account-no-such-method = Diese Methode gibt es nicht.
setup-totp-title = Authenticator-App einrichten
setup-totp-lead = Sie scannen einen QR-Code mit einer App auf Ihrem Telefon, zum Beispiel Google Authenticator oder Microsoft Authenticator, und bestätigen ihn mit dem angezeigten Code.
setup-totp-button = QR-Code anzeigen
setup-email-title = Code per E-Mail bestätigen
setup-email-lead = Wir senden einen 6-stelligen Code an Ihre E-Mail-Adresse. Geben Sie ihn auf der nächsten Seite ein, um Codes per E-Mail einzuschalten.
setup-email-button = Code senden
setup-totp-enroll-lead = Verbinden Sie eine Authenticator-App mit Ihrem Konto.
setup-code-title = Mit einem Code bestätigen
setup-code-lead = Wir haben einen 6-stelligen Code an { $target } gesendet. Geben Sie ihn zur Bestätigung ein.
setup-back = Zurück zu Ihrem Konto

## Abmelden
logout-title = Abmelden
logout-heading = Abmelden?
logout-lead = Eine Anwendung möchte Sie von diesem Anmeldedienst abmelden.
logout-button = Abmelden
logout-done-title = Sie sind abgemeldet
logout-done-lead = Sie wurden vom Anmeldedienst abgemeldet. Sie können dieses Fenster schließen.

## Die Startseite
home-title = Anmeldedienst
home-lead = Dies ist der Anmeldedienst Ihrer Firma. Öffnen Sie die Anwendung, die Sie nutzen möchten; sie leitet Sie hierher, wenn Sie sich anmelden müssen.

## Single Sign-on hat nicht angemeldet
ssoerr-title = Single Sign-on hat nicht funktioniert
ssoerr-retry = Erneut versuchen
ssoerr-back = Kehren Sie zur Anwendung zurück, von der Sie kamen, und melden Sie sich erneut an.
ssoerr-support = Für Ihre Administration oder den Support:
ssoerr-not-signed-in-title = Sie wurden nicht angemeldet
ssoerr-idp-title = Die Anmeldung Ihrer Firma hat Sie nicht angemeldet
ssoerr-cannot-continue = Diese Anmeldung kann nicht fortgesetzt werden.
ssoerr-nothing-sent = Diese Adresse nimmt die Antwort der Anmeldeseite Ihrer Firma entgegen; es wurde nichts gesendet. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.
ssoerr-idp-authn-failed = Die Anmeldeseite Ihrer Firma konnte nicht bestätigen, wer Sie sind.
ssoerr-idp-request-denied = Die Anmeldeseite Ihrer Firma hat die Anfrage abgelehnt: Möglicherweise dürfen Sie diese Anwendung nicht nutzen. Wenden Sie sich an Ihre Administration.
ssoerr-idp-no-authn-context = Die Anmeldeseite Ihrer Firma konnte Sie nicht so anmelden, wie diese Anwendung es verlangt (zum Beispiel mit einem zweiten Faktor).
ssoerr-idp-no-passive = Sie müssen sich erneut auf der Anmeldeseite Ihrer Firma anmelden.
ssoerr-idp-unknown-principal = Die Anmeldeseite Ihrer Firma kennt dieses Konto nicht.
ssoerr-idp-problem = Die Anmeldeseite Ihrer Firma hat ein Problem gemeldet und Sie nicht angemeldet. Möglicherweise wurde die Anmeldung abgebrochen.
ssoerr-idp-other = Die Anmeldeseite Ihrer Firma hat Sie nicht angemeldet. Möglicherweise wurde die Anmeldung abgebrochen.
ssoerr-invalid = Die Antwort der Anmeldeseite Ihrer Firma konnte nicht geprüft werden, daher wurden Sie nicht angemeldet. Wenn das wieder passiert, informieren Sie Ihre Administration.
ssoerr-no-request = Diese Antwort der Anmeldeseite Ihrer Firma gehört zu keiner laufenden Anmeldung: Sie kam zu spät oder wurde bereits verwendet. Beginnen Sie erneut in der Anwendung.
ssoerr-other-browser = Diese Anmeldung wurde in einem anderen Browser oder Fenster begonnen, das nicht mehr offen ist. Beginnen Sie erneut in der Anwendung.
ssoerr-replay = Diese Antwort der Anmeldeseite Ihrer Firma wurde bereits verwendet. Beginnen Sie erneut in der Anwendung.
ssoerr-unsolicited = Die Anmeldung über das Portal Ihrer Firma ist nicht freigeschaltet. Öffnen Sie die Anwendung und melden Sie sich dort an.
ssoerr-no-email = Die Anmeldeseite Ihrer Firma hat keine E-Mail-Adresse für Sie gesendet. Ihre Administration muss den E-Mail-Claim hinzufügen.
ssoerr-domain-not-claimed = Ihre E-Mail-Adresse gehört zu keiner Domain, die das Single Sign-on dieser Firma abdeckt. Wenden Sie sich an Ihre Administration.
ssoerr-no-account = Für Sie gibt es hier noch kein Konto. Bitten Sie Ihre Administration, eines anzulegen.
ssoerr-disabled = Ihr Konto ist deaktiviert. Wenden Sie sich an Ihre Administration.
ssoerr-username-taken = Für Sie konnte kein Konto angelegt werden, weil der Benutzername bereits vergeben ist. Wenden Sie sich an Ihre Administration.
ssoerr-step-up-not-met = Diese Anwendung verlangt einen zweiten Faktor, und die Anmeldeseite Ihrer Firma hat keinen bestätigt. Versuchen Sie es erneut und schließen Sie dort den zweiten Schritt ab.
ssoerr-not-signed-in = Sie wurden nicht angemeldet.

## E-Mails und SMS
mail-hello = Guten Tag { $name },
mail-copy-address = Oder kopieren Sie diese Adresse in Ihren Browser:
mail-signature = Der Anmeldedienst von { $company }
mail-link-valid = Der Link funktioniert einmal und gilt { $valid }.
mail-ignore = Wenn Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren.
mail-register-subject = Ihr Konto bei { $company }
mail-register-intro = Bei { $company } wurde ein Konto für Sie eingerichtet. Ihre Firmen-ID ist „{ $tenant }“, Ihr Benutzername „{ $username }“.
mail-register-choose = Legen Sie Ihr Passwort fest, um es zu nutzen.
mail-register-button = Passwort festlegen
mail-reset-subject = Passwort zurücksetzen bei { $company }
mail-reset-intro = Jemand hat darum gebeten, das Passwort Ihres Kontos „{ $username }“ bei { $company } zurückzusetzen.
mail-reset-button = Neues Passwort festlegen
mail-reset-ignore = Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt, wie es ist.
mail-confirm-subject = Bestätigen Sie Ihre E-Mail-Adresse bei { $company }
mail-confirm-intro = Bitte bestätigen Sie, dass { $email } die Adresse Ihres Kontos „{ $username }“ bei { $company } ist.
mail-confirm-button = Meine Adresse bestätigen
mail-reset-refused-subject = Zu Ihrer Passwort-Zurücksetzung bei { $company }
mail-reset-refused-ask-admin = Bitten Sie Ihre Administration, Ihr Konto zurückzusetzen; Sie erhalten dann eine E-Mail, um es neu einzurichten.
mail-reset-refused-ignore = Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren.
mail-code-subject = Ihr Anmeldecode: { $code }
mail-code-intro = Ihr Code für { $company } lautet:
mail-code-code = { $code }
mail-code-valid = Er funktioniert einmal und gilt { $valid }.
mail-code-warning = Wenn Sie sich nicht anmelden wollten, kennt jemand Ihr Passwort: Ändern Sie es und informieren Sie Ihre Administration.
sms-code = { $code } ist Ihr Code für { $company }. Er funktioniert einmal und gilt { $valid }. Geben Sie ihn nie weiter.

## Fehlerseiten
error-title = Problem bei der Anmeldung
error-heading = Es geht leider nicht weiter
error-back = Kehren Sie zur Anwendung zurück, von der Sie kamen, und versuchen Sie es erneut.
error-internal = Bei uns ist ein Fehler aufgetreten. Wenn es wieder passiert, nennen Sie Ihrer Administration diese Referenz: { $reference }

error-not-found = Nicht gefunden
error-no-page = Unter dieser Adresse gibt es keine Seite.
error-no-image = Dieses Bild gibt es nicht.
error-bad-redirect = Die Weiterleitungsadresse ist ungültig.
error-request = Die Anfrage konnte nicht bearbeitet werden: { $detail }
error-refused = Das wurde abgelehnt: { $detail }
error-code-not-sent = Der Code konnte gerade nicht gesendet werden. Versuchen Sie es in einer Minute erneut; wenn es weiter fehlschlägt, informieren Sie Ihre Administration.
error-mail-not-sent = Die E-Mail konnte gerade nicht gesendet werden. Versuchen Sie es in einer Minute erneut; wenn es weiter fehlschlägt, informieren Sie Ihre Administration.
error-key-unreadable = Der gespeicherte Schlüssel Ihrer Authenticator-App kann nicht gelesen werden. Bitten Sie Ihre Administration, Ihr Konto zurückzusetzen.
error-no-account = Dieses Konto gibt es nicht.
error-signin-expired = Diese Anmeldung hat zu lange gewartet und ist abgelaufen. Kehren Sie zur Anwendung zurück und beginnen Sie erneut.
error-step-gone = Dieser Anmeldeschritt ist abgelaufen oder wurde in einem anderen Fenster abgeschlossen. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.
error-client-gone = Die Anwendung, die Sie hierher geschickt hat, ist nicht mehr registriert.
error-too-many-codes = Zu viele falsche Codes. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.
error-no-sso = Für diese Firma ist kein Single Sign-on eingerichtet.
error-sso-broken = Das Single Sign-on Ihrer Firma ist gerade nicht nutzbar: Seine Konfiguration muss geprüft werden. Informieren Sie Ihre Administration.
error-too-many-sso = Aus Ihrem Netzwerk wurden gerade zu viele Anmeldungen begonnen. Warten Sie eine Minute und versuchen Sie es dann erneut.
builtin-not-started = Diese Anmeldung wurde nicht hier begonnen oder ist abgelaufen. Öffnen Sie { $path } erneut.
builtin-not-completed = Die Anmeldung wurde nicht abgeschlossen: { $detail }
builtin-not-understood = Die Antwort der Anmeldung wurde nicht verstanden.
builtin-code-spent = Diese Anmeldung ist abgelaufen oder wurde bereits verwendet. Öffnen Sie { $path } erneut.

## Die Sprachauswahl
lang-form-expired = Das Formular war abgelaufen. Wählen Sie die Sprache bitte erneut.
lang-unknown = Diese Sprache ist nicht verfügbar.
