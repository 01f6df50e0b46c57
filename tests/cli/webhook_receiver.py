"""A webhook receiver for the tests, on 127.0.0.1: verifies every request's
signature with PyPI's `standardwebhooks` (the reference implementation)
and logs it as one JSON line; answers as the file MODE says.

usage: webhook_receiver.py SECRET_FILE MODE_FILE LOG_FILE
Prints the port it listens on, then serves until killed.

MODE (re-read on every request): `ok` (200), `fail` (500), `gone` (410),
`retry-after N` (429 with Retry-After: N), `redirect` (302), `stall`
(answers nothing for 60 s).
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

SECRET_FILE, MODE_FILE, LOG_FILE = sys.argv[1:4]
lock = threading.Lock()
in_flight = 0
log = open(LOG_FILE, "a", buffering=1)


def read(path, default=""):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One answer is two writes (head, body): without this, Nagle and the
    # client's delayed ACK hold each answer ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def do_POST(self):
        global in_flight
        with lock:
            in_flight += 1
            concurrent = in_flight
        try:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            if len(body) < length:
                # The sender went away mid-request (the tests kill -9 it):
                # like any HTTP server, this is no delivery, and the sender
                # never saw an answer, so it will send the event again.
                self.close_connection = True
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                Webhook(read(SECRET_FILE)).verify(body, headers)
                verified = True
            except Exception as e:  # noqa: BLE001 - any failure is logged
                verified = str(e) or type(e).__name__
            try:
                event = json.loads(body)
            except ValueError:
                event = {}
            mode = read(MODE_FILE, "ok")
            # A little time in the handler, so that two deliveries at once
            # would overlap here and be counted.
            time.sleep(0.001)
            line = {
                "webhook_id": headers.get("webhook-id"),
                "id": event.get("id"),
                "seq": event.get("seq"),
                "type": event.get("type"),
                "verified": verified,
                "concurrent": concurrent,
                "mode": mode,
                "path": self.path,
            }
            with lock:
                log.write(json.dumps(line) + "\n")
            if mode == "stall":
                time.sleep(60)
                return
            if mode.startswith("retry-after"):
                self.answer(429, "slow down", [("Retry-After", mode.split()[1])])
            elif mode == "fail":
                self.answer(500, "\x1b[31mred\x1b[0m failure")
            elif mode == "gone":
                self.answer(410, "gone")
            elif mode == "redirect":
                self.answer(302, "", [("Location", "http://127.0.0.1:1/elsewhere")])
            else:
                self.answer(200, "ok")
        finally:
            with lock:
                in_flight -= 1

    def answer(self, status, text, headers=()):
        data = text.encode()
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
