//! The form of refresh tokens: `{grant}~{secret}~{tag}`.
//!
//! A grant holds one live refresh token at a time (each exchange rotates it), and storage
//! keeps only the digest of its secret, on the grant's row: the code exchange and each
//! refresh are one write. Because the token names its grant, presenting a token spent
//! earlier is recognised as a reuse and revokes the grant, with no row kept per spent token.
//! The tag (HMAC under a key of the master key, over grant and secret) means that only a
//! token this provider issued can name a grant: knowing a grant's ID (access tokens carry it
//! as `gid`) is not enough to revoke it.
//!
//! Tokens issued before tokens named their grant are a bare secret (43 characters); they are
//! still found by their digest until they expire.

use crate::crypto::Secrets;
use crate::storage::{RefreshIssue, RefreshRef};
use idp_domain::secret::digest;
use idp_domain::{Secret, UnixTime};

/// A refresh token about to be issued: its secret, and the digest storage keeps.
pub(crate) struct NewRefresh {
    secret: Secret,
    digest: String,
    issued_at: UnixTime,
    expires_at: UnixTime,
}

impl NewRefresh {
    pub(crate) fn generate(issued_at: UnixTime, expires_at: UnixTime) -> Option<Self> {
        let secret = Secret::generate().ok()?;
        Some(NewRefresh {
            digest: secret.digest(),
            secret,
            issued_at,
            expires_at,
        })
    }

    pub(crate) fn issue(&self) -> RefreshIssue<'_> {
        RefreshIssue {
            digest: &self.digest,
            issued_at: self.issued_at,
            expires_at: self.expires_at,
        }
    }

    /// The token handed to the client, once storage has said which grant holds it.
    pub(crate) fn token(&self, secrets: &Secrets, grant: &str) -> String {
        let secret = self.secret.expose();
        format!("{grant}~{secret}~{}", secrets.refresh_tag(grant, secret))
    }
}

/// A presented refresh token whose form is right: ours, or a bare secret of an earlier
/// version. `None` for anything else, which no lookup could find.
pub(crate) struct Presented {
    grant: Option<String>,
    digest: String,
}

impl Presented {
    pub(crate) fn parse(secrets: &Secrets, token: &str) -> Option<Self> {
        let mut parts = token.split('~');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(grant), Some(secret), Some(tag), None)
                if (1..=64).contains(&grant.len())
                    && secrets.refresh_tag_valid(grant, secret, tag) =>
            {
                Some(Presented {
                    grant: Some(grant.to_owned()),
                    digest: digest(secret),
                })
            }
            (Some(bare), None, _, _) if bare.len() == 43 && bare.bytes().all(base64url) => {
                Some(Presented {
                    grant: None,
                    digest: digest(bare),
                })
            }
            _ => None,
        }
    }

    pub(crate) fn find(&self) -> RefreshRef<'_> {
        RefreshRef {
            grant: self.grant.as_deref(),
            digest: &self.digest,
        }
    }
}

fn base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::test_secrets as secrets;

    #[test]
    fn a_token_names_its_grant_only_with_our_tag() {
        let s = secrets();
        let new = NewRefresh::generate(1, 2).unwrap();
        let token = new.token(&s, "grant-1");
        let found = Presented::parse(&s, &token).expect("our own token");
        assert_eq!(found.find().grant, Some("grant-1"));
        assert_eq!(found.find().digest, new.issue().digest);
        assert!(
            !token.contains('.'),
            "not mistaken for a JWT by introspection"
        );

        // Another grant's ID with the same secret and tag, another deployment's tag, a
        // flipped character, extra parts: none names a grant.
        let secret = token.split('~').nth(1).unwrap();
        let tag = token.split('~').nth(2).unwrap();
        let flipped = if tag.ends_with('A') { 'B' } else { 'A' };
        let forged = [
            format!("grant-2~{secret}~{tag}"),
            new.token(&secrets(), "grant-1"),
            format!("grant-1~{secret}~{}{flipped}", &tag[..tag.len() - 1]),
            format!("{token}~x"),
            format!("~{secret}~{tag}"),
        ];
        for f in forged {
            assert!(Presented::parse(&s, &f).is_none(), "{f}");
        }
    }

    #[test]
    fn bare_secrets_of_earlier_versions_are_found_by_digest() {
        let s = secrets();
        let old = Secret::generate().unwrap();
        let found = Presented::parse(&s, old.expose()).expect("a bare secret");
        assert_eq!(found.find().grant, None);
        assert_eq!(found.find().digest, old.digest());
        for garbage in [
            "",
            "short",
            &"a".repeat(44),
            &format!("{}!", &"a".repeat(42)),
        ] {
            assert!(Presented::parse(&s, garbage).is_none(), "{garbage}");
        }
    }
}
