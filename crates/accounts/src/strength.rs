//! Rules for new passwords: at least 12 characters, at most 256, the two entries equal, and a
//! zxcvbn score of at least 3 ("safely unguessable"). zxcvbn's dictionaries ship with the code
//! and hold the most common breached passwords, names and words, and the user's own company
//! ID, user name and address count as known words too.

use idp_i18n::Msg;
use zxcvbn::feedback::{Suggestion, Warning};

/// Fewest characters a new password may have.
pub const MIN_LEN: usize = 12;
/// Most characters (hashing cost stays bounded).
pub const MAX_LEN: usize = 256;

/// `Ok` or the words to show next to the password field.
pub fn check(password: &str, confirm: &str, known: &[&str]) -> Result<(), Msg> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(Msg::new("password-too-short").with("min", MIN_LEN as u64));
    }
    if n > MAX_LEN {
        return Err(Msg::new("password-too-long").with("max", MAX_LEN as u64));
    }
    if password != confirm {
        return Err(Msg::new("password-mismatch"));
    }
    let entropy = zxcvbn::zxcvbn(password, known);
    if (entropy.score() as u8) < 3 {
        let fb = entropy.feedback();
        let warning = fb.and_then(|f| f.warning()).map(warning_key);
        let suggestion = fb
            .and_then(|f| f.suggestions().first().copied())
            .map(suggestion_key);
        return Err(match (warning, suggestion) {
            (Some(w), Some(s)) => Msg::new("password-weak-hints")
                .with("warning", Msg::new(w))
                .with("suggestion", Msg::new(s)),
            (Some(h), None) | (None, Some(h)) => {
                Msg::new("password-weak-hint").with("hint", Msg::new(h))
            }
            (None, None) => Msg::new("password-weak"),
        });
    }
    Ok(())
}

/// The catalogue key of zxcvbn's warning (its own words are English only).
fn warning_key(w: Warning) -> &'static str {
    match w {
        Warning::StraightRowsOfKeysAreEasyToGuess => {
            "password-hint-straight-rows-of-keys-are-easy-to-guess"
        }
        Warning::ShortKeyboardPatternsAreEasyToGuess => {
            "password-hint-short-keyboard-patterns-are-easy-to-guess"
        }
        Warning::RepeatsLikeAaaAreEasyToGuess => "password-hint-repeats-like-aaa-are-easy-to-guess",
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "password-hint-repeats-like-abc-abc-are-only-slightly-harder-to-guess"
        }
        Warning::ThisIsATop10Password => "password-hint-this-is-a-top10-password",
        Warning::ThisIsATop100Password => "password-hint-this-is-a-top100-password",
        Warning::ThisIsACommonPassword => "password-hint-this-is-a-common-password",
        Warning::ThisIsSimilarToACommonlyUsedPassword => {
            "password-hint-this-is-similar-to-a-commonly-used-password"
        }
        Warning::SequencesLikeAbcAreEasyToGuess => {
            "password-hint-sequences-like-abc-are-easy-to-guess"
        }
        Warning::RecentYearsAreEasyToGuess => "password-hint-recent-years-are-easy-to-guess",
        Warning::AWordByItselfIsEasyToGuess => "password-hint-a-word-by-itself-is-easy-to-guess",
        Warning::DatesAreOftenEasyToGuess => "password-hint-dates-are-often-easy-to-guess",
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => {
            "password-hint-names-and-surnames-by-themselves-are-easy-to-guess"
        }
        Warning::CommonNamesAndSurnamesAreEasyToGuess => {
            "password-hint-common-names-and-surnames-are-easy-to-guess"
        }
    }
}

fn suggestion_key(s: Suggestion) -> &'static str {
    match s {
        Suggestion::UseAFewWordsAvoidCommonPhrases => {
            "password-hint-use-a-few-words-avoid-common-phrases"
        }
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => {
            "password-hint-no-need-for-symbols-digits-or-uppercase-letters"
        }
        Suggestion::AddAnotherWordOrTwo => "password-hint-add-another-word-or-two",
        Suggestion::CapitalizationDoesntHelpVeryMuch => {
            "password-hint-capitalization-doesnt-help-very-much"
        }
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => {
            "password-hint-all-uppercase-is-almost-as-easy-to-guess-as-all-lowercase"
        }
        Suggestion::ReversedWordsArentMuchHarderToGuess => {
            "password-hint-reversed-words-arent-much-harder-to-guess"
        }
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => {
            "password-hint-predictable-substitutions-dont-help-very-much"
        }
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => {
            "password-hint-use-a-longer-keyboard-pattern-with-more-turns"
        }
        Suggestion::AvoidRepeatedWordsAndCharacters => {
            "password-hint-avoid-repeated-words-and-characters"
        }
        Suggestion::AvoidSequences => "password-hint-avoid-sequences",
        Suggestion::AvoidRecentYears => "password-hint-avoid-recent-years",
        Suggestion::AvoidYearsThatAreAssociatedWithYou => {
            "password-hint-avoid-years-that-are-associated-with-you"
        }
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => {
            "password-hint-avoid-dates-and-years-that-are-associated-with-you"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let en = |r: Result<(), Msg>| idp_i18n::Tr::default().msg(&r.unwrap_err());
        assert!(en(check("short", "short", &[])).contains("12"));
        let long = "x".repeat(257);
        assert!(en(check(&long, &long, &[])).contains("256"));
        assert!(
            en(check("plum kettle orbit 42", "plum kettle orbit 43", &[])).contains("not the same")
        );
        let weak = en(check("password1234", "password1234", &[]));
        assert!(
            weak.starts_with("This password is too easy to guess. "),
            "{weak}"
        );
        // Common breached passwords, however long.
        for weak in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "iloveyou1234",
        ] {
            assert!(check(weak, weak, &[]).is_err(), "{weak}");
        }
        // The user's own name does not make a password.
        assert!(check("alicealice12", "alicealice12", &["alice", "acme"]).is_err());
        assert!(check("acmeacmeacme", "acmeacmeacme", &["alice", "acme"]).is_err());
        assert!(check("plum kettle orbit 42", "plum kettle orbit 42", &["alice"]).is_ok());
    }
}
