//! Request parameters as RFC 6749 §3.1 and §3.2 define them: a parameter sent without a value
//! is treated as omitted, and no parameter may appear more than once.

use crate::OAuthError;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct Params(HashMap<String, String>);

impl Params {
    /// Builds the map from decoded pairs, refusing repeated parameters.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Result<Params, OAuthError> {
        let mut map = HashMap::with_capacity(pairs.len());
        for (k, v) in pairs {
            if v.is_empty() {
                continue;
            }
            if map.contains_key(&k) {
                return Err(OAuthError::invalid_request(format!(
                    "parameter {k} is repeated (RFC 6749 section 3.1)"
                )));
            }
            map.insert(k, v);
        }
        Ok(Params(map))
    }

    /// Parses an `application/x-www-form-urlencoded` string (query or body).
    pub fn parse(encoded: &str) -> Result<Params, OAuthError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(encoded).map_err(|_| {
            OAuthError::invalid_request("the parameters are not valid form encoding")
        })?;
        Self::from_pairs(pairs)
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str)
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
    }
}
