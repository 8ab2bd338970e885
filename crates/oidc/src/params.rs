//! Request parameters as RFC 6749 §3.1 and §3.2 define them: a parameter sent without a value
//! is treated as omitted, and no parameter may appear more than once.

use crate::OAuthError;

/// Decoded parameters, sorted by name: a request has a handful, so a binary search beats
/// hashing them.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Builds the set from decoded pairs, refusing repeated parameters.
    pub fn from_pairs(mut pairs: Vec<(String, String)>) -> Result<Params, OAuthError> {
        pairs.retain(|(_, v)| !v.is_empty());
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some(w) = pairs.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(OAuthError::invalid_request(format!(
                "parameter {} is repeated (RFC 6749 section 3.1)",
                w[0].0
            )));
        }
        Ok(Params(pairs))
    }

    /// Parses an `application/x-www-form-urlencoded` string (query or body).
    pub fn parse(encoded: &str) -> Result<Params, OAuthError> {
        let pairs = form_urlencoded::parse(encoded.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Self::from_pairs(pairs)
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(name, _)| name.as_str().cmp(k))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }

    pub fn require(&self, k: &str) -> Result<&str, OAuthError> {
        self.get(k)
            .ok_or_else(|| OAuthError::invalid_request(format!("parameter {k} is missing")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_parameters_are_refused_and_empty_ones_ignored() {
        assert!(Params::parse("a=1&a=2").is_err());
        let p = Params::parse("a=1&b=&c=x%20y").unwrap();
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.get("b"), None);
        assert_eq!(p.get("c"), Some("x y"));
        assert_eq!(p.get("d"), None);
        assert!(Params::parse("a=&a=1").is_ok(), "an empty one is no repeat");
        let many: String = (0..200).map(|i| format!("p{i}=v{i}&")).collect();
        let p = Params::parse(&many).unwrap();
        assert_eq!(p.get("p0"), Some("v0"));
        assert_eq!(p.get("p199"), Some("v199"));
        assert!(Params::parse(&format!("{many}p17=again")).is_err());
    }
}
