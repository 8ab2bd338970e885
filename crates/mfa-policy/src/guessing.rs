//! Rule 11 of mfa-policy.md: failures are counted per account and per client address; past a
//! threshold further attempts are refused for a while (the lock grows with the count), and the
//! lock is audited. A count starts over only after [`WINDOW`] seconds without a failure, so a
//! persistent guesser stays at the longest lock.

/// What a counter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// One account (company ID + user name), whatever address the attempts come from.
    Account,
    /// One client address, whatever accounts it tries (spraying). IPv6 addresses count by
    /// their /64, the block one subscriber gets.
    Address,
    /// One account tried from one browser that signed in to it before (OWASP's device
    /// cookie): its owner is not locked out by guesses from elsewhere.
    Device,
}

/// Seconds without a failure after which a count starts over (with the default policy).
pub const WINDOW: i64 = 60 * 60;

/// The window for a tenant whose first lock lasts `first` seconds: longer than its longest
/// lock (fifteen times the first) with room to spare, so that sitting a lock out never
/// starts the count over.
pub fn window_for(first: i64) -> i64 {
    WINDOW.max(first * 16)
}

/// The escalating locks of a counter with the default account policy: `(failures,
/// seconds)`, the highest threshold first.
pub fn steps(subject: Subject) -> [(i64, i64); 3] {
    match subject {
        // 5 wrong passwords: a minute; 10: five minutes; 20 and more: fifteen. A browser that
        // signed in to the account before (its device cookie) has a budget of its own, the same.
        Subject::Account | Subject::Device => account_steps(5, 60),
        // An address gets more room (offices share one), then the same escalation.
        Subject::Address => [(100, 900), (50, 300), (30, 60)],
    }
}

/// A tenant's account locks: `threshold` failures lock for `first` seconds, twice as many
/// for five times as long, four times as many for fifteen times as long.
pub fn account_steps(threshold: i64, first: i64) -> [(i64, i64); 3] {
    [
        (threshold * 4, first * 15),
        (threshold * 2, first * 5),
        (threshold, first),
    ]
}

/// The bounds a tenant's lockout settings stay within: a threshold so low that a typo locks
/// people out, or so high that guessing pays, is refused; so is a lock under a minute or
/// over an hour.
pub const THRESHOLD_RANGE: std::ops::RangeInclusive<u32> = 3..=50;
pub const FIRST_LOCK_RANGE: std::ops::RangeInclusive<i64> = 60..=3600;

/// How long to refuse attempts after `failures` failures in the window, if at all.
pub fn lockout(subject: Subject, failures: i64) -> Option<i64> {
    steps(subject)
        .iter()
        .find(|(n, _)| failures >= *n)
        .map(|(_, secs)| *secs)
}

/// How many checks (passwords or codes) of one account one node runs at once; more wait
/// their turn (briefly, then are refused) before any reservation or hashing, so a burst
/// meets the lock its first attempts wrote instead of racing it.
pub const MAX_IN_FLIGHT: usize = 2;

/// The longest typed user name and company ID kept in counters and the audit log.
pub const MAX_TYPED_USERNAME: usize = 256;
pub const MAX_TYPED_TENANT: usize = 64;

/// The words shown while a lock lasts.
pub fn locked_message(seconds_left: i64) -> idp_i18n::Msg {
    let minutes = (seconds_left + 59) / 60;
    idp_i18n::Msg::new("refusal-locked").with("minutes", minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenants_policy_escalates_and_never_starts_over_during_a_lock() {
        assert_eq!(account_steps(5, 60), steps(Subject::Account));
        assert_eq!(account_steps(3, 300), [(12, 4500), (6, 1500), (3, 300)]);
        assert_eq!(window_for(60), WINDOW);
        for first in [60, 240, 720, 3600] {
            let longest = account_steps(3, first)[0].1;
            assert!(window_for(first) > longest, "{first}");
        }
    }

    #[test]
    fn thresholds() {
        assert_eq!(lockout(Subject::Account, 4), None);
        assert_eq!(lockout(Subject::Account, 5), Some(60));
        assert_eq!(lockout(Subject::Account, 12), Some(300));
        assert_eq!(lockout(Subject::Account, 500), Some(900));
        assert_eq!(lockout(Subject::Address, 29), None);
        assert_eq!(lockout(Subject::Address, 30), Some(60));
        let en = idp_i18n::Tr::default();
        assert_eq!(en.msg(&locked_message(61)), "Too many failed attempts. For your security, sign-in is paused: try again in 2 minutes.");
        assert_eq!(en.msg(&locked_message(60)), "Too many failed attempts. For your security, sign-in is paused: try again in 1 minute.");
    }

    /// Guesses one attacker gets on one account in `seconds`, guessing as fast as the locks
    /// allow.
    fn guesses_in(seconds: i64) -> i64 {
        let mut now = 0i64;
        let mut guesses = 0i64;
        let (mut failures, mut last_failure, mut locked_until) = (0i64, 0i64, 0i64);
        while now < seconds {
            if now < locked_until {
                now = locked_until;
                continue;
            }
            if now - last_failure >= WINDOW {
                failures = 0;
            }
            guesses += 1;
            failures += 1;
            last_failure = now;
            if let Some(secs) = lockout(Subject::Account, failures) {
                locked_until = now + secs;
            }
            now += 1;
        }
        guesses
    }

    /// An attacker on one account gets about a hundred guesses a day: past 20 failures every
    /// further one locks for 15 minutes, and the count never rests long enough to start over.
    #[test]
    fn guesses_per_day_on_one_account_are_bounded() {
        let guesses = guesses_in(86_400);
        assert!(guesses <= 120, "{guesses} guesses a day");
    }

    /// Brute-forcing a 6-digit code: wrong codes count on the same account counter as wrong
    /// passwords (and each sign-in allows only 5 codes, then needs the password again). A TOTP
    /// guess matches two codes (this step and the previous); an SMS or e-mail code is one of a
    /// million. Even a year of guessing at the fastest pace the locks allow stays far below a
    /// meaningful chance.
    #[test]
    fn six_digit_code_brute_force_is_cut_off() {
        let per_day = guesses_in(86_400) as f64;
        let p_day = 1.0 - (1.0 - 2.0 / 1e6_f64).powf(per_day);
        assert!(p_day < 3e-4, "chance per day {p_day}");
        let p_year = 1.0 - (1.0 - 2.0 / 1e6_f64).powf(per_day * 365.0);
        assert!(p_year < 0.1, "chance per year {p_year}");
    }
}
