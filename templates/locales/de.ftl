# Deutsch. Die Benutzer werden gesiezt. Schlüssel und Platzhalter wie in en.ftl.

## Jede Seite
lang-switch-label = Sprache
lang-name = Deutsch

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
signin-client-refuses = { $client } akzeptiert keine Konten der Firma „{ $tenant }“.

## Codes (zweiter Faktor)
code-accepted = Der Code ist richtig.
code-wrong-totp = Dieser Code ist nicht richtig. Prüfen Sie, ob Sie den aktuellen Code aus Ihrer Authenticator-App eingegeben haben.
code-wrong = Dieser Code ist nicht richtig. Bitte prüfen Sie ihn und versuchen Sie es erneut.
code-replayed = Dieser Code wurde bereits verwendet. Warten Sie, bis Ihre App den nächsten Code anzeigt, und geben Sie diesen ein.
code-none = Dieser Code ist abgelaufen oder wurde durch einen neueren ersetzt. Fordern Sie einen neuen Code an.
code-wait = { $seconds ->
    [one] Bitte warten Sie 1 Sekunde, bevor Sie einen weiteren Code anfordern.
   *[other] Bitte warten Sie { $seconds } Sekunden, bevor Sie einen weiteren Code anfordern.
}
code-sent-moments-ago = { $seconds ->
    [one] Gerade eben wurde ein Code gesendet; einen neuen können Sie in 1 Sekunde anfordern.
   *[other] Gerade eben wurde ein Code gesendet; einen neuen können Sie in { $seconds } Sekunden anfordern.
}
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

## Am Rand geprüfte Werte (Formulare, CLI, Admin-API)
domain-duration-bad = `{ $value }` ist keine Dauer: Schreiben Sie eine positive Zahl, gefolgt von s, m, h oder d (zum Beispiel 90s, 5m, 24h, 7d)
domain-duration-too-long = `{ $value }` ist länger als zehn Jahre
domain-not-one-of = `{ $value }` ist keiner dieser Werte: { $allowed }
domain-uri-not-absolute = `{ $value }` ist keine absolute URI ({ $detail })
domain-uri-fragment = `{ $value }` darf kein Fragment enthalten
domain-uri-http = `{ $value }` verwendet http auf einem Host außerhalb von Loopback: Verwenden Sie https
domain-uri-scheme = `{ $value }` muss https verwenden (oder http auf Loopback, oder ein privates Schema in Reverse-DNS-Form)
domain-uri-too-long = `{ $value }` ist länger als 512 Zeichen
domain-scope = `{ $value }` ist kein gültiges Scope-Token
domain-username = `{ $value }` ist kein Benutzername: Verwenden Sie 1–64 Buchstaben, Ziffern oder . _ - @ +
domain-email = `{ $value }` ist keine E-Mail-Adresse
domain-name = muss 1–200 Zeichen lang sein, ohne Steuerzeichen
domain-attribute-name = `{ $field }=`: Geben Sie den Namen des Attributs an (1–512 Zeichen)
domain-attribute-field = `{ $value }` ist kein Benutzerfeld: Verwenden Sie eines von { $allowed }
domain-sso-domain = `{ $value }` ist keine Domain: Geben Sie eine wie example.com oder *.example.com an
domain-tenant-id = `{ $value }` ist keine Firmen-ID: Verwenden Sie 1–63 Kleinbuchstaben, Ziffern und `-`, nicht mit `-` am Anfang
domain-client-id = `{ $value }` ist keine Client-ID: Verwenden Sie 1–128 sichtbare ASCII-Zeichen ohne `:`, `"` oder `\`

## Die Einstellungen der SSO-Verbindung (Konsole, CLI, Admin-API)
sso-cfg-no-tenant = keine Firma `{ $tenant }`
sso-cfg-no-domain = Geben Sie mindestens eine E-Mail-Domain an (--domain example.com)
sso-cfg-fetch = die Metadaten konnten nicht abgerufen werden: { $detail }
sso-cfg-no-metadata = Geben Sie die Metadaten des Identitätsanbieters an: als Datei oder über ihre URL
sso-cfg-metadata-too-large = die Metadaten sind größer als 2 MB
sso-cfg-metadata-invalid = { $detail }
sso-cfg-no-redirect-binding = die Metadaten des IdP enthalten keinen SingleSignOnService mit dem HTTP-Redirect-Binding
sso-cfg-skew = höchstens 15m
sso-cfg-domain-taken = { $what } ist bereits vergeben
sso-cfg-no-next-key = es gibt keinen nächsten SP-Schlüssel: Führen Sie zuerst `idp sso rotate-sp-key` ohne --activate aus und lassen Sie den IdP die neuen Metadaten importieren
sso-cfg-next-key-published = ein nächster SP-Schlüssel ist bereits veröffentlicht: Schließen Sie mit --activate ab
sso-cfg-landing-https = `{ $value }`: Die Ziel-URL muss https verwenden
sso-cfg-too-many = gerade wurden zu viele SSO-Anmeldungen begonnen
sso-client-bound = { $client } akzeptiert keine Konten dieser Firma.
accounts-has-password = dieser Benutzer hat bereits ein Passwort gewählt; um neu zu beginnen, setzen Sie das Konto zurück
accounts-already-confirmed = diese Adresse ist bereits bestätigt

## Fehlerseiten
error-title = Problem bei der Anmeldung
error-heading = Es geht leider nicht weiter
error-back = Kehren Sie zur Anwendung zurück, von der Sie kamen, und versuchen Sie es erneut.
error-internal = Bei uns ist ein Fehler aufgetreten. Wenn es wieder passiert, nennen Sie Ihrer Administration diese Referenz: { $reference }

error-not-found = Nicht gefunden
error-no-page = Unter dieser Adresse gibt es keine Seite.
error-too-large = Die Anfrage ist zu groß.
error-no-image = Dieses Bild gibt es nicht.
error-bad-redirect = Die Weiterleitungsadresse ist ungültig.
error-request = Die Anfrage konnte nicht bearbeitet werden: { $detail }
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
authorize-no-client = Die Anfrage gibt nicht an, welche Anwendung anfragt (client_id fehlt).
authorize-unknown-client = Die Anwendung, die Sie hierher geschickt hat, ist bei diesem Anmeldedienst nicht registriert.
authorize-no-redirect = Die Anwendung hat nicht angegeben, wohin Sie zurückgeleitet werden sollen (redirect_uri fehlt).
authorize-redirect-mismatch = Die Anwendung wollte Sie an eine Adresse zurückleiten, die sie nicht registriert hat (redirect_uri stimmt nicht überein). An sie wurde nichts gesendet.
logout-bad-hint = Die Abmeldeanfrage enthielt ein ID-Token, das dieser Dienst nicht ausgestellt hat. Sie wurden nicht abgemeldet.
logout-two-clients = Die Abmeldeanfrage nennt zwei verschiedene Anwendungen.
logout-no-client = Die Abmeldeanfrage möchte zu einer Anwendung zurückkehren, sagt aber nicht, zu welcher.
logout-not-registered = Die Anwendung wollte zu einer Adresse zurückkehren, die sie nicht registriert hat. Sie wurden nicht dorthin geleitet.
logout-unchecked = Die Abmeldeanfrage konnte nicht geprüft werden; versuchen Sie es erneut.
builtin-not-started = Diese Anmeldung wurde nicht hier begonnen oder ist abgelaufen. Öffnen Sie { $path } erneut.
builtin-not-completed = Die Anmeldung wurde nicht abgeschlossen: { $detail }
builtin-not-understood = Die Antwort der Anmeldung wurde nicht verstanden.
builtin-code-spent = Diese Anmeldung ist abgelaufen oder wurde bereits verwendet. Öffnen Sie { $path } erneut.

## Die Sprachauswahl
lang-form-expired = Das Formular war abgelaufen. Wählen Sie die Sprache bitte erneut.
lang-unknown = Diese Sprache ist nicht verfügbar.

## Admin console
# Die Seiten unter /admin. Die Administratoren werden gesiezt. Die admin-err-Schlüssel sind die
# Worte des Admin-Dienstes; die Admin-API und die CLI sagen sie immer auf Englisch (en.ftl).

# Um jede Seite
admin-layout-title = Administration
admin-layout-skip = Zum Inhalt springen
admin-layout-brand = Administration
admin-layout-sign-out = Abmelden
admin-layout-breadcrumb = Navigationspfad
admin-crumb-home = Administration
admin-nav-users = Benutzer
admin-nav-security = Sicherheit
admin-nav-branding = Erscheinungsbild
admin-nav-sso = Single Sign-on
admin-nav-audit = Audit-Protokoll
admin-nav-tenants = Firmen
admin-nav-clients = Anwendungen
admin-role-user = Benutzer
admin-role-user-admin = Benutzeradministrator
admin-role-tenant-admin = Firmenadministrator
admin-role-platform-admin = Plattformadministrator

# Worte vieler Seiten
admin-save = Speichern
admin-cancel = Abbrechen
admin-filter = Filtern
admin-next-page = Nächste Seite
admin-actions = Aktionen
admin-optional = (optional)
admin-one-per-line = (eine pro Zeile)
admin-field-username = Benutzername
admin-field-email = E-Mail-Adresse
admin-field-display-name = Anzeigename
admin-field-role = Rolle
admin-field-name = Name
admin-field-tenant-id = Firmen-ID

# Was eine Aktion bewirkt hat
admin-flash-confirmations = { $n ->
        [one] { $n } Bestätigungs-E-Mail gesendet.
       *[other] { $n } Bestätigungs-E-Mails gesendet.
    }
admin-flash-invited = Der Benutzer wurde angelegt und die Registrierungs-E-Mail gesendet.
admin-flash-created = Der Benutzer wurde angelegt.
admin-flash-saved = Gespeichert.
admin-flash-reset = Das Konto wurde zurückgesetzt: Passwort und zweite Faktoren sind gelöscht, eine neue Registrierungs-E-Mail ist gesendet.
admin-flash-invitation = Eine neue Registrierungs-E-Mail wurde gesendet; frühere Links gelten nicht mehr.
admin-flash-confirmation = Die Bestätigungs-E-Mail wurde gesendet.
admin-flash-unlock = Die Sperre des Kontos ist aufgehoben ({ $n } Zähler zurückgesetzt).
admin-flash-disable = Das Konto ist deaktiviert; seine Sitzungen und Tokens sind beendet.
admin-flash-enable = Das Konto ist wieder aktiviert.
admin-flash-delete = Der Benutzer wurde gelöscht.
admin-flash-security = Die Sicherheitseinstellungen wurden gespeichert.
admin-flash-tenant = Die Firma wurde angelegt. Laden Sie hier ihren ersten Administrator ein.
admin-flash-sso-off = Die Firma meldet sich wieder mit Passwörtern an; ihre Einstellungen zur Zwei-Faktor-Authentifizierung sind wieder wie zuvor.
admin-flash-branding = Das Erscheinungsbild wurde gespeichert; die Anmeldeseiten und E-Mails zeigen es jetzt.
admin-flash-client-disable = Die Anwendung ist deaktiviert: keine Anmeldung, keine Tokens, ihre Access-Tokens werden abgelehnt.
admin-flash-client-enable = Die Anwendung ist wieder aktiviert.
admin-flash-client-secret = Ein neues Client-Secret wurde erzeugt; das alte gilt nicht mehr.
admin-flash-sso = Die SSO-Verbindung ist gespeichert; die Firma meldet sich jetzt über ihren Identity Provider an.

# Fehlerseiten der Administration
admin-error-no-role = Ihr Konto hat keine Administrationsrolle. Wenden Sie sich an den Administrator Ihrer Firma, wenn Sie eine brauchen.
admin-error-form-expired = Dieses Formular ist abgelaufen. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
admin-error-form-unreadable = Das Formular war nicht lesbar: { $detail }.
admin-error-not-found = Hier gibt es nichts, oder Sie dürfen es nicht sehen.
admin-error-forbidden = Das dürfen Sie nicht: { $reason }.
admin-error-conflict = Bereits vorhanden: { $what }.
admin-error-no-session = Die Anmeldung hat keine Sitzung hinterlassen. Öffnen Sie /admin erneut.
admin-error-no-action = Diese Aktion gibt es nicht.

# Benutzer
admin-users-title = Benutzer
admin-users-resend = Bestätigungen erneut senden
admin-users-search = Suche
admin-users-search-placeholder = Benutzername oder E-Mail
admin-users-show = Anzeigen
admin-users-none = Keine passenden Benutzer.
admin-users-caption = Benutzer von { $tenant }
admin-users-col-email = E-Mail
admin-users-col-status = Status
admin-users-status-all = Alle Benutzer
admin-users-status-invited = Einladung offen
admin-users-status-invitation-expired = Einladung abgelaufen
admin-users-status-unconfirmed = E-Mail unbestätigt
admin-users-status-two-factor-on = Zwei-Faktor an
admin-users-status-two-factor-off = Zwei-Faktor aus
admin-users-status-locked = Gesperrt
admin-users-status-disabled = Deaktiviert
admin-badge-invited = Einladung offen
admin-badge-invitation-expired = Einladung abgelaufen
admin-badge-two-factor-on = 2FA an
admin-badge-two-factor-off = 2FA aus
admin-badge-locked = gesperrt
admin-badge-disabled = deaktiviert
admin-badge-unconfirmed = unbestätigt
admin-invite-title = Benutzer einladen
admin-invite-lead = Der Benutzer erhält eine Registrierungs-E-Mail mit einem Link, um ein Passwort festzulegen.
admin-invite-lead-sso = Die Benutzer dieser Firma melden sich über ihren Identity Provider an; es wird keine E-Mail gesendet.
admin-invite-create = Benutzer anlegen
admin-invite-send = Einladung senden
admin-invite-exists = Einen Benutzer mit diesem Namen gibt es bereits.
admin-user-details = Angaben
admin-user-email-help = Eine neue Adresse muss erneut bestätigt werden; die Bestätigungs-E-Mail geht sofort hinaus.
admin-action-invitation = Registrierungs-E-Mail erneut senden
admin-action-invitation-help = Ein neuer Link; frühere gelten nicht mehr.
admin-action-confirmation = Bestätigungs-E-Mail senden
admin-action-confirmation-help = An die hinterlegte Adresse.
admin-action-unlock = Sperre aufheben
admin-action-unlock-help = Setzt die fehlgeschlagenen Anmeldeversuche zurück.
admin-action-reset = Konto zurücksetzen
admin-action-reset-help = Bei verlorenem Gerät: löscht das Passwort und alle zweiten Faktoren.
admin-action-disable = Deaktivieren
admin-action-disable-help = Beendet sofort die Sitzungen und Tokens des Benutzers.
admin-action-enable = Aktivieren
admin-action-enable-help = Der Benutzer kann sich wieder anmelden.
admin-action-delete = Löschen
admin-action-delete-help = Entfernt den Benutzer endgültig.
admin-confirm-reset-title = Konto von { $username } zurücksetzen?
admin-confirm-reset-text = Das Passwort und alle zweiten Faktoren werden gelöscht, die Sitzungen des Benutzers enden, und eine neue Registrierungs-E-Mail wird gesendet. Nutzen Sie dies, wenn ein Benutzer sein Gerät verloren hat.
admin-confirm-reset-button = Konto zurücksetzen
admin-confirm-disable-title = { $username } deaktivieren?
admin-confirm-disable-text = Der Benutzer kann sich nicht mehr anmelden; seine Sitzungen und Refresh-Tokens enden sofort. Sie können das Konto später wieder aktivieren.
admin-confirm-disable-button = Konto deaktivieren
admin-confirm-delete-title = { $username } löschen?
admin-confirm-delete-text = Der Benutzer, seine zweiten Faktoren und Sitzungen werden endgültig entfernt. Das Audit-Protokoll behält seine Einträge.
admin-confirm-delete-button = Benutzer löschen

# Sicherheit
admin-security-title = Sicherheit
admin-security-lead-password = Anmeldung: Firmen-ID, Benutzername und Passwort.
admin-security-lead-sso = Anmeldung: über den Identity Provider der Firma (SSO); die lokale Zwei-Faktor-Authentifizierung ist aus.
admin-security-two-factor = Zwei-Faktor-Authentifizierung
admin-security-tf-off = Aus
admin-security-tf-off-help = Niemand wird nach einem zweiten Faktor gefragt.
admin-security-tf-optional = Optional
admin-security-tf-optional-help = Jeder Benutzer kann sie für sein Konto einschalten.
admin-security-tf-required = Pflicht
admin-security-tf-required-help = Jeder Benutzer muss bei seiner nächsten Anmeldung einen zweiten Faktor einrichten.
admin-security-methods = Erlaubte Methoden
admin-security-method-totp = Authenticator-App (TOTP)
admin-security-method-sms = Textnachricht (SMS)
admin-security-method-email = Code per E-Mail
admin-security-multiple = Benutzer dürfen mehrere Methoden behalten und bei der Anmeldung eine wählen
admin-security-threshold = Konto nach so vielen fehlgeschlagenen Versuchen sperren
admin-security-threshold-help = 3 bis 50. Ein Browser, mit dem sich der Benutzer schon angemeldet hat, hat ein eigenes Kontingent; Rateversuche von anderswo sperren seinen Besitzer also nicht aus.
admin-security-threshold-number = Geben Sie eine ganze Zahl von Fehlversuchen an, zum Beispiel 5.
admin-security-registration-ttl = Registrierungslink gültig für
admin-security-registration-ttl-help = Wie lange der Link in der Registrierungs-E-Mail funktioniert, zum Beispiel 24h oder 7d.
admin-security-reset-ttl = Link zum Zurücksetzen des Passworts gültig für
admin-security-reset-ttl-help = Zum Beispiel 24h.
admin-security-email-ttl = E-Mail-Code gültig für
admin-security-email-ttl-help = Zum Beispiel 90s.
admin-security-sms-ttl = SMS-Code gültig für
admin-security-sms-ttl-help = Zum Beispiel 5m.
admin-security-lockout-duration = Erste Sperre dauert
admin-security-lockout-duration-help = 1m bis 1h. Beim doppelten Schwellenwert dauert die Sperre fünfmal so lang, beim vierfachen fünfzehnmal.

# Audit-Protokoll
admin-audit-title = Audit-Protokoll
admin-audit-csv = Als CSV exportieren
admin-audit-type = Ereignistyp
admin-audit-since = Seit
admin-audit-since-invalid = Geben Sie eine Zeit wie 2026-12-01T00:00:00Z an.
admin-audit-none = Keine passenden Ereignisse.
admin-audit-col-when = Zeit ({ $zone })
admin-audit-col-event = Ereignis
admin-audit-col-user = Benutzer
admin-audit-col-by = Durch
admin-audit-col-detail = Details
admin-audit-older = Ältere Ereignisse
admin-audit-actor-user = Benutzer selbst
admin-audit-actor-cli = Kommandozeile
admin-audit-actor-admin = Administrator { $who }
admin-audit-actor-client = API-Client { $client }

# Firmen (Plattformadministratoren)
admin-tenants-title = Firmen
admin-tenants-col-login = Anmeldung
admin-tenants-col-two-factor = Zwei-Faktor
admin-tenants-login-password = Passwort
admin-tenants-login-sso = SSO
admin-tenants-sso-link = Single Sign-on
admin-tenants-new = Firma anlegen
admin-tenants-id-help = Was Benutzer bei der Anmeldung eingeben: Kleinbuchstaben, Ziffern und -.
admin-tenants-new-help = Sie beginnt mit Anmeldung per Passwort und optionaler Zwei-Faktor-Authentifizierung; ändern Sie das auf ihren Seiten „Sicherheit“ und „Single Sign-on“.
admin-tenants-create = Anlegen
admin-tenants-exists = Eine Firma mit dieser Firmen-ID gibt es bereits.

# Anwendungen (Plattformadministratoren)
admin-clients-title = Angebundene Anwendungen
admin-clients-registered = ist registriert.
admin-clients-secret-once = Das Client-Secret, nur dieses eine Mal angezeigt:
admin-clients-secret-store = Hinterlegen Sie es jetzt in der Konfiguration der Anwendung; es kann nicht erneut angezeigt werden.
admin-clients-field-id = Client-ID
admin-clients-field-id-help = Buchstaben, Ziffern und -; was die Anwendung als client_id sendet.
admin-clients-field-name-help = Wird auf der Anmeldeseite angezeigt.
admin-clients-field-redirect-uris = Redirect-URIs
admin-clients-field-redirect-uris-help = Durch Leerzeichen getrennt; https, oder http auf 127.0.0.1 für die Entwicklung.
admin-clients-field-scopes = Scopes
admin-clients-field-scopes-help = Durch Leerzeichen getrennt; leer: openid profile email offline_access.
admin-clients-field-tenant = Firma
admin-clients-field-tenant-help = Eine Firmen-ID, an die die Anwendung gebunden wird; leer: Benutzer aller Firmen.
admin-clients-grants = Grant-Typen
admin-clients-badge-admin = Admin-API
admin-clients-badge-public = öffentlich
admin-clients-any-tenant = alle
admin-clients-new = Anwendung registrieren
admin-clients-public = Ein öffentlicher Client (eine Browser- oder Mobil-App ohne Secret; PKCE)
admin-clients-register = Registrieren
admin-clients-exists = Eine Anwendung mit dieser Client-ID gibt es bereits.
admin-client-secret-new = Das neue Client-Secret, nur dieses eine Mal angezeigt:
admin-client-secret-store = Tragen Sie es jetzt in die Konfiguration der Anwendung ein; es kann nicht erneut angezeigt werden.
admin-client-kind = Art
admin-client-kind-public = öffentlich (kein Secret; PKCE)
admin-client-kind-confidential = vertraulich ({ $method })
admin-client-kind-admin = , darf die Admin-API aufrufen
admin-client-any-tenant = Benutzer aller Firmen
admin-client-edit = Bearbeiten
admin-client-post-logout-uris = Redirect-URIs nach der Abmeldung
admin-client-rotate = Client-Secret erneuern
admin-client-secret-help = Ein neues Secret, einmal angezeigt; das aktuelle gilt nicht mehr.
admin-client-enable-help = Anmeldungen und Tokens funktionieren wieder.
admin-client-disable-help = Keine Anmeldung, keine Tokens, ihre Access-Tokens werden abgelehnt.
admin-client-confirm-secret-title = Client-Secret erneuern?
admin-client-confirm-secret-text = Ein neues Secret wird erzeugt und einmal angezeigt. Das aktuelle gilt sofort nicht mehr (auf anderen Knoten binnen Sekunden): Die Anwendung erhält keine Tokens, bis ihre Konfiguration das neue enthält.
admin-client-confirm-secret-button = Secret erneuern
admin-client-confirm-disable-title = Anwendung deaktivieren?
admin-client-confirm-disable-text = Niemand kann sich bei ihr anmelden, sie erhält keine Tokens, und ihre Access-Tokens werden abgelehnt, bis sie wieder aktiviert wird. Die Freigaben ihrer Benutzer bleiben und gelten dann wieder.
admin-client-confirm-disable-button = Deaktivieren

# Erscheinungsbild
admin-branding-title = Erscheinungsbild
admin-branding-lead = So sehen die Benutzer von { $tenant } die Anmeldeseiten und E-Mails, sobald feststeht, dass sie zur Firma gehören (eine an die Firma gebundene Anwendung, ein Registrierungs- oder Zurücksetzungslink, der zweite Schritt einer Anmeldung, die Kontoseite).
admin-branding-logo-alt = Das aktuelle Logo von { $name }
admin-branding-logo = Logo
admin-branding-logo-note = (PNG oder SVG, höchstens 100 KB)
admin-branding-logo-help = Ein SVG darf nur Formen, Verläufe und Text enthalten: Skripte, Bilder, Links und Stylesheets werden abgelehnt. Leer: Das Logo bleibt, wie es ist.
admin-branding-remove-logo = Logo entfernen
admin-branding-accent = Akzentfarbe
admin-branding-accent-note = (#rrggbb; leer: das Standardblau)
admin-branding-accent-help = Schaltflächen tragen weiße Schrift darauf: Sie braucht einen Kontrast von mindestens 4,5:1 (WCAG AA), helle Farben werden daher abgelehnt.
admin-branding-too-large = Das Logo ist größer als 100 KB.

# Single Sign-on
admin-sso-lead-on = Die Benutzer von { $tenant } melden sich bei { $idp } mit ihrer geschäftlichen E-Mail-Adresse an:
admin-sso-lead-off = { $tenant } meldet sich jetzt mit Passwörtern an. Die Verbindung zu { $idp } bleibt erhalten: Speichern Sie das Formular unten, um wieder auf SSO umzustellen.
admin-sso-lead-none = Noch keine SSO-Verbindung: Die Benutzer melden sich mit Firmen-ID, Benutzername und Passwort an.
admin-sso-certs = Zertifikate
admin-sso-cert = Zertifikat
admin-sso-cert-valid-until = Gültig bis
admin-sso-cert-days = { $days ->
        [one] { $days } Tag
       *[other] { $days } Tage
    }
admin-sso-cert-idp = Signaturzertifikat des Identity Providers
admin-sso-cert-sp = Unser Signaturzertifikat
admin-sso-cert-next = Unser nächstes Zertifikat (veröffentlicht, noch nicht in Gebrauch)
admin-sso-cert-expires = { $what ->
        [idp] Das Signaturzertifikat des Identity Providers
        [sp] Unser Signaturzertifikat
       *[next] Unser nächstes Zertifikat
    } { $sha256 } läuft in { $days ->
        [one] { $days } Tag
       *[other] { $days } Tagen
    } ab.
admin-sso-cert-expired = { $what ->
        [idp] Das Signaturzertifikat des Identity Providers
        [sp] Unser Signaturzertifikat
       *[next] Unser nächstes Zertifikat
    } { $sha256 } ist abgelaufen.
admin-sso-test-heading = Verbindung testen
admin-sso-test-text = Öffnet den Identity Provider in einem neuen Fenster. Melden Sie sich dort an (etwa als Testbenutzer); die Antwort kommt hierher zurück und wird erklärt: was gesendet wurde, was zugeordnet würde und was zu beheben ist. Ein Test meldet niemanden an.
admin-sso-test-mfa = Den AuthnContext anfordern, den Anwendungen mit zweitem Faktor anfordern
admin-sso-test-button = Verbindung testen
admin-sso-metadata-heading = Unsere Service-Provider-Metadaten
admin-sso-metadata-text = Geben Sie diese an den Identity Provider der Firma (ADFS: Vertrauensstellung der vertrauenden Seite aus einer Datei hinzufügen; Entra ID: die Metadatendatei hochladen; Okta: die Einstellungen der SAML-App):
admin-sso-metadata-download = SP-Metadaten herunterladen
admin-sso-change = Verbindung ändern
admin-sso-connect = Identity Provider verbinden
admin-sso-save-help = Speichern stellt die Firma auf SSO um: Ihre Benutzer melden sich nicht mehr mit Passwörtern an, und die lokale Zwei-Faktor-Authentifizierung wird nicht mehr abgefragt (ihre Faktoren bleiben gespeichert).
admin-sso-metadata-url = Metadaten-URL
admin-sso-metadata-url-note = (https; alle 6 Stunden neu geladen)
admin-sso-metadata-file = oder die Metadatendatei
admin-sso-metadata-file-note = (ADFS: FederationMetadata.xml; Entra ID: Verbundmetadaten-XML; Okta: die IdP-Metadaten)
admin-sso-metadata-xml = oder der Inhalt der Metadatendatei, eingefügt
admin-sso-metadata-keep = (alle drei leer: Die aktuellen Metadaten bleiben)
admin-sso-domains = E-Mail-Domains
admin-sso-domains-note = eine pro Zeile;
admin-sso-domains-note-wildcard = mit ihren Subdomains
admin-sso-attr-email = Attribut für die E-Mail-Adresse
admin-sso-attr-username = Attribut für den Benutzernamen
admin-sso-attr-display-name = Attribut für den Anzeigenamen
admin-sso-attr-groups = Attribut für Gruppen
admin-sso-attr-stable-id = Attribut für den dauerhaften Kontoschlüssel
admin-sso-attr-note = (leer: die Vorgaben von ADFS und Entra ID)
admin-sso-jit = Benutzer bei ihrer ersten Anmeldung anlegen (Just-in-Time)
admin-sso-advanced = Erweitert
admin-sso-skew = Erlaubte Uhrzeitabweichung
admin-sso-skew-note = (in jede Richtung; höchstens 15m)
admin-sso-authn-context = AuthnContext-Klassen, die angefordert werden, wenn eine Anwendung einen zweiten Faktor verlangt
admin-sso-authn-context-note = (eine pro Zeile; leer: keine)
admin-sso-idp-initiated = Beim Identity Provider begonnene Anmeldungen landen auf
admin-sso-idp-initiated-note = (eine https-URL einer Anwendung; leer: abgelehnt)
admin-sso-encrypted = Der Identity Provider verschlüsselt Assertions (unsere Metadaten veröffentlichen dann ein Verschlüsselungszertifikat)
admin-sso-other-domains = E-Mail-Adressen außerhalb der obigen Domains annehmen (nie die einer anderen Firma)
admin-sso-save = Speichern und auf SSO umstellen
admin-sso-too-large = Die Metadaten sind größer als 2 MB, oder das Formular war nicht lesbar.
admin-sso-file-not-text = Die Metadatendatei ist kein UTF-8-Text: Laden Sie die XML-Datei hoch, die der Identity Provider veröffentlicht.
admin-sso-off-button = Zurück zu Passwörtern
admin-sso-off-title = { $tenant } wieder auf Passwörter umstellen?
admin-sso-off-text = Die Benutzer melden sich dann wieder mit Firmen-ID, Benutzername und Passwort an, und die Einstellungen zur Zwei-Faktor-Authentifizierung sind wieder wie zuvor. Über Single Sign-on angelegte Benutzer haben noch kein Passwort: Sie müssen von einem Administrator zurückgesetzt werden. Die Verbindung bleibt gespeichert; Sie können also wieder auf SSO umstellen.

# Der Bericht des Verbindungstests
admin-test-title = Verbindungstest
admin-test-lead = Niemand wurde angemeldet, und nichts wurde geändert: Dies zeigt nur, was der Identity Provider gesendet hat und was eine Anmeldung daraus machen würde.
admin-test-no-test = Diese Antwort gehört zu keinem Verbindungstest, der in diesem Browser gestartet wurde: Sie wurde bereits angezeigt, sie kam mehr als 10 Minuten nach dem Start des Tests, oder der Test wurde in einem anderen Browser gestartet. Starten Sie den Test erneut auf der Seite „Single Sign-on“.
admin-test-accepted = Der Identity Provider hat geantwortet, und seine Antwort besteht jede Prüfung.
admin-test-idp-said-no = Der Identity Provider hat mit einem Fehler geantwortet: { $words }
admin-test-refused-by = Die Antwort wurde von der Prüfung { $check } abgelehnt: Niemand könnte sich damit anmelden.
admin-test-refused = Die Antwort wurde abgelehnt.
admin-test-detail = Details:
admin-test-would-sign-in = Diese Antwort gehört zum Benutzer { $username }; eine Anmeldung ginge mit den Anforderungen der Anwendung weiter (ihre Firma, ein zweiter Faktor, eine frische Anmeldung).
admin-test-would-create = Noch passt kein Konto: Eine Anmeldung würde den Benutzer { $username } anlegen (Just-in-Time) und dann mit den Anforderungen der Anwendung weitergehen.
admin-test-would-refuse = Eine Anmeldung mit dieser Antwort würde abgelehnt ({ $code }): { $reason }
admin-test-refusal-no-email = Die Assertion enthält keine brauchbare E-Mail-Adresse.
admin-test-refusal-domain-not-claimed = Die E-Mail-Adresse liegt in einer Domain, die diese Verbindung nicht beansprucht.
admin-test-refusal-other-tenants-domain = Die E-Mail-Adresse liegt in einer Domain, die eine andere Firma beansprucht.
admin-test-refusal-no-account = Kein Konto passt, und das Anlegen per Just-in-Time ist aus.
admin-test-refusal-disabled = Das passende Konto ist deaktiviert.
admin-test-refusal-username-taken = Der Benutzername, den ein Just-in-Time-Konto bekäme, ist vergeben oder ungültig.
admin-test-refusal-other = Siehe die Hinweise unten.
admin-test-hints = Was zu prüfen ist
admin-test-says = Was die Assertion sagt
admin-test-not-verified = (wie gesendet gelesen, nicht geprüft)
admin-test-sealed = Die Assertion ist verschlüsselt. Ihr Inhalt wird erst gezeigt, wenn die Antwort jede Prüfung besteht; nichts unten stammt also aus ihr.
admin-test-skew = Uhrzeitabweichung
admin-test-skew-none = keine: in dieser Sekunde ausgestellt
admin-test-skew-before = { $seconds ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    } vor dem Eintreffen ausgestellt (erlaubt: { $allowed ->
        [one] { $allowed } Sekunde
       *[other] { $allowed } Sekunden
    } in jede Richtung)
admin-test-skew-future = nach unserer Uhr { $seconds ->
        [one] { $seconds } Sekunde
       *[other] { $seconds } Sekunden
    } in der Zukunft ausgestellt (erlaubt: { $allowed ->
        [one] { $allowed } Sekunde
       *[other] { $allowed } Sekunden
    } in jede Richtung)
admin-test-skew-unknown = unbekannt (kein IssueInstant)
admin-test-none = (keine)
admin-test-name-id-format = NameID-Format
admin-test-unspecified = (nicht angegeben)
admin-test-mfa = Zweiter Faktor beim Identity Provider
admin-test-yes = ja
admin-test-not-said = nicht angegeben
admin-test-attributes = Attribute
admin-test-attributes-none = Keine.
admin-test-values = Werte
admin-test-mapping = Was eine Anmeldung zuordnen würde
admin-test-user-field = Benutzerfeld
admin-test-value = Wert
admin-test-from = Aus
admin-test-field-stable-id = Dauerhafter Kontoschlüssel
admin-test-field-email = E-Mail
admin-test-nothing = (nichts)
admin-test-decoded = Die Antwort, dekodiert
admin-test-not-xml = Der gesendete Wert ist kein lesbares XML-Dokument.
admin-test-signed-verified = markiert den Teil, den eine Signatur abdeckt (geprüft).
admin-test-signed-claimed = markiert den Teil, den eine Signatur abdeckt (laut Dokument; nicht geprüft).
admin-test-response-label = Die SAML-Antwort
admin-test-cut = Das Dokument ist länger; nur seine ersten 2.000 Zeilen werden gezeigt.
admin-test-decrypted = Die verschlüsselte Assertion, geöffnet
admin-test-decrypted-label = Die entschlüsselte Assertion
admin-test-back = Zurück zur Seite „Single Sign-on“
admin-hint-entra-authn-context-title = Entra ID: AADSTS75011, Authentifizierungsmethode passt nicht
admin-hint-entra-authn-context = Entra ID hat den Benutzer nicht so angemeldet, wie die Anfrage es verlangte (ihr RequestedAuthnContext). Entra nimmt nur Klassen an, die es kennt, und keine MFA-Klasse: Entfernen Sie die Klasse aus dem angeforderten AuthnContext dieser Verbindung, oder nennen Sie die, mit der sich Ihre Benutzer anmelden (zum Beispiel PasswordProtectedTransport). Entra meldet MFA stattdessen im Claim authnmethodsreferences.
admin-hint-entra-not-assigned-title = Entra ID: AADSTS50105, Benutzer nicht zugewiesen
admin-hint-entra-not-assigned = Der angemeldete Benutzer ist der Unternehmensanwendung nicht zugewiesen. Öffnen Sie in Entra ID „Unternehmensanwendungen“, diese Anwendung, „Benutzer und Gruppen“, und weisen Sie den Benutzer oder eine seiner Gruppen zu (oder setzen Sie „Zuweisung erforderlich?“ auf Nein).
admin-hint-unsigned-title = Die Antwort ist nicht signiert
admin-hint-unsigned = Weder die Response noch die Assertion trägt eine Signatur; nichts darin ist also vertrauenswürdig. ADFS signiert die Assertion, sofern nicht anders eingestellt; schalten Sie in Okta die Signatur der Response oder der Assertion ein; in Entra ID muss die SAML-Signaturoption die Assertion oder die Response signieren.
admin-hint-certificate-title = Mit einem Zertifikat signiert, das nicht in den Metadaten steht
admin-hint-certificate = Die Signatur nennt das Zertifikat { $subject } (SHA-256 { $sha256 }, gültig bis { $not_after }), das die Metadaten hier nicht enthalten. Der Identity Provider hat wahrscheinlich auf ein neues Zertifikat gewechselt: Laden Sie seine aktuellen Metadaten erneut, oder geben Sie seine Metadaten-URL an, die alle 6 Stunden neu geladen wird.
admin-hint-signature-title = Die Signatur ist ungültig
admin-hint-signature = Die Signatur lässt sich mit den Zertifikaten der Metadaten nicht prüfen: Das Dokument wurde nach dem Signieren verändert (etwa von einem Proxy), oder es wurde mit einem hier nicht akzeptierten Algorithmus signiert (SHA-1).
admin-hint-signature-adfs = ADFS signiert standardmäßig nur die Assertion; damit es auch die Response signiert, führen Sie { $command } aus.
admin-hint-decryption-title = Die verschlüsselte Assertion ließ sich nicht öffnen
admin-hint-decryption = Die verschlüsselte Assertion ließ sich mit dem Schlüssel dieser Firma nicht öffnen, oder sie trägt, geöffnet, keine gültige eigene Signatur. Der Identity Provider muss an das Zertifikat in unseren aktuellen SP-Metadaten verschlüsseln (laden Sie sie nach einem Schlüsselwechsel erneut herunter) und die Assertion selbst signieren, nicht nur die Response.
admin-hint-decryption-adfs = In ADFS: { $command }.
admin-hint-wrong-identifier-title = Falscher Bezeichner der vertrauenden Seite
admin-hint-wrong-identifier = Die Assertion ist für { $found } bestimmt, nicht für diesen Service Provider. Der Bezeichner der vertrauenden Seite (ADFS), der Bezeichner (Entitäts-ID) (Entra ID) oder die Audience URI (Okta) muss genau { $expected } lauten.
admin-hint-another-audience = eine andere Zielgruppe
admin-hint-wrong-issuer-title = Von einem anderen Identity Provider ausgestellt
admin-hint-wrong-issuer = Die Antwort kommt von { $found }, die Metadaten hier sind aber die von { $expected }. Die Metadaten gehören zu einem anderen Identity Provider oder einer anderen Umgebung (etwa einem Testmandanten): Laden Sie die Metadaten dessen, der antwortet.
admin-hint-unnamed-issuer = einem unbenannten Aussteller
admin-hint-wrong-acs-title = An eine andere Adresse gesendet
admin-hint-wrong-acs = Die Antwort war an { $found } adressiert, unser Assertion Consumer Service ist aber { $expected }. Setzen Sie die Antwort-URL (Entra ID), den SAML-Assertion-Consumer-Endpunkt (ADFS) oder die Single-Sign-on-URL (Okta) genau darauf.
admin-hint-another-address = eine andere Adresse
admin-hint-clock-skew-title = Die Uhren gehen unterschiedlich
admin-hint-clock-behind = Die Uhr des Identity Providers geht { $seconds } Sekunden nach; { $allowed } Sekunden in jede Richtung sind erlaubt. Lassen Sie beide Server ihre Zeit per NTP stellen.
admin-hint-clock-ahead = Die Uhr des Identity Providers geht { $seconds } Sekunden vor; { $allowed } Sekunden in jede Richtung sind erlaubt. Lassen Sie beide Server ihre Zeit per NTP stellen.
admin-hint-expired-title = Die Assertion war abgelaufen
admin-hint-expired = Die Lebensdauer der Assertion war beim Eintreffen vorbei: Der Umweg dauerte zu lange, oder eine alte Antwort wurde erneut gesendet. Wiederholen Sie den Test; passiert es jedes Mal, ist die Lebensdauer der Assertions beim Identity Provider zu kurz oder seine Uhr falsch.
admin-hint-no-email-title = Keine E-Mail-Adresse
admin-hint-no-email = Die Assertion enthält keine brauchbare E-Mail-Adresse, und Benutzer werden über sie gefunden. Gesendete Attribute: { $names }. Fügen Sie einen E-Mail-Claim hinzu (ADFS: eine Regel, die E-Mail-Adressen als http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress sendet; Entra ID: user.mail; Okta: ein Attribute Statement), oder nennen Sie das Attribut, das sie enthält, unter „Attribut für die E-Mail-Adresse“.
admin-hint-none = keine
admin-hint-domain-not-claimed-title = E-Mail-Domain nicht beansprucht
admin-hint-domain-not-claimed = Die E-Mail-Adresse liegt in { $domain }, die diese Verbindung nicht beansprucht ({ $claimed }). Fügen Sie die Domain unter „E-Mail-Domains“ hinzu, oder korrigieren Sie die Adresse des Benutzers beim Identity Provider.
admin-hint-transient-title = Kein dauerhafter Kontoschlüssel
admin-hint-transient = Die NameID ist transient, und kein dauerhaftes Attribut (wie Entras objectidentifier) ist zugeordnet: Das Konto wird bei jeder Anmeldung über seine E-Mail-Adresse gefunden und ginge bei einer geänderten Adresse verloren. Senden Sie eine persistente NameID, oder nennen Sie das Attribut für den dauerhaften Kontoschlüssel.
admin-hint-no-account-title = Kein Konto für diesen Benutzer
admin-hint-no-account = Hier gibt es kein Konto für diesen Benutzer, und das Anlegen per Just-in-Time ist aus: Laden Sie den Benutzer zuerst ein, oder schalten Sie „Benutzer bei ihrer ersten Anmeldung anlegen“ ein.
admin-hint-note-title = Hinweis

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
