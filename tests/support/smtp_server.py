"""A real SMTP server for the delivery tests, built on aiosmtpd.

usage: smtp_server.py MODE PORT CERT KEY OUTDIR USER PASSWORD
MODE is starttls (STARTTLS required before AUTH and mail) or tls (implicit TLS). AUTH PLAIN
and LOGIN accept USER/PASSWORD only. Each message is saved to OUTDIR as NNNN.eml, preceded by
X-Test-Auth and X-Test-TLS lines saying how it arrived. Prints "ready" once listening.
"""
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

mode, port, cert, key, outdir, user, password = sys.argv[1:8]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        n = len(os.listdir(outdir))
        with open(os.path.join(outdir, f"{n:04}.eml"), "wb") as f:
            f.write(f"X-Test-Auth: {session.authenticated}\r\n".encode())
            # implicit TLS: the listening socket speaks only TLS
            tls = session.ssl is not None or mode == "tls"
            f.write(f"X-Test-TLS: {tls}\r\n".encode())
            f.write(f"X-Test-Rcpt: {','.join(envelope.rcpt_tos)}\r\n".encode())
            f.write(envelope.original_content)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, data):
    ok = (
        isinstance(data, LoginPassword)
        and data.login == user.encode()
        and data.password == password.encode()
    )
    return AuthResult(success=ok, handled=False)


ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(cert, key)
kwargs = dict(authenticator=authenticator, auth_require_tls=True, auth_required=True)
if mode == "starttls":
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=int(port),
        server_kwargs=dict(tls_context=ctx, require_starttls=True, **kwargs),
    )
else:
    # aiosmtpd cannot see TLS below it here, so it must not insist on STARTTLS for AUTH.
    kwargs["auth_require_tls"] = False
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=int(port), ssl_context=ctx,
        server_kwargs=kwargs,
    )
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
