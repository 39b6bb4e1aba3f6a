#!/usr/bin/env python3
"""A fault-making proxy in front of a real CalDAV server, for closeout's tests.

    proxy.py PORT UPSTREAM MODE [ARG]

Modes:
  pass          forward everything
  race DAY      on the first PUT that carries If-Match, first change that to-do's DUE to DAY
                directly on the server, as another client would, then forward the PUT
                (which the server then refuses with 412)
  no-sync       answer 501 to sync-collection, as a server without sync tokens does
  web-root P    a web page at /, and /.well-known/caldav redirecting to P (RFC 6764), as
                servers whose CalDAV lives under a path of its own do
  cut N         forward the first N PUTs; the server takes PUT number N, but the proxy drops
                the connection before answering and exits: a server gone mid-sync
Listens on 127.0.0.1 only; exits by itself after 120 seconds.
"""

import datetime
import http.client
import http.server
import os
import sys
import threading
import urllib.parse

import icalendar

PORT = int(sys.argv[1])
UPSTREAM = urllib.parse.urlsplit(sys.argv[2])
MODE = sys.argv[3]
ARG = sys.argv[4] if len(sys.argv) > 4 else None
state = {"puts": 0, "raced": False}
lock = threading.Lock()


def upstream(method, path, headers, body):
    conn = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=30)
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp, data


def race(path, headers):
    auth = {k: v for k, v in headers.items() if k.lower() == "authorization"}
    resp, data = upstream("GET", path, auth, None)
    cal = icalendar.Calendar.from_ical(data)
    for todo in cal.walk("VTODO"):
        todo.pop("DUE", None)
        todo.add("DUE", datetime.date.fromisoformat(ARG))
        todo.pop("LAST-MODIFIED", None)
        todo.add("LAST-MODIFIED", datetime.datetime.now(datetime.timezone.utc)
                 + datetime.timedelta(days=3650))
    put_headers = dict(auth)
    put_headers["Content-Type"] = "text/calendar; charset=utf-8"
    upstream("PUT", path, put_headers, cal.to_ical())


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except ConnectionError:
            self.close_connection = True

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        cut = False
        if MODE == "web-root" and self.path in ("/", "/.well-known/caldav"):
            if self.path == "/":
                page = b"<html><body>a web page</body></html>"
                self.send_response(200, "OK")
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
            else:
                self.send_response(301, "Moved Permanently")
                self.send_header("Location", ARG)
                self.send_header("Content-Length", "0")
                self.end_headers()
            return
        if MODE == "no-sync" and self.command == "REPORT" and body and b"sync-collection" in body:
            self.send_response(501, "Not Implemented")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.command == "PUT":
            with lock:
                state["puts"] += 1
                if MODE == "race" and not state["raced"] and "If-Match" in self.headers:
                    state["raced"] = True
                    race(self.path, headers)
                cut = MODE == "cut" and state["puts"] >= int(ARG)
        resp, data = upstream(self.command, self.path, headers, body)
        if cut:
            self.connection.close()
            os._exit(0)
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in ("transfer-encoding", "connection", "content-length", "date", "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.forward
        raise AttributeError(name)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    threading.Timer(120, lambda: os._exit(0)).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
