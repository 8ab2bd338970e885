//! `multipart/form-data` (RFC 7578) for the console's two file uploads (a logo, an IdP's
//! metadata), read whole within a limit, after the administrator is known. Strict: one
//! boundary from the Content-Type, `Content-Disposition: form-data; name=...` on every part,
//! nothing after the closing delimiter that matters, no nested multiparts.

use axum::extract::Request;
use axum::http::header;

/// One part: its field name, the file name if it is a file, its type, its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

/// The parts of a form, by name.
#[derive(Debug, Default)]
pub struct Form(pub Vec<Part>);

impl Form {
    pub fn part(&self, name: &str) -> Option<&Part> {
        self.0.iter().find(|p| p.name == name)
    }

    /// A text field's value (UTF-8, else absent).
    pub fn text(&self, name: &str) -> Option<&str> {
        self.part(name)
            .and_then(|p| std::str::from_utf8(&p.data).ok())
    }

    /// A file field that carries a file (browsers send an empty part for "no file chosen").
    pub fn file(&self, name: &str) -> Option<&Part> {
        self.part(name).filter(|p| !p.data.is_empty())
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum MultipartError {
    TooLarge,
    /// Not multipart/form-data, or malformed: what was wrong.
    Bad(&'static str),
}

fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty() && b.len() <= 70)
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| &hay[i..i + needle.len()] == needle)
}

/// A `name="value"` parameter of a Content-Disposition header.
fn param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Splits a body into its parts.
pub fn parse(content_type: &str, body: &[u8]) -> Result<Form, MultipartError> {
    let b = boundary(content_type).ok_or(MultipartError::Bad("not multipart/form-data"))?;
    let delimiter = format!("--{b}");
    let next = format!("\r\n--{b}");
    let mut at = find(body, delimiter.as_bytes(), 0).ok_or(MultipartError::Bad("no boundary"))?
        + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(Form(parts));
        }
        if !body[at..].starts_with(b"\r\n") {
            return Err(MultipartError::Bad(
                "a boundary not followed by a line break",
            ));
        }
        at += 2;
        let head_end =
            find(body, b"\r\n\r\n", at).ok_or(MultipartError::Bad("a part without headers"))?;
        let head = std::str::from_utf8(&body[at..head_end])
            .map_err(|_| MultipartError::Bad("part headers that are not UTF-8"))?;
        let (mut name, mut filename, mut content_type) = (None, None, None);
        for line in head.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                return Err(MultipartError::Bad("a malformed part header"));
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                if !v.trim().to_ascii_lowercase().starts_with("form-data") {
                    return Err(MultipartError::Bad("a part that is not form-data"));
                }
                name = param(v, "name");
                filename = param(v, "filename");
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_ascii_lowercase());
            }
        }
        let name = name.ok_or(MultipartError::Bad("a part without a name"))?;
        let data_start = head_end + 4;
        let data_end = find(body, next.as_bytes(), data_start)
            .ok_or(MultipartError::Bad("an unterminated part"))?;
        parts.push(Part {
            name,
            filename,
            content_type,
            data: body[data_start..data_end].to_vec(),
        });
        if parts.len() > 32 {
            return Err(MultipartError::Bad("too many parts"));
        }
        at = data_end + next.len();
    }
}

/// Reads a `multipart/form-data` request body of at most `limit` bytes.
pub async fn read(req: Request, limit: usize) -> Result<Form, MultipartError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let bytes = axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| MultipartError::TooLarge)?;
    parse(&content_type, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/form-data; boundary=----WebKitFormBoundaryx7";

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut b = Vec::new();
        for (name, file, data) in parts {
            b.extend_from_slice(b"------WebKitFormBoundaryx7\r\n");
            match file {
                Some(f) => b.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
                ),
                None => b.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            b.extend_from_slice(data);
            b.extend_from_slice(b"\r\n");
        }
        b.extend_from_slice(b"------WebKitFormBoundaryx7--\r\n");
        b
    }

    #[test]
    fn reads_fields_and_files_as_browsers_send_them() {
        let png = b"\x89PNG\r\n\x1a\n\r\n--not-a-boundary";
        let f = parse(
            CT,
            &body(&[
                ("csrf", None, b"tok"),
                ("logo", Some("a.png"), png),
                ("empty", Some(""), b""),
            ]),
        )
        .unwrap();
        assert_eq!(f.text("csrf"), Some("tok"));
        let logo = f.file("logo").unwrap();
        assert_eq!(logo.data, png);
        assert_eq!(logo.content_type.as_deref(), Some("image/png"));
        assert_eq!(logo.filename.as_deref(), Some("a.png"));
        assert!(f.file("empty").is_none(), "no file chosen");
    }

    #[test]
    fn refuses_what_is_not_a_form() {
        assert_eq!(
            parse("application/json", b"{}").unwrap_err(),
            MultipartError::Bad("not multipart/form-data")
        );
        assert!(parse(CT, b"garbage").is_err());
        let mut cut = body(&[("csrf", None, b"tok")]);
        cut.truncate(60);
        assert!(parse(CT, &cut).is_err());
        let nameless = b"------WebKitFormBoundaryx7\r\nContent-Disposition: form-data\r\n\r\nx\r\n------WebKitFormBoundaryx7--";
        assert!(parse(CT, nameless).is_err());
    }
}
