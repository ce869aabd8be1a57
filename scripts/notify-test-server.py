#!/usr/bin/env python3
"""A local stand-in for GOV.UK Notify's email endpoint, for sendcheck's tests.

    python3 scripts/notify-test-server.py --dir DIR --api-key KEY --template TEMPLATE_ID

Listens on 127.0.0.1 on a port the system chooses and writes it to DIR/port once listening.
POST /v2/notifications/email is checked as Notify checks it: a Bearer JWT signed HS256 with the
key's secret, whose iss is the key's service id and whose iat is within 30 s of this clock (else
401/403 AuthError with Notify's messages); a JSON body with email_address, a template_id given
with --template and personalisation holding subject and body (else 400 BadRequestError or
ValidationError).

The email address's local part picks a behaviour:
  ratelimit...@  429 RateLimitError for the first 2 requests for that address, then accepted
  busy...@       429 TooManyRequestsError every time
  bad...@        400 BadRequestError
  boom...@       500 Exception
  slow...@       accepted after a 3 s wait (for client timeouts)
  hang...@       never answered (a Notify that is down behind a load balancer)
  endless...@    201 with a body that never ends (chunked)
  headers...@    a reply whose headers never end

With --tls-cert and --tls-key it speaks HTTPS (for certificate checks in clients).
It stops by itself after --lifetime seconds (600 unless told), on SIGTERM or SIGINT.
Every request is logged to DIR/log.jsonl ({"status", "email_address", "path"}); accepted ones are
appended to DIR/requests.jsonl and answered 201 as Notify does.
Standard library only.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
GENERAL_TOKEN_ERROR = (
    "Invalid token: make sure your API token matches the example at "
    "https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header"
)


class Refusal(Exception):
    """An error reply: status, Notify's error type and message."""

    def __init__(self, status, error, message):
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def b64decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def check_token(header, service_id, secret):
    """Notify's checks of the Authorization header, in Notify's order and words."""
    if not header:
        raise Refusal(401, "AuthError", "Unauthorized: authentication token must be provided")
    if header[:7].title() != "Bearer ":
        raise Refusal(401, "AuthError", "Unauthorized: authentication bearer scheme must be used")
    token = header[7:]
    try:
        head_part, claims_part, signature_part = token.split(".")
        head = json.loads(b64decode(head_part))
        claims = json.loads(b64decode(claims_part))
        signature = b64decode(signature_part)
    except (ValueError, TypeError):
        raise Refusal(403, "AuthError", "Invalid token: signature, api token is not valid")
    if not isinstance(claims, dict) or "iss" not in claims:
        raise Refusal(403, "AuthError", "Invalid token: iss field not provided")
    if claims["iss"] != service_id:
        raise Refusal(403, "AuthError", "Invalid token: service not found")
    if not isinstance(head, dict) or head.get("alg") != "HS256":
        raise Refusal(403, "AuthError", "Invalid token: algorithm used is not HS256")
    expected = hmac.new(secret.encode(), (head_part + "." + claims_part).encode(), hashlib.sha256).digest()
    if not hmac.compare_digest(expected, signature):
        raise Refusal(403, "AuthError", "Invalid token: API key not found")
    iat = claims.get("iat")
    if not isinstance(iat, int) or isinstance(iat, bool):
        raise Refusal(403, "AuthError", GENERAL_TOKEN_ERROR)
    if abs(time.time() - iat) > 30:
        raise Refusal(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")


def check_body(raw, templates):
    """Notify's schema and template checks of the request body; the parsed body."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refusal(400, "BadRequestError", "Invalid JSON supplied in POST data")
    if not isinstance(body, dict):
        raise Refusal(400, "ValidationError", "POST data is not a JSON object")
    for field in ("email_address", "template_id"):
        if field not in body:
            raise Refusal(400, "ValidationError", f"{field} is a required property")
    if not isinstance(body["email_address"], str) or not EMAIL.match(body["email_address"]):
        raise Refusal(400, "ValidationError", "email_address Not a valid email address")
    if not isinstance(body["template_id"], str) or not UUID.match(body["template_id"]):
        raise Refusal(400, "ValidationError", "template_id is not a valid UUID")
    if body["template_id"] not in templates:
        raise Refusal(400, "BadRequestError", "Template not found")
    personalisation = body.get("personalisation")
    if not isinstance(personalisation, dict):
        raise Refusal(400, "BadRequestError", "Missing personalisation: body, subject")
    missing = sorted(name for name in ("body", "subject") if not isinstance(personalisation.get(name), str))
    if missing:
        raise Refusal(400, "BadRequestError", "Missing personalisation: " + ", ".join(missing))
    reference = body.get("reference")
    if reference is not None and not isinstance(reference, str):
        raise Refusal(400, "ValidationError", "reference is not of type string")
    return body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "notify-test-server"

    def log_message(self, format, *args):  # noqa: A002 - quiet: the log is DIR/log.jsonl
        pass

    def reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def misbehave(self, local):
        """Never answers, or answers without end, until the client goes away."""
        try:
            if local.startswith("hang"):
                time.sleep(3600)
            self.send_response(201)
            if local.startswith("headers"):
                n = 0
                while True:
                    n += 1
                    self.send_header("X-Padding-%d" % n, "x" * 200)
                    self.flush_headers()
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"%x\r\n%s\r\n" % (8192, b" " * 8192)
            while True:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def record(self, name, entry):
        with self.server.lock, open(os.path.join(self.server.dir, name), "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def do_GET(self):  # noqa: N802
        self.refuse_path()

    def refuse_path(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.record("log.jsonl", {"status": 404, "email_address": None, "path": self.path})
        self.reply(404, {"status_code": 404, "errors": [{"error": "ResourceNotFound", "message": "Not found"}]})

    def do_POST(self):  # noqa: N802
        if self.path != "/v2/notifications/email":
            return self.refuse_path()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        address = None
        try:
            check_token(self.headers.get("Authorization"), self.server.service_id, self.server.secret)
            body = check_body(raw, self.server.templates)
            address = body["email_address"]
            local = address.split("@")[0].lower()
            if local.startswith("ratelimit"):
                with self.server.lock:
                    seen = self.server.counts.get(address, 0)
                    self.server.counts[address] = seen + 1
                if seen < 2:
                    raise Refusal(429, "RateLimitError", "Exceeded rate limit for key type live of 3000 requests per 60 seconds")
            if local.startswith("busy"):
                raise Refusal(429, "TooManyRequestsError", "Exceeded send limits (email: 250000) for today")
            if local.startswith("bad"):
                raise Refusal(400, "BadRequestError", "Can’t send to this recipient using a team-only API key")
            if local.startswith("boom"):
                raise Refusal(500, "Exception", "Internal server error")
            if local.startswith("slow"):
                time.sleep(3)
            if local.startswith(("hang", "endless", "headers")):
                self.record("log.jsonl", {"status": None, "email_address": address, "path": self.path})
                return self.misbehave(local)
        except Refusal as refusal:
            if address is None:
                try:
                    address = json.loads(raw).get("email_address")
                except (ValueError, AttributeError):
                    address = None
            self.record("log.jsonl", {"status": refusal.status, "email_address": address, "path": self.path})
            errors = [{"error": refusal.error, "message": refusal.message}]
            return self.reply(refusal.status, {"status_code": refusal.status, "errors": errors})
        notification = str(uuid.uuid4())
        personalisation = body["personalisation"]
        self.record(
            "requests.jsonl",
            {
                "id": notification,
                "email_address": address,
                "template_id": body["template_id"],
                "personalisation": personalisation,
                "reference": body.get("reference"),
                "user_agent": self.headers.get("User-Agent"),
                "content_type": self.headers.get("Content-Type"),
            },
        )
        self.record("log.jsonl", {"status": 201, "email_address": address, "path": self.path})
        scheme = "https" if isinstance(self.server.socket, ssl.SSLSocket) else "http"
        host = "%s://%s:%d" % (scheme, *self.server.server_address[:2])
        self.reply(
            201,
            {
                "id": notification,
                "reference": body.get("reference"),
                "content": {
                    "subject": personalisation["subject"],
                    "body": personalisation["body"],
                    "from_email": "sendcheck@notifications.service.gov.uk",
                },
                "uri": f"{host}/v2/notifications/{notification}",
                "template": {"id": body["template_id"], "version": 1, "uri": f"{host}/v2/templates/{body['template_id']}"},
            },
        )


def main():
    parser = argparse.ArgumentParser(description="A local GOV.UK Notify stand-in for tests.")
    parser.add_argument("--dir", required=True, help="folder for port, log.jsonl and requests.jsonl")
    parser.add_argument("--api-key", required=True, help="the key whose service id and secret tokens must match")
    parser.add_argument("--template", action="append", default=[], help="a template id that exists (repeatable)")
    parser.add_argument("--tls-cert", help="a PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert")
    parser.add_argument("--lifetime", type=float, default=600, help="seconds before it stops by itself")
    args = parser.parse_args()
    # A child inherits its parent's blocked signals (a test runner's threads block most): unblock the
    # ones that stop it, so that terminating it works.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    key = args.api_key.strip()
    if len(key) < 73 or not UUID.match(key[-73:-37]) or not UUID.match(key[-36:]):
        parser.error("--api-key must end in '-{service id}-{secret key}'")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.dir, server.service_id, server.secret = args.dir, key[-73:-37], key[-36:]
    server.templates = set(args.template)
    server.lock, server.counts = threading.Lock(), {}
    os.makedirs(args.dir, exist_ok=True)
    temporary = os.path.join(args.dir, "port.tmp")
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(temporary, os.path.join(args.dir, "port"))
    stopper = threading.Timer(args.lifetime, server.shutdown)
    stopper.daemon = True
    stopper.start()
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
