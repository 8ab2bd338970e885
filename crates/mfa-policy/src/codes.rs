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
}
