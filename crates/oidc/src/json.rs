//! JSON objects written field by field, for the two documents on the token endpoint's hot
//! path: an access token's claims and the token response. Their strings (tokens, IDs, URLs,
//! scopes) almost never need an escape, and serde_json's escaping walks every byte of a
//! 500-byte token one at a time. Here a string without `"`, `\` or a control character
//! (U+0000 to U+001F; DEL and the C1 range are copied raw, as serde_json does) is copied
//! whole, and any other string is escaped by serde_json itself, so the output is byte for
//! byte what `serde_json::to_vec` gives for the same struct (the tests of each document
//! compare the two).

/// A JSON object being written into `out`; [`Object::end`] closes it.
pub(crate) struct Object<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Object<'a> {
    #[must_use = "an object is closed only by `end()`"]
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Object { out, first: true }
    }

    /// `name` is one of our field names: plain ASCII, written as it is.
    fn key(&mut self, name: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    pub fn str(&mut self, name: &str, value: &str) -> &mut Self {
        self.key(name);
        push_str(self.out, value);
        self
    }

    pub fn opt_str(&mut self, name: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.str(name, v);
        }
        self
    }

    pub fn int(&mut self, name: &str, value: i64) -> &mut Self {
        self.key(name);
        // Writing an integer into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *self.out, &value);
        self
    }

    pub fn opt_int(&mut self, name: &str, value: Option<i64>) -> &mut Self {
        if let Some(v) = value {
            self.int(name, v);
        }
        self
    }

    pub fn strs(&mut self, name: &str, values: &[String]) -> &mut Self {
        self.key(name);
        self.out.push(b'[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            push_str(self.out, v);
        }
        self.out.push(b']');
        self
    }

    /// Closes the object; call it once, last.
    pub fn end(&mut self) {
        self.out.push(b'}');
    }
}

/// `s` as a JSON string.
fn push_str(out: &mut Vec<u8>, s: &str) {
    // No early exit, so that the compiler checks 16 or 32 bytes at a time.
    let plain = !s
        .bytes()
        .fold(false, |e, b| e | (b < 0x20) | (b == b'"') | (b == b'\\'));
    if plain {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_out_as_serde_json_writes_them() {
        for s in [
            "",
            "plain",
            "https://idp.example/t?a=b&c=d",
            "quote \" backslash \\ slash /",
            "tab\tnewline\nnul\u{0}bell\u{7}del\u{7f}",
            "Grüße, 東京, 🔑",
            "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln-_~",
        ] {
            let mut out = Vec::new();
            push_str(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn an_object_is_valid_json() {
        let mut out = Vec::new();
        Object::new(&mut out)
            .str("a", "x\"y")
            .opt_str("b", None)
            .int("c", -5)
            .opt_int("d", Some(7))
            .strs("e", &["p".into(), "q\n".into()])
            .strs("f", &[])
            .end();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": "x\"y", "c": -5, "d": 7, "e": ["p", "q\n"], "f": []})
        );
        let mut empty = Vec::new();
        Object::new(&mut empty).end();
        assert_eq!(empty, b"{}");
    }
}
