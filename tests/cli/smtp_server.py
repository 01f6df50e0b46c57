"""A real SMTP server for orgadm's mail tests: aiosmtpd on 127.0.0.1.

Stores each message in a maildir (DIR/new/, with X-RcptTo and X-MailFrom
headers added by aiosmtpd's Mailbox handler). Optional STARTTLS, implicit TLS,
AUTH and a fixed rejection reply, which aiosmtpd's own command line does not offer. Prints READY once
listening, and stops when its stdin closes.
"""
import argparse
import codecs
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
p.add_argument("--maildir", required=True)
p.add_argument("--cert")
p.add_argument("--key")
p.add_argument("--implicit-tls", action="store_true")
p.add_argument("--auth", help="user:password required before MAIL")
p.add_argument("--reject", help="answer every RCPT with this reply (backslash escapes decoded)")
a = p.parse_args()

kwargs = {}
context = None
if a.cert:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(a.cert, a.key)
if a.implicit_tls:
    kwargs["ssl_context"] = context
elif context is not None:
    kwargs["tls_context"] = context
    kwargs["require_starttls"] = True

if a.auth:
    user, password = a.auth.split(":", 1)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False)

    kwargs["authenticator"] = authenticator
    kwargs["auth_required"] = True
    kwargs["auth_require_tls"] = context is not None

handler = Mailbox(a.maildir)
if a.reject:
    reply = codecs.decode(a.reject, "unicode_escape")

    class Rejecting(Mailbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            return reply

    handler = Rejecting(a.maildir)

controller = Controller(handler, hostname="127.0.0.1", port=a.port, **kwargs)
controller.start()
print("READY", flush=True)
sys.stdin.read()
controller.stop()
