//! Rules for new passwords: at least 12 characters, at most 256, the two entries equal, and a
//! zxcvbn score of at least 3 ("safely unguessable"). zxcvbn's dictionaries ship with the code
//! and hold the most common breached passwords, names and words, and the user's own company
//! ID, user name and address count as known words too.

/// Fewest characters a new password may have.
pub const MIN_LEN: usize = 12;
/// Most characters (hashing cost stays bounded).
pub const MAX_LEN: usize = 256;

/// `Ok` or the words to show next to the password field.
pub fn check(password: &str, confirm: &str, known: &[&str]) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(format!(
            "Choose a password of at least {MIN_LEN} characters; a few unrelated words make a good one."
        ));
    }
    if n > MAX_LEN {
        return Err(format!(
            "Choose a password of at most {MAX_LEN} characters."
        ));
    }
    if password != confirm {
        return Err("The two passwords are not the same. Type the same password twice.".into());
    }
    let entropy = zxcvbn::zxcvbn(password, known);
    if (entropy.score() as u8) < 3 {
        let mut msg = String::from("This password is too easy to guess.");
        if let Some(fb) = entropy.feedback() {
            if let Some(w) = fb.warning() {
                msg.push(' ');
                msg.push_str(&w.to_string());
            }
            if let Some(s) = fb.suggestions().first() {
                msg.push(' ');
                msg.push_str(&s.to_string());
            }
        }
        return Err(msg);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(check("short", "short", &[]).unwrap_err().contains("12"));
        let long = "x".repeat(257);
        assert!(check(&long, &long, &[]).unwrap_err().contains("256"));
        assert!(check("plum kettle orbit 42", "plum kettle orbit 43", &[])
            .unwrap_err()
            .contains("not the same"));
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
