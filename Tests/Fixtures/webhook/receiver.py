#!/usr/bin/env python3
"""A webhook receiver for the tests: prints its port, then answers POSTs by path.

Every request is appended to the log file named by argv[1] as one JSON line (path, headers
that matter, body) when it arrives, before it is answered.

  /ok         200, JSON: what came (body, Idempotency-Key, Authorization, X-Token)
  /fail500    500, echoing the Authorization header (a careless receiver)
  /bad400     400
  /slow?s=N   waits N seconds, then 200
  /hang-once  the first request of an Idempotency-Key waits 60 s; later ones: 200 at once
  /big        200, 2 MiB of JSON text
  /redirect   302 to /ok
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

LOG = sys.argv[1]
LOCK = threading.Lock()
SEEN = set()


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        url = urlparse(self.path)
        key = self.headers.get("Idempotency-Key")
        record = {"path": url.path, "key": key, "auth": self.headers.get("Authorization"),
                  "token": self.headers.get("X-Token"), "type": self.headers.get("Content-Type"),
                  "office": self.headers.get("X-Office"), "body": body}
        with LOCK:
            with open(LOG, "a") as log:
                log.write(json.dumps(record) + "\n")
            first = key not in SEEN
            SEEN.add(key)
        if url.path == "/ok":
            self.answer(200, json.dumps({"received": json.loads(body or "null"), "key": key,
                                         "auth": record["auth"], "token": record["token"]}))
        elif url.path == "/fail500":
            self.answer(500, "broken; you sent " + str(record["auth"]), "text/plain")
        elif url.path == "/bad400":
            self.answer(400, json.dumps({"error": "no such form"}))
        elif url.path == "/slow":
            time.sleep(float(parse_qs(url.query).get("s", ["5"])[0]))
            self.answer(200, "{}")
        elif url.path == "/hang-once":
            if first:
                time.sleep(60)
            self.answer(200, json.dumps({"key": key}))
        elif url.path == "/big":
            self.answer(200, json.dumps({"filler": "x" * (2 << 20)}))
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.answer(404, "{}")

    def answer(self, status, text, kind="application/json"):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
