//! Decrypting an `EncryptedAssertion` (XML Encryption 1.1) with the tenant's SP keys.
//!
//! Accepted: the content key transported with RSA-OAEP (`rsa-oaep-mgf1p`, or XML Enc 1.1
//! `rsa-oaep` with a SHA-1/SHA-2 digest and MGF1), the content encrypted with AES-128/256 in
//! GCM or CBC. RSA PKCS#1 v1.5 key transport is refused (Bleichenbacher). Every failure is the
//! same refusal to the browser, whatever its cause, so that nothing here answers as an oracle;
//! the decrypted assertion then needs a valid signature of its own (see [`crate::response`]).

use crate::precheck::{Check, Refused, NS_DSIG, NS_XENC};
use crate::xml::{child, is};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Padding;
use openssl::symm::Cipher;
use roxmltree::Node;

const RSA_OAEP_MGF1P: &str = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
const RSA_OAEP_11: &str = "http://www.w3.org/2009/xmlenc11#rsa-oaep";
const NS_XENC11: &str = "http://www.w3.org/2009/xmlenc11#";

fn refused<T>(detail: impl Into<String>) -> Result<T, Refused> {
    Err(Refused {
        check: Check::Decryption,
        detail: detail.into(),
    })
}

fn cipher_value(n: Node<'_, '_>) -> Result<Vec<u8>, Refused> {
    let Some(v) = child(n, NS_XENC, "CipherData").and_then(|d| child(d, NS_XENC, "CipherValue"))
    else {
        return refused("no CipherData/CipherValue");
    };
    let text: String = v
        .text()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    STANDARD
        .decode(text.as_bytes())
        .or_else(|_| refused("a CipherValue that is not base64"))
}

fn algorithm<'a, 'i>(n: Node<'a, 'i>) -> Result<(&'a str, Node<'a, 'i>), Refused> {
    let Some(m) = child(n, NS_XENC, "EncryptionMethod") else {
        return refused("no EncryptionMethod");
    };
    Ok((m.attribute("Algorithm").unwrap_or_default(), m))
}

fn digest_of(uri: &str) -> Option<MessageDigest> {
    match uri {
        "" | "http://www.w3.org/2000/09/xmldsig#sha1" => Some(MessageDigest::sha1()),
        "http://www.w3.org/2001/04/xmlenc#sha256" => Some(MessageDigest::sha256()),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => Some(MessageDigest::sha384()),
        "http://www.w3.org/2001/04/xmlenc#sha512" => Some(MessageDigest::sha512()),
        _ => None,
    }
}

fn mgf_of(uri: &str) -> Option<MessageDigest> {
    match uri {
        "" | "http://www.w3.org/2009/xmlenc11#mgf1sha1" => Some(MessageDigest::sha1()),
        "http://www.w3.org/2009/xmlenc11#mgf1sha256" => Some(MessageDigest::sha256()),
        "http://www.w3.org/2009/xmlenc11#mgf1sha384" => Some(MessageDigest::sha384()),
        "http://www.w3.org/2009/xmlenc11#mgf1sha512" => Some(MessageDigest::sha512()),
        _ => None,
    }
}

/// The content key from one `EncryptedKey`, with the first of `keys` that opens it.
fn content_key(ek: Node<'_, '_>, keys: &[PKey<Private>]) -> Result<Vec<u8>, Refused> {
    let (alg, method) = algorithm(ek)?;
    let digest_uri = child(method, NS_DSIG, "DigestMethod")
        .and_then(|d| d.attribute("Algorithm"))
        .unwrap_or_default();
    let mgf_uri = child(method, NS_XENC11, "MGF")
        .and_then(|d| d.attribute("Algorithm"))
        .unwrap_or_default();
    if child(method, NS_XENC, "OAEPparams").is_some() {
        return refused("OAEP parameters");
    }
    let (md, mgf) = match alg {
        RSA_OAEP_MGF1P => (digest_of(digest_uri), Some(MessageDigest::sha1())),
        RSA_OAEP_11 => (digest_of(digest_uri), mgf_of(mgf_uri)),
        other => return refused(format!("key transport {other:?}")),
    };
    let (Some(md), Some(mgf)) = (md, mgf) else {
        return refused("an OAEP digest outside SHA-1/SHA-2");
    };
    let wrapped = cipher_value(ek)?;
    for key in keys {
        if let Ok(k) = oaep_decrypt(key, md, mgf, &wrapped) {
            return Ok(k);
        }
    }
    refused("no SP key opens the content key")
}

fn oaep_decrypt(
    key: &PKey<Private>,
    md: MessageDigest,
    mgf: MessageDigest,
    wrapped: &[u8],
) -> Result<Vec<u8>, openssl::error::ErrorStack> {
    let mut d = openssl::encrypt::Decrypter::new(key)?;
    d.set_rsa_padding(Padding::PKCS1_OAEP)?;
    d.set_rsa_oaep_md(md)?;
    d.set_rsa_mgf1_md(mgf)?;
    let mut out = vec![0; d.decrypt_len(wrapped)?];
    let n = d.decrypt(wrapped, &mut out)?;
    out.truncate(n);
    Ok(out)
}

enum Mode {
    Cbc(Cipher),
    Gcm(Cipher),
}

fn content_cipher(uri: &str) -> Option<(Mode, usize)> {
    Some(match uri {
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc" => (Mode::Cbc(Cipher::aes_128_cbc()), 16),
        "http://www.w3.org/2001/04/xmlenc#aes256-cbc" => (Mode::Cbc(Cipher::aes_256_cbc()), 32),
        "http://www.w3.org/2009/xmlenc11#aes128-gcm" => (Mode::Gcm(Cipher::aes_128_gcm()), 16),
        "http://www.w3.org/2009/xmlenc11#aes256-gcm" => (Mode::Gcm(Cipher::aes_256_gcm()), 32),
        _ => return None,
    })
}

fn decrypt_content(mode: &Mode, key: &[u8], data: &[u8]) -> Result<Vec<u8>, Refused> {
    match mode {
        Mode::Cbc(cipher) => {
            if data.len() < 32 || !data.len().is_multiple_of(16) {
                return refused("a CBC ciphertext of the wrong length");
            }
            let (iv, body) = data.split_at(16);
            let mut c =
                openssl::symm::Crypter::new(*cipher, openssl::symm::Mode::Decrypt, key, Some(iv))
                    .or_else(|_| refused("the content key"))?;
            // XML Encryption pads as ISO 10126 (only the last byte is defined): unpad here.
            c.pad(false);
            let mut out = vec![0; body.len() + 16];
            let mut n = c.update(body, &mut out).or_else(|_| refused("CBC"))?;
            n += c.finalize(&mut out[n..]).or_else(|_| refused("CBC"))?;
            out.truncate(n);
            let pad = usize::from(*out.last().unwrap_or(&0));
            if pad == 0 || pad > 16 || pad > out.len() {
                return refused("CBC padding");
            }
            out.truncate(out.len() - pad);
            Ok(out)
        }
        Mode::Gcm(cipher) => {
            if data.len() < 12 + 16 {
                return refused("a GCM ciphertext too short");
            }
            let (iv, rest) = data.split_at(12);
            let (body, tag) = rest.split_at(rest.len() - 16);
            openssl::symm::decrypt_aead(*cipher, key, Some(iv), &[], body, tag)
                .or_else(|_| refused("GCM authentication"))
        }
    }
}

/// The plaintext of the `EncryptedAssertion` element `ea` (already pre-checked: one
/// `EncryptedData`, then any sibling `EncryptedKey`s), as UTF-8.
pub fn decrypt_assertion(ea: Node<'_, '_>, keys: &[PKey<Private>]) -> Result<String, Refused> {
    let Some(data) = child(ea, NS_XENC, "EncryptedData") else {
        return refused("no EncryptedData");
    };
    if data
        .attribute("Type")
        .is_some_and(|t| t != "http://www.w3.org/2001/04/xmlenc#Element")
    {
        return refused("EncryptedData that is not an element");
    }
    let (alg, _) = algorithm(data)?;
    let Some((mode, key_len)) = content_cipher(alg) else {
        return refused(format!("content encryption {alg:?}"));
    };
    // The content key: inside the data's KeyInfo (ADFS, pysaml2), or beside the data (the
    // RetrievalMethod shape).
    let inside = child(data, NS_DSIG, "KeyInfo")
        .into_iter()
        .flat_map(|ki| ki.children().filter(|c| is(*c, NS_XENC, "EncryptedKey")));
    let beside = ea.children().filter(|c| is(*c, NS_XENC, "EncryptedKey"));
    let mut last = None;
    for ek in inside.chain(beside) {
        match content_key(ek, keys) {
            Ok(k) if k.len() == key_len => {
                let plain = decrypt_content(&mode, &k, &cipher_value(data)?)?;
                return String::from_utf8(plain).or_else(|_| refused("not UTF-8"));
            }
            Ok(_) => last = Some("a content key of the wrong length".to_owned()),
            Err(e) => last = Some(e.detail),
        }
    }
    refused(last.unwrap_or_else(|| "no EncryptedKey".into()))
}
