"""A real SAML 2.0 identity provider for the federation tests, built on pysaml2 and xmlsec1.

usage: saml_idp.py --port PORT [--entity-id URL] [--signing-keys N] [--cert-days N] [--want-signed-requests]

Listens on 127.0.0.1:PORT (0 picks a free port) and prints "READY http://127.0.0.1:PORT" once
serving. At start it makes N RSA-2048 signing keys with self-signed certificates (all published in
the metadata, for rollover tests) plus one "rogue" key that is never published; the certificates
are valid for --cert-days days (default 30). Logs go to stderr.

Endpoints (JSON bodies are UTF-8):
  GET  /metadata      the IdP metadata (built from a template).
  POST /sp            body = an SP's metadata XML; loaded next to the ones already posted, keyed by
                      its entityID. Answers {"entity_id": ...}.
  POST /behave        JSON setting how every later /sso answers (see DEFAULTS). Answers {}.
  GET  /sso           HTTP-Redirect AuthnRequest (POST /sso: HTTP-POST binding). Answers an HTML
                      page with an auto-submitting form posting SAMLResponse and RelayState to the ACS.
  GET  /last-request  JSON of what the last /sso received.
  POST /mint          JSON: the /behave fields (defaults, not the current behaviour) plus
                      in_response_to, sp_entity_id, acs and optional assertion_only. Answers
                      {"xml": ..., "base64": ...}.
Every handler answers 500 with the traceback as its body if it fails.
"""
import argparse
import base64
import copy
import html
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import warnings
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import quoteattr

warnings.filterwarnings("ignore", module=r"saml2\.cryptography")  # cryptography's CFB notice

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, class_name, saml, samlp
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NameID
from saml2.server import Server
from saml2.sigver import (
    RSA_OAEP_MGF1P,
    SIGNER_ALGS,
    extract_rsa_key_from_x509_cert,
    get_pem_wrapped_unwrapped,
    make_temp,
    pem_format,
    pre_encryption_part,
    pre_signature_part,
)
from saml2.time_util import TIME_FORMAT
from saml2.xmldsig import DIGEST_ALLOWED_ALG, SIG_ALLOWED_ALG, DigestMethod

# Readable, conventional prefixes instead of ElementTree's ns0, ns1, ... (pysaml2 serializes with
# ElementTree, which takes prefixes from this global registry).
for _prefix, _uri in [
    ("samlp", "urn:oasis:names:tc:SAML:2.0:protocol"),
    ("saml", "urn:oasis:names:tc:SAML:2.0:assertion"),
    ("ds", "http://www.w3.org/2000/09/xmldsig#"),
    ("xenc", "http://www.w3.org/2001/04/xmlenc#"),
    ("xs", "http://www.w3.org/2001/XMLSchema"),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
]:
    ET.register_namespace(_prefix, _uri)

SIG_RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
DIGEST_SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"

# encrypt_block name -> (EncryptionMethod Algorithm, xmlsec1 --session-key)
BLOCK_ALGS = {
    "aes128-cbc": ("http://www.w3.org/2001/04/xmlenc#aes128-cbc", "aes-128"),
    "aes256-cbc": ("http://www.w3.org/2001/04/xmlenc#aes256-cbc", "aes-256"),
    "aes128-gcm": ("http://www.w3.org/2009/xmlenc11#aes128-gcm", "aes-128"),
    "aes256-gcm": ("http://www.w3.org/2009/xmlenc11#aes256-gcm", "aes-256"),
}

DEFAULTS = {
    "name_id": "ann@corp.example",
    "name_id_format": EMAIL,
    "attributes": {
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": ["ann@corp.example"],
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": ["Ann Example"],
    },
    "sign_response": False,
    "sign_assertion": True,
    "encrypt_assertion": False,
    "encrypt_block": "aes256-cbc",
    # true: write the (only possible, SHA-1) OAEP digest explicitly as
    # <ds:DigestMethod Algorithm="...xmldsig#sha1"/> inside the rsa-oaep-mgf1p EncryptionMethod, as
    # ADFS does; false: leave it implicit (the default of rsa-oaep-mgf1p, also SHA-1).
    "oaep_digest_method": False,
    "signing_key": 0,
    "status": None,
    "sub_status": None,
    "status_message": None,
    "authn_context": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "sign_alg": SIG_RSA_SHA256,
    "digest_alg": DIGEST_SHA256,
    "destination_override": None,
    "audience_override": None,
    "recipient_override": None,
    "issuer_override": None,
    "lifetime_seconds": 300,
    # The bearer confirmation's own lifetime (null: lifetime_seconds), to expire it alone.
    "confirmation_lifetime_seconds": None,
    "clock_offset_seconds": 0,
}
MINT_FIELDS = {"in_response_to", "sp_entity_id", "acs", "assertion_only"}

XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
UTF8_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


class BadRequest(Exception):
    pass


# ---------------------------------------------------------------------------- keys and metadata


def make_key(workdir, name, cn, days=30):
    key = os.path.join(workdir, f"{name}.key.pem")
    cert = os.path.join(workdir, f"{name}.cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", str(days),
         "-subj", f"/CN={cn}", "-keyout", key, "-out", cert],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    with open(cert) as f:
        pem = f.read()
    body = "".join(line for line in pem.splitlines() if line and "-----" not in line)
    return {"key_file": key, "cert_file": cert, "cert_b64": body}


def idp_metadata(entity_id, sso_url, keys, want_signed=False):
    kds = "".join(
        '    <md:KeyDescriptor use="signing">\n'
        "      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
        f"{k['cert_b64']}"
        "</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\n"
        "    </md:KeyDescriptor>\n"
        for k in keys
    )
    loc = quoteattr(sso_url)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID={quoteattr(entity_id)}>\n'
        '  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" '
        f'WantAuthnRequestsSigned="{"true" if want_signed else "false"}">\n'
        f"{kds}"
        f"    <md:NameIDFormat>{EMAIL}</md:NameIDFormat>\n"
        f"    <md:NameIDFormat>{PERSISTENT}</md:NameIDFormat>\n"
        f'    <md:SingleSignOnService Binding="{BINDING_HTTP_REDIRECT}" Location={loc}/>\n'
        f'    <md:SingleSignOnService Binding="{BINDING_HTTP_POST}" Location={loc}/>\n'
        "  </md:IDPSSODescriptor>\n"
        "</md:EntityDescriptor>\n"
    )


def sp_entity_ids(xml):
    """The entityIDs an SP metadata document describes (EntityDescriptor or EntitiesDescriptor)."""
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError as e:
        raise BadRequest(f"SP metadata is not well-formed XML: {e}")
    md = "{urn:oasis:names:tc:SAML:2.0:metadata}"
    if root.tag == md + "EntityDescriptor":
        nodes = [root]
    elif root.tag == md + "EntitiesDescriptor":
        nodes = list(root.iter(md + "EntityDescriptor"))
    else:
        raise BadRequest(f"SP metadata root is {root.tag}, not md:EntityDescriptor")
    ids = [n.get("entityID") for n in nodes if n.find(md + "SPSSODescriptor") is not None]
    if not ids or not all(ids):
        raise BadRequest("SP metadata has no EntityDescriptor with an entityID and an SPSSODescriptor")
    return ids


# ---------------------------------------------------------------------------- pysaml2 server


class TestServer(Server):
    """pysaml2's Server, with hooks to put the test's behaviour into what it builds.

    `ctx` is set (under the global lock) for the duration of one response's creation.
    """

    ctx = None

    def setup_assertion(self, *args, **kwargs):
        assertion = super().setup_assertion(*args, **kwargs)
        ctx = self.ctx
        if ctx is None or not isinstance(assertion, saml.Assertion):
            return assertion
        now, until = ctx["now"], ctx["until"]
        assertion.issue_instant = now
        if assertion.conditions is not None:
            assertion.conditions.not_before = now
            assertion.conditions.not_on_or_after = until
            if ctx["audience"] is not None:
                for ar in assertion.conditions.audience_restriction:
                    for aud in ar.audience:
                        aud.text = ctx["audience"]
        for sc in assertion.subject.subject_confirmation:
            scd = sc.subject_confirmation_data
            if scd is not None:
                scd.not_on_or_after = ctx["confirmed_until"]
                if ctx["recipient"] is not None:
                    scd.recipient = ctx["recipient"]
        for st in assertion.authn_statement:
            st.authn_instant = now
        # the attributes exactly as asked: these Names, NameFormat uri, string values
        attrs = [
            saml.Attribute(
                name=name,
                name_format=NAME_FORMAT_URI,
                attribute_value=[saml.AttributeValue(text=v) for v in values],
            )
            for name, values in ctx["attributes"].items()
        ]
        assertion.attribute_statement = [saml.AttributeStatement(attribute=attrs)] if attrs else []
        return assertion

    def _add_info(self, msg, **kwargs):
        super()._add_info(msg, **kwargs)
        ctx = self.ctx
        if ctx is not None and isinstance(msg, samlp.Response):
            msg.issue_instant = ctx["now"]
            if ctx["destination"] is not None:
                msg.destination = ctx["destination"]

    def _encrypt_assertion(self, encrypt_cert, sp_entity_id, response, node_xpath=None):
        # pysaml2 would use 3DES (tripledes-cbc, session key des-192); use the chosen AES mode.
        msg_enc, session_key = BLOCK_ALGS[self.ctx["encrypt_block"]]
        wrapped, unwrapped = get_pem_wrapped_unwrapped(encrypt_cert)
        tmp = make_temp(wrapped.encode("ascii"), decode=False, delete_tmpfiles=True)
        template = pre_encryption_part(msg_enc=msg_enc, key_enc=RSA_OAEP_MGF1P, encrypt_cert=unwrapped)
        if self.ctx["oaep_digest_method"]:
            eks = template.key_info.encrypted_key
            for ek in eks if isinstance(eks, list) else [eks]:
                ek.encryption_method.add_extension_element(DigestMethod(algorithm=DIGEST_SHA1))
        return self.sec.encrypt_assertion(response, tmp.name, template, key_type=session_key, node_xpath=node_xpath)


class IdP:
    def __init__(self, base_url, entity_id, n_keys, cert_days, want_signed=False):
        self.base_url = base_url
        self.entity_id = entity_id
        self.sso_url = base_url + "/sso"
        self.workdir = tempfile.mkdtemp(prefix="saml-idp-")
        self.keys = [make_key(self.workdir, f"signing-{k}", f"test-idp-{k}", cert_days) for k in range(n_keys)]
        self.rogue = make_key(self.workdir, "rogue", "test-idp-rogue", cert_days)
        self.xmlsec = shutil.which("xmlsec1") or "/usr/bin/xmlsec1"
        self.metadata = idp_metadata(entity_id, self.sso_url, self.keys, want_signed)
        self.lock = threading.RLock()
        self.sps = {}  # entityID -> metadata XML
        self.behaviour = copy.deepcopy(DEFAULTS)
        self.last_request = None
        self.servers = {}
        self.rebuild()

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _config(self, key, sp_xmls):
        conf = {
            "entityid": self.entity_id,
            "xmlsec_binary": self.xmlsec,
            "key_file": key["key_file"],
            "cert_file": key["cert_file"],
            "signing_algorithm": SIG_RSA_SHA256,
            "digest_algorithm": DIGEST_SHA256,
            "allow_unknown_attributes": True,
            "delete_tmpfiles": True,
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [
                            (self.sso_url, BINDING_HTTP_REDIRECT),
                            (self.sso_url, BINDING_HTTP_POST),
                        ],
                    },
                    "name_id_format": [EMAIL, PERSISTENT],
                    "want_authn_requests_signed": False,
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        },
                    },
                },
            },
        }
        if sp_xmls:
            conf["metadata"] = {"inline": list(sp_xmls)}
        cfg = IdPConfig()
        cfg.load(conf)
        return cfg

    def rebuild(self, sps=None):
        sps = self.sps if sps is None else sps
        xmls = list(sps.values())
        servers = {k: TestServer(config=self._config(key, xmls)) for k, key in enumerate(self.keys)}
        servers["rogue"] = TestServer(config=self._config(self.rogue, xmls))
        self.servers = servers

    # ------------------------------------------------------------------ behaviour

    @staticmethod
    def check_behaviour(body, extra=frozenset()):
        if not isinstance(body, dict):
            raise BadRequest("the body must be a JSON object")
        unknown = sorted(set(body) - set(DEFAULTS) - set(extra))
        if unknown:
            raise BadRequest(f"unknown fields: {', '.join(unknown)}")
        beh = copy.deepcopy(DEFAULTS)
        beh.update({k: v for k, v in body.items() if k in DEFAULTS})
        return beh

    def validate(self, beh):
        key = beh["signing_key"]
        if key != "rogue" and not (isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(self.keys)):
            raise BadRequest(f"signing_key must be 0..{len(self.keys) - 1} or \"rogue\", not {key!r}")
        if beh["encrypt_block"] not in BLOCK_ALGS:
            raise BadRequest(f"encrypt_block must be one of {sorted(BLOCK_ALGS)}")
        attrs = beh["attributes"]
        if not isinstance(attrs, dict) or not all(
            isinstance(v, list) and all(isinstance(s, str) for s in v) for v in attrs.values()
        ):
            raise BadRequest("attributes must be an object of name -> list of strings")
        if beh["confirmation_lifetime_seconds"] is not None and (
            not isinstance(beh["confirmation_lifetime_seconds"], (int, float))
            or isinstance(beh["confirmation_lifetime_seconds"], bool)
        ):
            raise BadRequest("confirmation_lifetime_seconds must be a number or null")
        for f in ("lifetime_seconds", "clock_offset_seconds"):
            if not isinstance(beh[f], (int, float)) or isinstance(beh[f], bool):
                raise BadRequest(f"{f} must be a number")
        if beh["sign_alg"] not in [alg for _, alg in SIG_ALLOWED_ALG]:
            raise BadRequest(f"sign_alg must be one of {[alg for _, alg in SIG_ALLOWED_ALG]}")
        if beh["digest_alg"] not in [alg for _, alg in DIGEST_ALLOWED_ALG]:
            raise BadRequest(f"digest_alg must be one of {[alg for _, alg in DIGEST_ALLOWED_ALG]}")
        for f in ("sign_response", "sign_assertion", "encrypt_assertion", "oaep_digest_method"):
            if not isinstance(beh[f], bool):
                raise BadRequest(f"{f} must be a boolean")
        if not isinstance(beh["name_id"], str):
            raise BadRequest("name_id must be a string")

    # ------------------------------------------------------------------ responses

    def encryption_cert(self, server, sp_entity_id):
        certs = []
        if server.metadata is not None and sp_entity_id in self.sps:
            certs = server.metadata.certs(sp_entity_id, "spsso", "encryption")
            if not certs:
                certs = server.metadata.certs(sp_entity_id, "spsso", "signing")
        if not certs:
            raise BadRequest(f"no certificate for SP {sp_entity_id!r} to encrypt to (is its metadata loaded?)")
        return certs[0][1]

    def build_response(self, beh, sp_entity_id, acs, in_response_to, assertion_only=False):
        """The response XML (str) for this behaviour, already signed/encrypted as asked."""
        self.validate(beh)
        server = self.servers[beh["signing_key"]]
        t = time.time() + beh["clock_offset_seconds"]
        fmt = lambda s: time.strftime(TIME_FORMAT, time.gmtime(s))  # noqa: E731
        ctx = {
            "now": fmt(t),
            "until": fmt(t + beh["lifetime_seconds"]),
            "confirmed_until": fmt(
                t + (beh["lifetime_seconds"] if beh["confirmation_lifetime_seconds"] is None
                     else beh["confirmation_lifetime_seconds"])
            ),
            "audience": beh["audience_override"],
            "recipient": beh["recipient_override"],
            "destination": beh["destination_override"],
            "attributes": beh["attributes"],
            "encrypt_block": beh["encrypt_block"],
            "oaep_digest_method": beh["oaep_digest_method"],
        }
        sign_alg, digest_alg = beh["sign_alg"], beh["digest_alg"]
        issuer = None
        if beh["issuer_override"] is not None:
            issuer = saml.Issuer(text=beh["issuer_override"], format=saml.NAMEID_FORMAT_ENTITY)

        with self.lock:
            server.ctx = ctx
            try:
                if beh["status"] is not None and not assertion_only:
                    inner = None
                    if beh["sub_status"]:
                        inner = samlp.StatusCode(value=beh["sub_status"])
                    status = samlp.Status(
                        status_code=samlp.StatusCode(value=beh["status"], status_code=inner),
                        status_message=samlp.StatusMessage(text=beh["status_message"])
                        if beh["status_message"] is not None else None,
                    )
                    out = server._response(
                        in_response_to, acs, status=status, issuer=issuer,
                        sign=beh["sign_response"], sign_alg=sign_alg, digest_alg=digest_alg,
                    )
                    return normalize(out)

                kwargs = dict(
                    identity={k: list(v) for k, v in beh["attributes"].items()},
                    in_response_to=in_response_to,
                    destination=acs,
                    sp_entity_id=sp_entity_id,
                    name_id=NameID(format=beh["name_id_format"], text=beh["name_id"]),
                    authn={"class_ref": beh["authn_context"], "authn_auth": self.entity_id},
                    issuer=issuer,
                    best_effort=True,
                    sign_alg=sign_alg,
                    digest_alg=digest_alg,
                )
                if assertion_only:
                    resp = server.create_authn_response(
                        sign_response=False, sign_assertion=False, encrypt_assertion=False, **kwargs)
                    assertion = resp.assertion
                    assertion.signature = pre_signature_part(
                        assertion.id, server.sec.my_cert, 2, sign_alg=sign_alg, digest_alg=digest_alg)
                    out = server.sec.sign_statement(
                        assertion.to_string(), class_name(assertion), node_id=assertion.id)
                    return normalize(out, declaration=False)

                enc = beh["encrypt_assertion"]
                out = server.create_authn_response(
                    sign_response=beh["sign_response"],
                    sign_assertion=beh["sign_assertion"],
                    encrypt_assertion=enc,
                    encrypt_cert_assertion=self.encryption_cert(server, sp_entity_id) if enc else None,
                    encrypt_assertion_self_contained=True,
                    **kwargs,
                )
                if isinstance(out, list):  # pysaml2 turned it into an error response
                    raise RuntimeError("pysaml2 made an error response: " + "\n".join(out))
                return normalize(out)
            finally:
                server.ctx = None

    def sp_acs(self, sp_entity_id, index=None):
        server = self.servers[0]
        srvs = server.metadata.assertion_consumer_service(sp_entity_id, BINDING_HTTP_POST)
        if index is not None:
            for s in srvs:
                if str(s.get("index")) == str(index):
                    return s["location"]
        for s in srvs:
            if str(s.get("is_default", "")).lower() == "true":
                return s["location"]
        if srvs:
            return srvs[0]["location"]
        raise BadRequest(f"SP {sp_entity_id!r} has no HTTP-POST AssertionConsumerService in its metadata")


def normalize(out, declaration=True):
    """The XML as text, starting with exactly UTF8_DECL (or nothing), without comments/PIs/DOCTYPE.

    pysaml2 hands back ElementTree's <?xml version='1.0' encoding='UTF-8'?> for unsigned messages
    and xmlsec1's <?xml version="1.0"?> (no encoding) for signed/encrypted ones. The declaration
    is outside every signature, so replacing it changes nothing that is signed.
    """
    if isinstance(out, bytes):
        out = out.decode("utf-8")
    if not isinstance(out, str):
        out = out.to_string().decode("utf-8")
    body = XML_DECL.sub("", out, count=1).rstrip("\n") + ("\n" if declaration else "")
    if "<!--" in body or "<?" in body or "<!DOCTYPE" in body:
        raise RuntimeError("generated XML contains a comment, PI or DOCTYPE:\n" + out)
    return (UTF8_DECL if declaration else "") + body


# ---------------------------------------------------------------------------- HTTP


def redirect_signature_valid(raw_query, server, sp_entity_id):
    """Verify an HTTP-Redirect signature over the raw (as sent) query octets. None if unsigned."""
    raw = {}
    for part in raw_query.split("&"):
        k, _, v = part.partition("=")
        raw.setdefault(urllib.parse.unquote_plus(k), v)
    if "Signature" not in raw:
        return None
    sigalg = urllib.parse.unquote_plus(raw.get("SigAlg", ""))
    signer = SIGNER_ALGS.get(sigalg)
    if signer is None:
        return False
    signed = "&".join(f"{k}={raw[k]}" for k in ("SAMLRequest", "RelayState", "SigAlg") if k in raw)
    sig = base64.b64decode(urllib.parse.unquote_plus(raw["Signature"]))
    try:
        certs = server.metadata.certs(sp_entity_id, "spsso", "signing")
    except KeyError:
        certs = []
    for _name, cert in certs:
        try:
            if signer.verify(signed.encode("ascii"), sig, extract_rsa_key_from_x509_cert(pem_format(cert))):
                return True
        except Exception:
            pass
    return False


def auto_post_page(acs, saml_response_b64, relay_state):
    relay = ""
    if relay_state is not None:
        relay = f'<input type="hidden" name="RelayState" value="{html.escape(relay_state, quote=True)}">\n'
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Test IdP</title></head><body>\n"
        f'<form method="post" action="{html.escape(acs, quote=True)}">\n'
        f'<input type="hidden" name="SAMLResponse" value="{saml_response_b64}">\n'
        f"{relay}"
        '<input type="submit" value="Continue">\n'
        "</form>\n"
        "<script>document.forms[0].submit();</script>\n"
        "</body></html>\n"
    )


class Handler(BaseHTTPRequestHandler):
    idp = None  # set before serving
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("saml_idp: %s - %s\n" % (self.address_string(), fmt % args))

    def send(self, code, body, ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(code)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        if self._body is None:
            n = int(self.headers.get("Content-Length") or 0)
            self._body = self.rfile.read(n) if n else b""
        return self._body

    def json_body(self):
        raw = self.body()
        try:
            return json.loads(raw.decode("utf-8") or "{}")
        except ValueError as e:
            raise BadRequest(f"body is not JSON: {e}")

    _body = None

    def dispatch(self, routes):
        # one handler serves every request of a kept-alive connection: read this one's body now
        self._body = None
        self.body()
        path = urllib.parse.urlsplit(self.path).path
        fn = routes.get(path)
        try:
            if fn is None:
                self.send(404, {"error": f"no such endpoint: {self.command} {path}"})
                return
            fn(self)
        except BadRequest as e:
            self.send(400, {"error": str(e)})
        except Exception:
            tb = traceback.format_exc()
            sys.stderr.write(tb)
            self.send(500, tb, "text/plain")

    def do_GET(self):
        self.dispatch({"/metadata": Handler.get_metadata, "/sso": Handler.sso_redirect,
                       "/last-request": Handler.get_last_request})

    def do_POST(self):
        self.dispatch({"/sp": Handler.post_sp, "/behave": Handler.post_behave,
                       "/mint": Handler.post_mint, "/sso": Handler.sso_post})

    # ------------------------------------------------------------------ endpoints

    def get_metadata(self):
        self.send(200, self.idp.metadata, "application/samlmetadata+xml")

    def get_last_request(self):
        self.send(200, self.idp.last_request if self.idp.last_request is not None else {})

    def post_sp(self):
        xml = self.body().decode("utf-8")
        xml = XML_DECL.sub("", xml, count=1)
        ids = sp_entity_ids(xml)
        idp = self.idp
        with idp.lock:
            sps = dict(idp.sps)
            for eid in ids:
                sps.pop(eid, None)
            sps[ids[0]] = xml
            try:
                idp.rebuild(sps)
            except Exception as e:
                idp.rebuild()
                raise BadRequest(f"pysaml2 cannot load the SP metadata: {e!r}")
            idp.sps = sps
        self.send(200, {"entity_id": ids[0]})

    def post_behave(self):
        beh = self.idp.check_behaviour(self.json_body())
        self.idp.validate(beh)
        with self.idp.lock:
            self.idp.behaviour = beh
        self.send(200, {})

    def post_mint(self):
        body = self.json_body()
        beh = self.idp.check_behaviour(body, MINT_FIELDS)
        for f in ("in_response_to", "sp_entity_id", "acs"):
            if f not in body:
                raise BadRequest(f"missing field: {f}")
        xml = self.idp.build_response(
            beh, body["sp_entity_id"], body["acs"], body["in_response_to"],
            assertion_only=bool(body.get("assertion_only")),
        )
        self.send(200, {"xml": xml, "base64": base64.b64encode(xml.encode("utf-8")).decode("ascii")})

    def sso_redirect(self):
        raw_query = urllib.parse.urlsplit(self.path).query
        q = urllib.parse.parse_qs(raw_query, keep_blank_values=True)
        self.sso(q, BINDING_HTTP_REDIRECT, raw_query)

    def sso_post(self):
        q = urllib.parse.parse_qs(self.body().decode("utf-8"), keep_blank_values=True)
        self.sso(q, BINDING_HTTP_POST, None)

    def sso(self, q, binding, raw_query):
        idp = self.idp
        one = lambda k: q[k][0] if k in q else None  # noqa: E731
        saml_request = one("SAMLRequest")
        if not saml_request:
            raise BadRequest("no SAMLRequest parameter")
        saml_request = saml_request.replace(" ", "+")  # a '+' that was not percent-encoded
        relay_state = one("RelayState")
        with idp.lock:
            server = idp.servers[0]
            try:
                req = server.parse_authn_request(saml_request, binding)
            except Exception as e:
                raise BadRequest(f"cannot parse the AuthnRequest: {e!r}")
            if req is None:
                raise BadRequest("cannot parse the AuthnRequest")
            msg = req.message
            issuer = msg.issuer.text.strip() if msg.issuer is not None and msg.issuer.text else None
            if issuer not in idp.sps:
                raise BadRequest(f"unknown SP (Issuer {issuer!r}); loaded: {sorted(idp.sps)}")
            acs = msg.assertion_consumer_service_url or idp.sp_acs(issuer, msg.assertion_consumer_service_index)
            rac = msg.requested_authn_context
            nip = msg.name_id_policy
            if binding == BINDING_HTTP_REDIRECT:
                signed = "Signature" in q
                sig_ok = redirect_signature_valid(raw_query, server, issuer)
            else:
                signed = msg.signature is not None
                sig_ok = None  # pysaml2 verified an embedded signature while parsing, if any
            idp.last_request = {
                "id": msg.id,
                "force_authn": str(msg.force_authn).lower() in ("true", "1"),
                "is_passive": str(msg.is_passive).lower() in ("true", "1"),
                "authn_contexts": [c.text.strip() for c in rac.authn_context_class_ref] if rac else [],
                "authn_context_comparison": rac.comparison if rac else None,
                "name_id_policy": {"format": nip.format, "allow_create": nip.allow_create}
                if nip is not None else None,
                "has_subject": msg.subject is not None,
                "login_hint": one("login_hint"),
                "signed": signed,
                "signature_valid": sig_ok,
                "sig_alg": one("SigAlg"),
                "relay_state": relay_state,
                "acs": acs,
                "issuer": issuer,
                "destination": msg.destination,
                "binding": binding,
                "xml": req.xmlstr.decode("utf-8") if isinstance(req.xmlstr, bytes) else req.xmlstr,
            }
            beh = copy.deepcopy(idp.behaviour)
            xml = idp.build_response(beh, issuer, acs, msg.id)
        b64 = base64.b64encode(xml.encode("utf-8")).decode("ascii")
        self.send(200, auto_post_page(acs, b64, relay_state), "text/html")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--entity-id")
    ap.add_argument("--signing-keys", type=int, default=1)
    ap.add_argument("--want-signed-requests", action="store_true",
                    help="say WantAuthnRequestsSigned=\"true\" in the metadata")
    ap.add_argument("--cert-days", type=int, default=30,
                    help="how long the generated certificates are valid (openssl -days)")
    args = ap.parse_args()
    if args.signing_keys < 1:
        ap.error("--signing-keys must be at least 1")
    if args.cert_days < 1:
        ap.error("--cert-days must be at least 1")

    # xmlsec1 must not see our keys in a trust store (pysaml2 issue #998, with xmlsec1 >= 1.3)
    os.environ.pop("SSL_CERT_FILE", None)
    os.environ.pop("SSL_CERT_DIR", None)
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="saml_idp %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    idp = IdP(base, args.entity_id or base + "/idp", args.signing_keys, args.cert_days,
              args.want_signed_requests)
    Handler.idp = idp
    try:
        print(f"READY {base}", flush=True)
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
        idp.close()


if __name__ == "__main__":
    main()
