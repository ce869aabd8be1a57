#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for sendcheck's SMTP transport tests.

Usage: python3 scripts/smtp-test-server.py --dir DIR

Listens on 127.0.0.1, ports chosen by the OS, in one process:
  plain     no TLS (AUTH allowed in clear: the client's localhost exception is tested here)
  starttls  offers STARTTLS and requires it before AUTH, MAIL and RCPT
  tls       TLS from the first byte
and writes DIR/ports.json = {"plain": p, "starttls": p, "tls": p, "cert": "DIR/cert.pem"} once all
three listen. A self-signed certificate for localhost and 127.0.0.1 is made with openssl into
DIR/cert.pem and DIR/key.pem unless present.

Each accepted message is saved as DIR/messages/<n>.eml (the bytes after DATA, un-dot-stuffed) with a
JSON line in DIR/log.jsonl: n, mail_from, rcpt_tos, message_id, auth_user, tls, listener and peer
(the client's address and port: the same for messages sent on one connection).

AUTH PLAIN and LOGIN take user 'sendcheck' with password 'test-password'; XOAUTH2 takes user
'sendcheck' with token 'test-token'. The recipient's local part picks a behaviour at RCPT:
refuse...@ 550, tempfail...@ 451, drop...@ the connection is closed without a reply, slow...@ the
reply comes after 5 seconds. Runs until SIGTERM or SIGINT, then exits 0; with --stop-on-stdin-eof
also when its standard input closes (so a test process that dies does not leave it running).
"""

import argparse
import asyncio
import base64
import binascii
import json
import logging
import os
import signal
import ssl
import subprocess
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, TLSSetupException

USER = b"sendcheck"
PASSWORD = b"test-password"
TOKEN = "test-token"


def make_certificate(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
             "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-addext", "basicConstraints=critical,CA:TRUE"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER and auth_data.password == PASSWORD
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class Handler:
    """The behaviours by recipient, the store of accepted messages and XOAUTH2."""

    def __init__(self, directory, listener, implicit_tls):
        self.directory = directory
        self.listener = listener
        self.implicit_tls = implicit_tls

    async def auth_XOAUTH2(self, server, args):
        if len(args) == 2:
            blob = args[1].encode()
        else:
            response = await server.challenge_auth("")
            if not isinstance(response, bytes):
                return AuthResult(success=False, handled=False)
            blob = base64.b64encode(response)
        try:
            fields = base64.b64decode(blob, validate=True).decode().split("\x01")
        except (binascii.Error, UnicodeDecodeError):
            await server.push("501 5.5.2 Can't decode base64")
            return AuthResult(success=False, handled=True)
        values = dict(f.split("=", 1) for f in fields if "=" in f)
        ok = values.get("user") == USER.decode() and values.get("auth") == "Bearer " + TOKEN and fields[-2:] == ["", ""]
        return AuthResult(success=ok, handled=False, auth_data=LoginPassword(USER, b"") if ok else None)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("refuse"):
            return "550 5.1.1 <%s>: recipient refused by the test server" % address
        if local.startswith("tempfail"):
            return "451 4.3.0 <%s>: try again later" % address
        if local.startswith("drop"):
            server.transport.abort()
            return "421 4.4.2 connection dropped"
        if local.startswith("slow"):
            await asyncio.sleep(5)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        folder = os.path.join(self.directory, "messages")
        with COUNTER_LOCK:
            COUNTER[0] += 1
            n = COUNTER[0]
            content = envelope.original_content
            with open(os.path.join(folder, "%d.eml" % n), "wb") as f:
                f.write(content)
            auth = getattr(session, "auth_data", None)
            login = getattr(auth, "login", None)
            entry = {
                "n": n,
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "message_id": message_id(content),
                "auth_user": login.decode() if isinstance(login, bytes) else login,
                "tls": self.implicit_tls or session.ssl is not None,
                "listener": self.listener,
                "peer": "%s:%d" % tuple(session.peer[:2]),
            }
            with open(os.path.join(self.directory, "log.jsonl"), "a") as f:
                f.write(json.dumps(entry) + "\n")
        return "250 2.0.0 OK queued as %d" % n


COUNTER = [0]
COUNTER_LOCK = threading.Lock()


def message_id(content):
    for line in content.split(b"\r\n"):
        if not line:
            break
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().strip(b"<>").decode(errors="replace")
    return None


async def serve(directory, stop_on_stdin_eof):
    os.makedirs(os.path.join(directory, "messages"), exist_ok=True)
    existing = [int(name[:-4]) for name in os.listdir(os.path.join(directory, "messages")) if name.endswith(".eml")]
    COUNTER[0] = max(existing, default=0)
    cert, key = make_certificate(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    loop = asyncio.get_running_loop()

    def factory(listener, **options):
        implicit = listener == "tls"
        handler = Handler(directory, listener, implicit)
        return lambda: SMTP(handler, hostname="sendcheck-test", authenticator=authenticator, **options)

    listeners = {
        "plain": (factory("plain", auth_require_tls=False), None),
        "starttls": (factory("starttls", tls_context=context, require_starttls=True), None),
        "tls": (factory("tls", auth_require_tls=False), context),
    }
    servers = {}
    for name, (protocol, ssl_context) in listeners.items():
        servers[name] = await loop.create_server(protocol, "127.0.0.1", 0, ssl=ssl_context)
    ports = {name: s.sockets[0].getsockname()[1] for name, s in servers.items()}
    ports["cert"] = cert
    temporary = os.path.join(directory, "ports.json.tmp")
    with open(temporary, "w") as f:
        json.dump(ports, f)
    os.replace(temporary, os.path.join(directory, "ports.json"))

    stop = asyncio.Event()
    # A parent may have started us with these signals blocked (a thread of a test process).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if stop_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.buffer.read(), loop.call_soon_threadsafe(stop.set)), daemon=True).start()
    await stop.wait()
    for s in servers.values():
        s.close()


def main():
    parser = argparse.ArgumentParser(description="SMTP test server for sendcheck (aiosmtpd)")
    parser.add_argument("--dir", required=True, help="folder for ports.json, the certificate, messages and log")
    parser.add_argument("--stop-on-stdin-eof", action="store_true", help="also stop when standard input closes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="smtp-test-server: %(levelname)s %(message)s")
    # aiosmtpd warns about its own use of the deprecated Session.login_data on every AUTH, and logs
    # a traceback for every client that rejects the certificate (which the tests do on purpose).
    mail_log = logging.getLogger("mail.log")
    mail_log.setLevel(logging.ERROR)
    mail_log.addFilter(lambda record: not (record.exc_info and isinstance(record.exc_info[1], TLSSetupException)))
    asyncio.run(serve(os.path.abspath(args.dir), args.stop_on_stdin_eof))
    return 0


if __name__ == "__main__":
    sys.exit(main())
