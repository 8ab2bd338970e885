//! One-time codes sent by SMS or e-mail: six digits, drawn uniformly, typed with or without
//! spaces. Storing them (as keyed hashes) and sending them is the caller's job.

/// Digits in a code.
pub const DIGITS: usize = 6;
/// Wrong guesses one code survives; the next wrong guess voids it.
pub const MAX_ATTEMPTS: i64 = 5;
/// Wrong codes in one sign-in before it must start again from the password.
pub const MAX_FAILURES_PER_SIGN_IN: i64 = 5;
/// Minimum seconds between two codes sent to the same user by the same method.
pub const RESEND_AFTER: i64 = 30;

/// Seconds to wait before a new code may be sent, if any: only while the last code is still
/// alive (unexpired, not voided by [`MAX_ATTEMPTS`] wrong guesses), and never longer than that
/// code's validity, so a short-lived code never leaves the user waiting with none that works.
pub fn resend_wait(sent_at: i64, expires_at: i64, attempts: i64, now: i64) -> Option<i64> {
    if expires_at <= now || attempts >= MAX_ATTEMPTS {
        return None;
    }
    let interval = RESEND_AFTER.min(expires_at - sent_at);
    Some(sent_at + interval - now).filter(|wait| *wait > 0)
}

/// A code from 8 random bytes. The modulo bias over 2^64 is below 10^-13.
pub fn from_random(random: [u8; 8]) -> String {
    format!("{:06}", u64::from_le_bytes(random) % 1_000_000)
}

/// The digits of what the user typed, if it looks like a code: spaces and dashes (as
/// authenticator apps display them) are dropped.
pub fn normalize(input: &str) -> Option<String> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (digits.len() == DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(from_random([0; 8]), "000000");
        assert_eq!(from_random([255; 8]).len(), 6);
        assert_eq!(normalize(" 123 456 "), Some("123456".into()));
        assert_eq!(normalize("123-456"), Some("123456".into()));
        assert_eq!(normalize("12345"), None);
        assert_eq!(normalize("12345a"), None);
        assert_eq!(normalize("１２３４５６"), None);
    }

    #[test]
    fn a_dead_code_never_holds_a_new_one_back() {
        // A live 90 s code sent 10 s ago: wait 20 s more.
        assert_eq!(resend_wait(100, 190, 0, 110), Some(20));
        assert_eq!(resend_wait(100, 190, 0, 130), None);
        // A 3 s code: the interval is its validity, and once dead nothing holds.
        assert_eq!(resend_wait(100, 103, 0, 101), Some(2));
        assert_eq!(resend_wait(100, 103, 0, 105), None);
        // Voided by wrong guesses: resend at once.
        assert_eq!(resend_wait(100, 190, MAX_ATTEMPTS, 101), None);
    }
}
