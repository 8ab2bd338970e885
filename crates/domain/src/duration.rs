//! Durations as operators write them: a positive number followed by `s`, `m`, `h` or `d`.

use crate::DomainError;
use idp_i18n::Msg;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A positive duration in whole seconds, written `90s`, `5m`, `24h` or `7d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ttl(u32);

impl Ttl {
    pub const fn from_secs(secs: u32) -> Self {
        Ttl(secs)
    }
    pub const fn secs(self) -> i64 {
        self.0 as i64
    }
}

impl FromStr for Ttl {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DomainError::new("duration", Msg::new("domain-duration-bad").with("value", s));
        let s_trim = s.trim();
        let unit = s_trim.chars().last().ok_or_else(err)?;
        let mult: u64 = match unit {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(err()),
        };
        let digits = &s_trim[..s_trim.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let n: u64 = digits.parse().map_err(|_| err())?;
        let total = n.checked_mul(mult).ok_or_else(err)?;
        if total == 0 {
            return Err(err());
        }
        // Nothing the product configures needs more than ten years.
        if total > 10 * 365 * 86_400 {
            return Err(DomainError::new(
                "duration",
                Msg::new("domain-duration-too-long").with("value", s),
            ));
        }
        Ok(Ttl(total as u32))
    }
}

impl fmt::Display for Ttl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        if s.is_multiple_of(86_400) {
            write!(f, "{}d", s / 86_400)
        } else if s.is_multiple_of(3600) {
            write!(f, "{}h", s / 3600)
        } else if s.is_multiple_of(60) {
            write!(f, "{}m", s / 60)
        } else {
            write!(f, "{s}s")
        }
    }
}

impl Serialize for Ttl {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Ttl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!("3s".parse::<Ttl>().unwrap().secs(), 3);
        assert_eq!("90s".parse::<Ttl>().unwrap().secs(), 90);
        assert_eq!("5m".parse::<Ttl>().unwrap().secs(), 300);
        assert_eq!("24h".parse::<Ttl>().unwrap().secs(), 86_400);
        assert_eq!("7d".parse::<Ttl>().unwrap().secs(), 604_800);
    }

    #[test]
    fn refuses_bad_forms() {
        for bad in [
            "",
            "0s",
            "-5m",
            "5",
            "m",
            "5 m",
            "1.5h",
            "5w",
            "99999999999d",
        ] {
            assert!(bad.parse::<Ttl>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn displays_in_the_largest_whole_unit() {
        assert_eq!(Ttl::from_secs(90).to_string(), "90s");
        assert_eq!(Ttl::from_secs(300).to_string(), "5m");
        assert_eq!(Ttl::from_secs(86_400).to_string(), "1d");
    }
}
