"""A real SMTP server on loopback for Guichet's e-mail tests (aiosmtpd).

Writes each message it accepts, as received (RFC 5322 bytes), to OUT/NNNN.eml, then
prints nothing more. Options: STARTTLS (required) or implicit TLS with a certificate,
AUTH (PLAIN/LOGIN) with one user and password, and a pause after a message is stored
and before the server answers (to kill a client in the middle of a sending).

Usage: server.py --port N --out DIR [--starttls | --implicit-tls] [--cert C --key K]
                 [--user U --password P] [--pause-first SECONDS]
Prints "ready PORT" on standard output once it listens.
"""

import argparse
import asyncio
import os
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, out, pause_first):
        self.out = out
        self.pause_first = pause_first
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.out, "%04d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(path + ".tmp", path)
        if self.count == 1 and self.pause_first > 0:
            await asyncio.sleep(self.pause_first)
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--pause-first", type=float, default=0)
    a = p.parse_args()

    context = None
    if a.starttls or a.implicit_tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == a.user
            and auth_data.password.decode() == a.password
        )
        return AuthResult(success=ok, handled=False)

    kwargs = {}
    if a.user:
        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = bool(context)
    if a.starttls:
        kwargs["tls_context"] = context
        kwargs["require_starttls"] = True
    elif a.implicit_tls:
        kwargs["server_kwargs"] = {}
        kwargs["ssl_context"] = context
    if not a.user:
        kwargs["auth_require_tls"] = False
    controller = Controller(
        Store(a.out, a.pause_first),
        hostname="127.0.0.1",
        port=a.port,
        ready_timeout=10,
        **kwargs,
    )
    if a.implicit_tls:
        # The controller's own readiness check speaks plain SMTP: skip it.
        controller._trigger_server = lambda: None
    controller.start()
    print("ready %d" % a.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
