#!/usr/bin/env python3
"""Write the SAML response fixtures of crates/federation's response validator.

usage: python3 tests/support/make_saml_fixtures.py

Starts tests/support/saml_idp.py (a pysaml2 IdP; certificates valid for 3650 days), gives it the
metadata of a fixed SP (a fresh RSA-2048 key), mints every signed/encrypted original in one run,
derives the attack documents from those originals by editing their text (no signature is ever
computed here; where an attack needs the digest of edited content, xmlsec1 computes it with the
SP's throwaway key and only the DigestValue is kept), checks each document with xmlsec1 and writes
everything to crates/federation/src/response/fixtures/ (which it empties first):

  idp_cert.der, sp_cert.der, sp_key.pk8 (PKCS#8 DER), manifest.json, <case>.xml

manifest.json: idp_entity_id, sp_entity_id, acs, in_response_to, now (unix seconds: the earliest
IssueInstant + 5) and cases: name, file, accept, signature_still_verifies, what, plus what xmlsec1
said (xmlsec1: one entry per ds:Signature, verified one at a time with --node-xpath, after
xmlsec1 --decrypt with the SP key if there is an EncryptedAssertion) and how long it took.

signature_still_verifies: true if xmlsec1 verifies at least one ds:Signature of the document with
the IdP certificate (ID attributes of samlp:Response and saml:Assertion registered), false if
there are signatures and none verifies, null if the document has no signature at all. For the
signature-wrapping and comment cases the script insists on true (otherwise they are no attack).

Needs python3 (stdlib only here; pysaml2 for saml_idp.py), openssl and xmlsec1 (1.2.x).
"""
import base64
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IDP_SCRIPT = os.path.join(HERE, "saml_idp.py")
OUT = os.path.join(ROOT, "crates", "federation", "src", "response", "fixtures")

IDP_ENTITY_ID = "https://idp.corp.example/saml"
SP_ENTITY_ID = "https://idp.test/saml/acme"
ACS = "https://idp.test/saml/acme/acs"
REQUEST_ID = "_req-fixture-1"

DS = "http://www.w3.org/2000/09/xmldsig#"
RESPONSE_NS = "urn:oasis:names:tc:SAML:2.0:protocol"
ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion"
EMAIL_ATTR = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
NAME_ATTR = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
XSLT = "http://www.w3.org/TR/1999/REC-xslt-19991116"

ANN, EVE = "ann@corp.example", "eve@corp.example"
ANN_NAME, EVE_NAME = "Ann Example", "Eve Example"
LONG = "ann@corp.example.evil.example"  # what the comment/PI cases are really signed for
EVIL_RESPONSE_ID = "_evil_response_ID"  # SAMLRaider's names for the attacker's copies
EVIL_ASSERTION_ID = "_evil_assertion_ID"

XMLSEC = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
VERIFY_IDS = ["--id-attr:ID", f"{RESPONSE_NS}:Response", "--id-attr:ID", f"{ASSERTION_NS}:Assertion"]


def die(msg):
    sys.exit(f"make_saml_fixtures: {msg}")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


# ---------------------------------------------------------------------------- text surgery
#
# The IdP's output is regular (ElementTree/xmlsec1 serialization: no '>' inside attribute values,
# fixed prefixes samlp/saml/ds/xsi), so elements are located by their start and end tags.


def spans(xml, qname):
    """(start, end) of every element named qname (prefix:local), in document order (nested too)."""
    tag = re.compile(r"<(/?)" + re.escape(qname) + r"(?=[\s/>])[^>]*>")
    out, stack = [], []
    for m in tag.finditer(xml):
        if m.group(1):
            start = stack.pop()
            out.append((start, m.end()))
        elif m.group(0).endswith("/>"):
            out.append((m.start(), m.end()))
        else:
            stack.append(m.start())
    if stack:
        raise ValueError(f"unbalanced <{qname}>")
    return sorted(out)


def span(xml, qname, n=0):
    found = spans(xml, qname)
    if len(found) <= n:
        raise ValueError(f"no <{qname}> number {n}")
    return found[n]


def element(xml, qname, n=0):
    a, b = span(xml, qname, n)
    return xml[a:b]


def replace_span(xml, sp, new):
    return xml[:sp[0]] + new + xml[sp[1]:]


def start_tag_end(el):
    return el.index(">") + 1


def end_tag_start(el):
    return el.rindex("</")


def insert_after_start(el, child):
    i = start_tag_end(el)
    return el[:i] + child + el[i:]


def append_child(el, child):
    i = end_tag_start(el)
    return el[:i] + child + el[i:]


def insert_after(xml, qname, new, n=0):
    """new right after the n-th <qname> element."""
    _, b = span(xml, qname, n)
    return xml[:b] + new + xml[b:]


def without(xml, qname, n=0):
    return replace_span(xml, span(xml, qname, n), "")


def set_id(el, new_id):
    """The element with the ID attribute of its own start tag replaced."""
    i = start_tag_end(el)
    head, n = re.subn(r'(\sID=")[^"]*(")', r"\g<1>" + new_id + r"\2", el[:i], count=1)
    if n != 1:
        raise ValueError("no ID attribute in " + el[:i])
    return head + el[i:]


def get_id(el):
    return re.search(r'\sID="([^"]*)"', el[:start_tag_end(el)]).group(1)


def add_attr(el, attr):
    i = start_tag_end(el) - 1
    if el[i - 1] == "/":
        i -= 1
    return el[:i] + " " + attr + el[i:]


def make_evil(text):
    """The attacker's content: Eve instead of Ann in the NameID and the attribute values."""
    if ANN not in text:
        raise ValueError("nothing to make evil")
    return text.replace(ANN, EVE).replace(ANN_NAME, EVE_NAME)


def split_decl(xml):
    m = re.match(r"<\?xml[^>]*\?>\s*", xml)
    return (m.group(0), xml[m.end():]) if m else ("", xml)


def root_ns_decls(xml):
    _, body = split_decl(xml)
    head = body[:start_tag_end(body)]
    return dict(re.findall(r'\s(xmlns(?::[\w.-]+)?)="([^"]*)"', head))


def transplant(el, src_xml, dst_xml):
    """el (taken from src_xml) with the namespace declarations it inherited there and does not
    inherit in dst_xml's root written on its own start tag."""
    src, dst = root_ns_decls(src_xml), root_ns_decls(dst_xml)
    own = root_ns_decls(el)
    for name, uri in src.items():
        if dst.get(name) != uri and name not in own:
            el = add_attr(el, f'{name}="{uri}"')
    return el


def sig_xpath(k):
    return f"(//*[local-name()='Signature' and namespace-uri()='{DS}'])[{k + 1}]"


def count_signatures(xml):
    return len(spans(xml, "ds:Signature")) if "ds:Signature" in xml else len(
        re.findall(r"<(?:[\w.-]+:)?Signature[\s>]", xml))


# ---------------------------------------------------------------------------- xmlsec1


class Xmlsec:
    def __init__(self, tmp, idp_cert_der, sp_key_pem):
        self.tmp = tmp
        self.idp_cert = idp_cert_der
        self.sp_key = sp_key_pem
        self.n = 0
        self.env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}

    def _file(self, text, stem):
        self.n += 1
        path = os.path.join(self.tmp, f"{self.n:03d}-{stem}.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def _run(self, args, timeout=120):
        t = time.monotonic()
        try:
            p = subprocess.run([XMLSEC] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=timeout, env=self.env)
            rc, out = p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            rc, out = None, f"timed out after {timeout} s"
        return rc, out, time.monotonic() - t

    @staticmethod
    def summary(rc, out):
        """OK, or FAIL plus xmlsec1's first real complaint (the self-signed KeyInfo certificate
        notices are noise: xmlsec1 then falls back to the key it was given)."""
        if rc == 0 and re.search(r"^OK$", out, re.M):
            return "OK"
        if rc is None:
            return "FAIL: " + out
        for line in out.splitlines():
            if not line.strip() or "msg=self-signed certificate" in line or "(id already defined)" in line:
                continue  # notices xmlsec1 carries on after
            m = re.match(r"func=(\w+):file=[^:]*:line=\d+:obj=([^:]*):subj=([^:]*):error=\d+:(.*)", line)
            if m:
                func, obj, subj, rest = m.groups()
                where = "/".join(x for x in (obj, subj) if x and x != "unknown")
                return f"FAIL: {func}{' (' + where + ')' if where else ''}: {rest.strip()}"
            if line.strip() not in ("FAIL", "ERROR"):
                return "FAIL: " + line.strip()
        return "FAIL"

    def decrypt(self, xml, stem):
        src = self._file(xml, stem + "-enc")
        dst = src[:-4] + "-dec.xml"
        rc, out, secs = self._run(["--decrypt", "--privkey-pem", self.sp_key, "--output", dst, src])
        if rc != 0:
            return None, self.summary(rc, out), secs
        with open(dst, encoding="utf-8") as f:
            return f.read(), "OK", secs

    def verify(self, xml, stem):
        """{signatures: [...], seconds, decrypted?}: each ds:Signature verified on its own."""
        report = {"seconds": 0.0}
        if "EncryptedAssertion" in xml:
            dec, said, secs = self.decrypt(xml, stem)
            report["seconds"] += secs
            report["decrypt"] = said
            if dec is None:
                report["signatures"] = []
                return report
            xml = dec
        n = count_signatures(xml)
        path = self._file(xml, stem)
        sigs = []
        for k in range(n):
            args = ["--verify", "--pubkey-cert-der", self.idp_cert] + VERIFY_IDS
            if n > 1:
                args += ["--node-xpath", sig_xpath(k)]
            rc, out, secs = self._run(args + [path])
            report["seconds"] += secs
            sigs.append({"signature": k + 1, "ok": rc == 0, "xmlsec1": self.summary(rc, out)})
        report["signatures"] = sigs
        return report

    def digest_of(self, xml, k, stem):
        """The DigestValue xmlsec1 computes for the Reference of the k-th ds:Signature of xml as
        it stands (signing a copy with the SP's key; only the digest is used)."""
        sp = span(xml, "ds:Signature", k)
        sig = xml[sp[0]:sp[1]]
        sig = re.sub(r"(<ds:SignatureValue>)[^<]*(</ds:SignatureValue>)", r"\1\2", sig)
        sig = without(sig, "ds:KeyInfo") if "<ds:KeyInfo" in sig else sig
        path = self._file(replace_span(xml, sp, sig), stem + "-digest")
        out_path = path[:-4] + "-signed.xml"
        rc, out, _ = self._run(["--sign", "--privkey-pem", self.sp_key] + VERIFY_IDS
                               + ["--node-xpath", sig_xpath(k), "--output", out_path, path])
        if rc != 0:
            die(f"xmlsec1 could not compute a digest for {stem}:\n{out}")
        with open(out_path, encoding="utf-8") as f:
            signed = f.read()
        return re.search(r"<ds:DigestValue>([^<]*)<", element(signed, "ds:Signature", k)).group(1)


# ---------------------------------------------------------------------------- the IdP


class IdPProcess:
    def __init__(self, tmp):
        self.proc = subprocess.Popen(
            [sys.executable, IDP_SCRIPT, "--port", "0", "--signing-keys", "1", "--cert-days", "3650",
             "--entity-id", IDP_ENTITY_ID],
            stdout=subprocess.PIPE, stderr=open(os.path.join(tmp, "idp.log"), "wb"), text=True,
        )
        self.log = os.path.join(tmp, "idp.log")
        line = [None]

        def read():
            line[0] = self.proc.stdout.readline()

        t = threading.Thread(target=read, daemon=True)
        t.start()
        t.join(60)
        if not line[0] or not line[0].startswith("READY "):
            self.close()
            with open(self.log, errors="replace") as f:
                die("the IdP did not start:\n" + f.read())
        self.base = line[0].split()[1]

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def http(self, method, path, body=None, ctype="application/json"):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", ctype)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            die(f"IdP {method} {path}: {e.code}\n{e.read().decode('utf-8', 'replace')}")

    def mint(self, **behaviour):
        body = {"in_response_to": REQUEST_ID, "sp_entity_id": SP_ENTITY_ID, "acs": ACS, **behaviour}
        return json.loads(self.http("POST", "/mint", body))["xml"]


# ---------------------------------------------------------------------------- keys


def make_sp_key(tmp):
    key, cert = os.path.join(tmp, "sp.key.pem"), os.path.join(tmp, "sp.cert.pem")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
         "-subj", "/CN=idp.test SAML SP acme (fixtures)", "-keyout", key, "-out", cert])
    der = run(["openssl", "x509", "-in", cert, "-outform", "DER"]).stdout
    pk8 = run(["openssl", "pkcs8", "-topk8", "-nocrypt", "-in", key, "-outform", "DER"]).stdout
    return key, cert, der, pk8


def sp_metadata(cert_der):
    b64 = base64.b64encode(cert_der).decode("ascii")
    kd = lambda use: (  # noqa: E731
        f'    <md:KeyDescriptor use="{use}">\n'
        "      <ds:KeyInfo><ds:X509Data>"
        f"<ds:X509Certificate>{b64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n"
        "    </md:KeyDescriptor>\n"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="{DS}" entityID="{SP_ENTITY_ID}">\n'
        '  <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        'AuthnRequestsSigned="true" WantAssertionsSigned="true">\n'
        + kd("signing") + kd("encryption")
        + '    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>\n'
        '    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{ACS}" index="0" isDefault="true"/>\n'
        "  </md:SPSSODescriptor>\n"
        "</md:EntityDescriptor>\n"
    )


# ---------------------------------------------------------------------------- the cases


ENCRYPTED = dict(encrypt_assertion=True, sign_assertion=True, sign_response=False)
EVIL_DOMAIN_ATTRS = {EMAIL_ATTR: [LONG], NAME_ATTR: [ANN_NAME]}

# name -> the /mint behaviour of its original (each case gets its own freshly minted original)
ORIGINALS = {
    "assertion_signed": {},
    "response_signed": dict(sign_response=True, sign_assertion=False),
    "both_signed": dict(sign_response=True, sign_assertion=True),
    "encrypted_adfs": dict(ENCRYPTED, encrypt_block="aes256-cbc", oaep_digest_method=True),
    "encrypted_gcm": dict(ENCRYPTED, encrypt_block="aes128-gcm"),
    "unsigned": dict(sign_assertion=False, sign_response=False),
    "tampered": {},
    "xsw1": dict(sign_response=True, sign_assertion=False),
    "xsw2": dict(sign_response=True, sign_assertion=False),
    "xsw3": {}, "xsw4": {}, "xsw5": {}, "xsw6": {}, "xsw7": {}, "xsw8": {},
    "unsigned_beside_signed": {},
    "unsigned_beside_signed:evil": dict(sign_assertion=False, name_id=EVE,
                                        attributes={EMAIL_ATTR: [EVE], NAME_ATTR: [EVE_NAME]}),
    "doctype_entities": {},
    "doctype_declared": {},
    "two_signedinfo": {},
    "stray_reference": {},
    "comment_in_digest": {},
    "comment_in_name_id": dict(name_id=LONG, attributes=EVIL_DOMAIN_ATTRS),
    "comment_in_email": dict(name_id=LONG, attributes=EVIL_DOMAIN_ATTRS),
    "xslt_transform": {},
    "encrypted_unsigned": dict(encrypt_assertion=True, sign_assertion=False, sign_response=False),
    "relative_namespace": {},
    # more classics
    "xml_id": {},
    "pi_in_name_id": dict(name_id=LONG, attributes=EVIL_DOMAIN_ATTRS),
    "doctype_xxe": {},
    "doctype_billion_laughs": {},
    "rogue_key": dict(signing_key="rogue"),
    "unsigned_beside_encrypted": dict(ENCRYPTED, encrypt_block="aes256-cbc", oaep_digest_method=True),
    "unsigned_beside_encrypted:evil": dict(sign_assertion=False, name_id=EVE,
                                           attributes={EMAIL_ATTR: [EVE], NAME_ATTR: [EVE_NAME]}),
}

# cases that are no attack unless a signature still verifies
MUST_VERIFY = {f"xsw{i}" for i in range(1, 9)} | {"comment_in_digest", "comment_in_name_id", "comment_in_email"}

XSLT_BOMB = (
    f'<ds:Transform Algorithm="{XSLT}">'
    '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">'
    '<xsl:template match="/"><xsl:call-template name="bomb"><xsl:with-param name="n" select="1"/>'
    "</xsl:call-template></xsl:template>"
    '<xsl:template name="bomb"><xsl:param name="n"/><xsl:value-of select="$n"/>'
    '<xsl:call-template name="bomb"><xsl:with-param name="n" select="$n + 1"/></xsl:call-template>'
    '<xsl:call-template name="bomb"><xsl:with-param name="n" select="$n + 1"/></xsl:call-template>'
    "</xsl:template>"
    "</xsl:stylesheet>"
    "</ds:Transform>"
)

LOL_DTD = (
    '<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">' for i in range(1, 10)
    )
)


def build_cases(orig, xs):
    """[(name, xml, accept, what)] from the minted originals (orig[name] = its XML)."""
    cases = []

    def add(name, xml, accept, what):
        cases.append((name, xml, accept, what))

    # ---- accepted
    add("assertion_signed", orig["assertion_signed"], True,
        "The IdP's default answer: an unsigned Response carrying one signed assertion for ann@corp.example.")
    add("response_signed", orig["response_signed"], True,
        "A signed Response carrying one unsigned assertion.")
    add("both_signed", orig["both_signed"], True,
        "A signed Response carrying a signed assertion (two enveloped signatures).")
    add("encrypted_adfs", orig["encrypted_adfs"], True,
        "An EncryptedAssertion (aes256-cbc, rsa-oaep-mgf1p with an explicit SHA-1 DigestMethod as ADFS "
        "writes it) to the SP certificate, holding a signed assertion; the Response is unsigned.")
    add("encrypted_gcm", orig["encrypted_gcm"], True,
        "An EncryptedAssertion (aes128-gcm, rsa-oaep-mgf1p with its implicit SHA-1) holding a signed "
        "assertion; the Response is unsigned.")

    # ---- refused
    add("unsigned", orig["unsigned"], False,
        "Neither the Response nor its assertion is signed.")

    x = orig["tampered"]
    sp = span(x, "saml:Assertion")
    add("tampered", replace_span(x, sp, make_evil(x[sp[0]:sp[1]])), False,
        "The signed assertion with its NameID and attribute values changed from Ann to Eve after signing.")

    raider = {}  # SAMLRaider's own XSW1/6/8 (the original, unsigned, inside the referencing Signature)

    # -- XSW1/XSW2 on a signed Response
    for name in ("xsw1", "xsw2"):
        x = orig[name]
        decl, body = split_decl(x)
        original = body.rstrip("\n")                    # the signed Response, intact
        clone = without(original, "ds:Signature")        # ... and without its signature
        evil = make_evil(original)
        a = span(evil, "saml:Assertion")
        evil = replace_span(evil, a, set_id(evil[a[0]:a[1]], EVIL_ASSERTION_ID))
        evil = set_id(evil, EVIL_RESPONSE_ID)
        if name == "xsw1":
            s = span(evil, "ds:Signature")
            raider[name] = decl + replace_span(evil, s, append_child(evil[s[0]:s[1]], clone)) + "\n"
            # The original Signature (copied) stays on the evil root and wraps the original Response.
            # SAMLRaider puts the Response there without its signature; xmlsec1's enveloped-signature
            # transform then removes the whole Response (it lies inside the Signature that references
            # it) and nothing verifies, so the wrapped Response keeps its own, intact Signature.
            s = span(evil, "ds:Signature")
            evil = replace_span(evil, s, append_child(evil[s[0]:s[1]], original))
            what = ("XSW1: an evil copy of the signed Response (new ID, Eve) as the root; its copied "
                    "Signature element wraps the original signed Response (which keeps its own signature).")
        else:
            s = span(evil, "ds:Signature")
            evil = evil[:s[0]] + clone + evil[s[0]:]
            what = ("XSW2: an evil copy of the signed Response (new ID, Eve) as the root; the original "
                    "Response, without its signature, sits before the copied Signature as a detached sibling.")
        add(name, decl + evil + "\n", False, what)

    # -- XSW3..XSW8 on a signed Assertion
    def parts(x):
        sp = span(x, "saml:Assertion")
        a = x[sp[0]:sp[1]]
        a_nosig = without(a, "ds:Signature")
        return sp, a, a_nosig

    x = orig["xsw3"]
    sp, a, a_nosig = parts(x)
    evil = set_id(make_evil(a_nosig), EVIL_ASSERTION_ID)
    add("xsw3", replace_span(x, sp, evil + a), False,
        "XSW3: an evil unsigned copy of the assertion (new ID, Eve) inserted before the original signed one.")

    x = orig["xsw4"]
    sp, a, a_nosig = parts(x)
    evil = set_id(make_evil(a_nosig), EVIL_ASSERTION_ID)
    add("xsw4", replace_span(x, sp, append_child(evil, a)), False,
        "XSW4: an evil unsigned copy of the assertion (new ID, Eve) wraps the original signed assertion "
        "as its last child.")

    x = orig["xsw5"]
    sp, a, a_nosig = parts(x)
    evil = set_id(make_evil(a), EVIL_ASSERTION_ID)  # keeps the (copied) original Signature
    doc = replace_span(x, sp, evil)
    doc = append_child(doc, a_nosig)  # at the end of the Response
    add("xsw5", doc, False,
        "XSW5: the evil assertion (new ID, Eve) carries the original Signature; the original assertion, "
        "without its signature, is appended at the end of the Response.")

    x = orig["xsw6"]
    sp, a, a_nosig = parts(x)
    evil = set_id(make_evil(a), EVIL_ASSERTION_ID)
    s = span(evil, "ds:Signature")
    # SAMLRaider appends the original without its signature; inside the Signature that references
    # it, the enveloped-signature transform would remove it entirely, so it keeps its own signature.
    raider["xsw6"] = replace_span(x, sp, replace_span(evil, s, append_child(evil[s[0]:s[1]], a_nosig)))
    evil = replace_span(evil, s, append_child(evil[s[0]:s[1]], a))
    add("xsw6", replace_span(x, sp, evil), False,
        "XSW6: the evil assertion (new ID, Eve) carries a copy of the original Signature, and the "
        "original signed assertion (keeping its own signature) is placed inside that copied Signature.")

    x = orig["xsw7"]
    sp, a, a_nosig = parts(x)
    evil = set_id(make_evil(a_nosig), EVIL_ASSERTION_ID)
    doc = replace_span(x, sp, evil)
    doc = insert_after(doc, "saml:Issuer", "<samlp:Extensions>" + a + "</samlp:Extensions>")
    add("xsw7", doc, False,
        "XSW7: the original signed assertion moved into a samlp:Extensions element after the Response "
        "Issuer; an evil unsigned assertion (new ID, Eve) takes its place after Status.")

    x = orig["xsw8"]
    sp, a, a_nosig = parts(x)
    evil = set_id(make_evil(a), EVIL_ASSERTION_ID)
    s = span(evil, "ds:Signature")
    raider["xsw8"] = replace_span(
        x, sp, replace_span(evil, s, append_child(evil[s[0]:s[1]], "<ds:Object>" + a_nosig + "</ds:Object>")))
    evil = replace_span(evil, s, append_child(evil[s[0]:s[1]], "<ds:Object>" + a + "</ds:Object>"))
    add("xsw8", replace_span(x, sp, evil), False,
        "XSW8: the evil assertion (new ID, Eve) carries a copy of the original Signature with a ds:Object "
        "holding the original signed assertion (keeping its own signature).")

    naive = ("xmlsec1 refuses it (only ds:Object may follow KeyInfo, and its enveloped-signature transform "
             "removes everything inside the Signature, the referenced element too), but a verifier that "
             "only strips the Signature child of the referenced element finds the digest intact")
    add("xsw1_samlraider", raider["xsw1"], False,
        "XSW1 exactly as SAMLRaider builds it: the root's Signature wraps the original Response without its "
        f"signature; {naive}.")
    add("xsw6_samlraider", raider["xsw6"], False,
        "XSW6 exactly as SAMLRaider builds it: the evil assertion's Signature wraps the original assertion "
        f"without its signature; {naive}.")
    add("xsw8_samlraider", raider["xsw8"], False,
        "XSW8 as SAMLRaider builds it (but with the evil assertion under a new ID): a ds:Object in the evil "
        f"assertion's Signature holds the original assertion without its signature; {naive}.")

    # -- an unsigned assertion beside the signed one
    x, u = orig["unsigned_beside_signed"], orig["unsigned_beside_signed:evil"]
    sp = span(x, "saml:Assertion")
    evil = transplant(element(u, "saml:Assertion"), u, x)
    add("unsigned_beside_signed", x[:sp[0]] + evil + x[sp[0]:], False,
        "A real unsigned assertion for eve@corp.example (minted by the IdP, its own ID) placed before the "
        "signed assertion for ann@corp.example in the same Response.")

    # -- DOCTYPE with an internal entity used in the NameID
    x = orig["doctype_entities"]
    decl, body = split_decl(x)
    body = body.replace(f">{ANN}</saml:NameID>", ">&user;</saml:NameID>", 1)
    add("doctype_entities", decl + f'<!DOCTYPE samlp:Response [<!ENTITY user "{ANN}">]>\n' + body, False,
        "A DOCTYPE defining an internal entity &user; (= ann@corp.example) that replaces the NameID text "
        "of the signed assertion.")

    x = orig["doctype_declared"]
    decl, body = split_decl(x)
    add("doctype_declared", decl + f'<!DOCTYPE samlp:Response [<!ENTITY user "{EVE}">]>\n' + body, False,
        "The signed original, untouched, after a DOCTYPE whose internal subset declares an entity that is "
        "never used (the signature holds; only the DOCTYPE is wrong).")

    # -- a second SignedInfo, digesting the edited assertion
    x = orig["two_signedinfo"]
    sp = span(x, "saml:Assertion")
    doc = replace_span(x, sp, make_evil(x[sp[0]:sp[1]]))
    k = next(i for i, s in enumerate(spans(doc, "ds:Signature")) if s[0] > sp[0])
    digest = xs.digest_of(doc, k, "two_signedinfo")
    s = span(doc, "ds:SignedInfo")
    second = re.sub(r"(<ds:DigestValue>)[^<]*(<)", r"\g<1>" + digest + r"\2", doc[s[0]:s[1]])
    doc = doc[:s[1]] + second + doc[s[1]:]
    add("two_signedinfo", doc, False,
        "The assertion edited to Eve, its Signature holding the original SignedInfo (which the "
        "SignatureValue covers) followed by a copy whose DigestValue is the real digest of the edited assertion.")

    # -- a stray Reference/DigestValue outside SignedInfo (ruby-saml CVE-2024-45409 style)
    x = orig["stray_reference"]
    sp = span(x, "saml:Assertion")
    a = x[sp[0]:sp[1]]
    aid = get_id(a)
    doc = replace_span(x, sp, make_evil(a))
    k = next(i for i, s in enumerate(spans(doc, "ds:Signature")) if s[0] > sp[0])
    digest = xs.digest_of(doc, k, "stray_reference")
    method = re.search(r"<ds:DigestMethod [^>]*/>", a).group(0)
    stray = (f'<samlp:Extensions><ds:Reference URI="#{aid}">{method}'
             f"<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></samlp:Extensions>")
    doc = insert_after(doc, "saml:Issuer", stray)
    add("stray_reference", doc, False,
        "The assertion edited to Eve, with a ds:Reference (its DigestValue the real digest of the edited "
        "assertion) in a samlp:Extensions before it, the first DigestValue in document order; the "
        "signed SignedInfo is untouched.")

    # -- a comment inside the DigestValue (xml-crypto CVE-2025-29775 style)
    x = orig["comment_in_digest"]
    sp = span(x, "ds:DigestValue")
    dv = x[sp[0]:sp[1]]
    text_start = start_tag_end(dv)
    mid = text_start + (end_tag_start(dv) - text_start) // 2
    add("comment_in_digest", replace_span(x, sp, dv[:mid] + "<!--x-->" + dv[mid:]), False,
        "The signed original, unchanged but for an XML comment in the middle of the DigestValue text "
        "(a reader of the first text node sees half a digest).")

    # -- comments in what the SP reads
    x = orig["comment_in_name_id"]
    needle = f">{LONG}</saml:NameID>"
    if needle not in x:
        die("comment_in_name_id: no NameID " + LONG)
    add("comment_in_name_id", x.replace(needle, f">{ANN}<!---->{LONG[len(ANN):]}</saml:NameID>", 1), False,
        "Signed for ann@corp.example.evil.example, with <!----> inserted after ann@corp.example in the NameID "
        "(exclusive c14n drops comments, so the signature holds; a first-text-node reader sees "
        "ann@corp.example).")

    x = orig["comment_in_email"]
    attr = element(x, "saml:Attribute", 0)
    if EMAIL_ATTR not in attr[:start_tag_end(attr)]:
        die("comment_in_email: the first attribute is not the e-mail")
    sp = span(x, "saml:Attribute", 0)
    attr2 = attr.replace(f">{LONG}</saml:AttributeValue>",
                         f">{ANN}<!---->{LONG[len(ANN):]}</saml:AttributeValue>", 1)
    if attr2 == attr:
        die("comment_in_email: no e-mail value " + LONG)
    add("comment_in_email", replace_span(x, sp, attr2), False,
        "Signed for ann@corp.example.evil.example, with <!----> inserted after ann@corp.example in the e-mail "
        "AttributeValue (the signature holds; a first-text-node reader sees ann@corp.example).")

    # -- an XSLT transform
    x = orig["xslt_transform"]
    sp = span(x, "ds:Transforms")
    add("xslt_transform", replace_span(x, sp, "<ds:Transforms>" + XSLT_BOMB + "</ds:Transforms>"), False,
        "The assertion's Reference Transforms replaced by one XSLT transform whose stylesheet recurses "
        "without end, doubling at each level (a processing bomb).")

    add("encrypted_unsigned", orig["encrypted_unsigned"], False,
        "An EncryptedAssertion to the SP certificate holding an unsigned assertion; nothing is signed.")

    # -- a relative namespace URI (xmlseclibs CVE-2025-66578 style)
    x = orig["relative_namespace"]
    sp = span(x, "saml:Assertion")
    add("relative_namespace", replace_span(x, sp, add_attr(x[sp[0]:sp[1]], 'xmlns:rel="relative/ns"')), False,
        "The signed assertion with an extra, unused namespace declaration xmlns:rel=\"relative/ns\" "
        "(a relative URI, which canonicalization must refuse).")

    # ---- more classics
    x = orig["xml_id"]
    sp, a, a_nosig = parts(x)
    evil = add_attr(set_id(make_evil(a_nosig), EVIL_ASSERTION_ID), f'xml:id="{get_id(a)}"')
    add("xml_id", replace_span(x, sp, evil + a), False,
        "An evil unsigned assertion (ID _evil_assertion_ID, Eve) with xml:id equal to the signed "
        "assertion's ID, placed before the original signed assertion.")

    x = orig["pi_in_name_id"]
    needle = f">{LONG}</saml:NameID>"
    add("pi_in_name_id", x.replace(needle, f">{ANN}<?evil example?>{LONG[len(ANN):]}</saml:NameID>", 1), False,
        "Signed for ann@corp.example.evil.example, with a processing instruction inserted after "
        "ann@corp.example in the NameID (c14n keeps PIs, so the digest no longer matches).")

    x = orig["doctype_xxe"]
    decl, body = split_decl(x)
    body = body.replace(f">{ANN}</saml:NameID>", ">&xxe;</saml:NameID>", 1)
    add("doctype_xxe", decl + '<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
        + body, False,
        "A DOCTYPE declaring an external entity (file:///etc/hostname) used as the NameID of the signed "
        "assertion.")

    x = orig["doctype_billion_laughs"]
    decl, body = split_decl(x)
    body = body.replace(f">{ANN}</saml:NameID>", ">&lol9;</saml:NameID>", 1)
    add("doctype_billion_laughs", decl + f"<!DOCTYPE samlp:Response [{LOL_DTD}]>\n" + body, False,
        "The billion laughs: nine levels of ten entity references (10^9 'lol's) used as the NameID of the "
        "signed assertion.")

    add("rogue_key", orig["rogue_key"], False,
        "A well-formed signed assertion, but signed with a key the IdP never published (its own "
        "certificate in KeyInfo).")

    x, u = orig["unsigned_beside_encrypted"], orig["unsigned_beside_encrypted:evil"]
    sp = span(x, "saml:EncryptedAssertion")
    evil = transplant(element(u, "saml:Assertion"), u, x)
    add("unsigned_beside_encrypted", x[:sp[0]] + evil + x[sp[0]:], False,
        "A real unsigned plaintext assertion for eve@corp.example placed before an EncryptedAssertion "
        "holding the signed assertion for ann@corp.example.")
    return cases


# ---------------------------------------------------------------------------- main


def issue_instants(xml):
    out = []
    for t in re.findall(r'\sIssueInstant="([^"]+)"', xml):
        out.append(int(datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")
                       .replace(tzinfo=datetime.timezone.utc).timestamp()))
    return out


def well_formed(xml):
    if "<!DOCTYPE" in xml:
        return True  # expat would refuse the external/huge entities; xmlsec1 reports on them
    ET.fromstring(xml.encode("utf-8"))
    return True


def main():
    if not os.path.exists(XMLSEC):
        die("xmlsec1 not found")
    tmp = tempfile.mkdtemp(prefix="saml-fixtures-")
    idp = None
    try:
        sp_key, sp_cert, sp_der, sp_pk8 = make_sp_key(tmp)
        idp = IdPProcess(tmp)
        md = idp.http("GET", "/metadata")
        certs = re.findall(r"<ds:X509Certificate>([^<]+)</ds:X509Certificate>", md)
        if len(certs) != 1:
            die(f"expected one IdP signing certificate, found {len(certs)}")
        idp_der = base64.b64decode(certs[0])
        idp_cert = os.path.join(tmp, "idp.cert.der")
        with open(idp_cert, "wb") as f:
            f.write(idp_der)
        idp.http("POST", "/sp", sp_metadata(sp_der).encode("utf-8"), "application/samlmetadata+xml")

        t0 = time.monotonic()
        orig = {name: idp.mint(**beh) for name, beh in ORIGINALS.items()}
        minting = time.monotonic() - t0
        idp.close()
        idp = None

        instants = sorted(t for x in orig.values() for t in issue_instants(x))
        earliest, latest = instants[0], instants[-1]
        now = earliest + 5
        if latest > now:
            die(f"minting took too long ({minting:.1f} s): IssueInstants span {latest - earliest} s, "
                "so not every response is valid at the earliest + 5 s; run again on a quieter machine")

        xs = Xmlsec(tmp, idp_cert, sp_key)
        cases = build_cases(orig, xs)

        entries, problems = [], []
        for name, xml, accept, what in cases:
            well_formed(xml)
            rep = xs.verify(xml, name)
            sigs = rep["signatures"]
            verifies = None if not sigs else any(s["ok"] for s in sigs)
            if name in MUST_VERIFY and verifies is not True:
                problems.append(f"{name}: xmlsec1 does not verify it: {sigs}")
            if accept and not (sigs and all(s["ok"] for s in sigs)):
                problems.append(f"{name} (accepted): xmlsec1 does not verify every signature: {rep}")
            entry = {"name": name, "file": name + ".xml", "accept": accept,
                     "signature_still_verifies": verifies, "what": what,
                     "xmlsec1": [f"signature {s['signature']}: {s['xmlsec1']}" for s in sigs]}
            if "decrypt" in rep:
                entry["xmlsec1"].insert(0, f"decrypt: {rep['decrypt']}")
            if not sigs and "decrypt" not in rep:
                entry["xmlsec1"] = ["no ds:Signature"]
            elif not sigs:
                entry["xmlsec1"].append("no ds:Signature")
            entry["xmlsec1_seconds"] = round(rep["seconds"], 2)
            entries.append((entry, xml))
        if problems:
            die("\n".join(problems))

        if os.path.isdir(OUT):
            shutil.rmtree(OUT)
        os.makedirs(OUT)
        for fname, data in (("idp_cert.der", idp_der), ("sp_cert.der", sp_der), ("sp_key.pk8", sp_pk8)):
            with open(os.path.join(OUT, fname), "wb") as f:
                f.write(data)
        for entry, xml in entries:
            with open(os.path.join(OUT, entry["file"]), "w", encoding="utf-8", newline="") as f:
                f.write(xml)
        manifest = {
            "idp_entity_id": IDP_ENTITY_ID,
            "sp_entity_id": SP_ENTITY_ID,
            "acs": ACS,
            "in_response_to": REQUEST_ID,
            "now": now,
            "generated_by": "python3 tests/support/make_saml_fixtures.py",
            "cases": [e for e, _ in entries],
        }
        with open(os.path.join(OUT, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2, ensure_ascii=False)
            f.write("\n")

        width = max(len(e["name"]) for e, _ in entries)
        print(f"minted {len(orig)} originals in {minting:.1f} s; now = {now} "
              f"({datetime.datetime.fromtimestamp(now, datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ})")
        for e, _ in entries:
            print(f"{e['name']:<{width}}  accept={str(e['accept']).lower():<5}  "
                  f"verifies={json.dumps(e['signature_still_verifies']):<5}  "
                  f"{e['xmlsec1_seconds']:>5.2f}s  {'; '.join(e['xmlsec1'])}")
        print(f"wrote {len(entries)} cases to {os.path.relpath(OUT, ROOT)}")
    finally:
        if idp is not None:
            idp.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
