#!/usr/bin/env python3
"""restic's REST backend protocol (doc/REST_backend.rst, v1 and v2 listings) over a folder in the
local backend's layout, with faults the real-restic tests switch on per request.

Usage: rest_backend.py REPO_DIR FAULTS_JSON
Prints the port it listens on (127.0.0.1) as its first stdout line, then serves until killed.

FAULTS_JSON is a list of faults, each applied to the requests it matches, in order:
  {"method": "GET", "path": "^/index/", "status": 503, "times": 3, "body": "..."}
      answer with that status (and body) for the first `times` matching requests (default: all)
  {"method": "GET", "path": "^/locks/$", "list_extra": "<64 hex>"}
      add a name that does not exist to the listing (a lock listed but gone on load)
  {"method": "GET", "path": "^/locks/$", "vanish_after_list": true, "times": 1}
      list as usual, then delete the listed files (removed by another process after the listing)
A matched request is logged on stderr as `fault METHOD PATH -> what`.
"""
import json
import os
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPES = {"data", "keys", "locks", "snapshots", "index"}
V2 = "application/vnd.x.restic.rest.v2"


class Faults:
    def __init__(self, specs):
        self.specs = specs
        self.lock = threading.Lock()

    def take(self, method, path):
        """The first fault that matches and has attempts left; consumes one attempt."""
        with self.lock:
            for spec in self.specs:
                if spec.get("method", method) != method or not re.search(spec.get("path", ""), path):
                    continue
                times = spec.get("times")
                if times is not None:
                    if times <= 0:
                        continue
                    spec["times"] = times - 1
                sys.stderr.write(f"fault {method} {path} -> {json.dumps(spec)}\n")
                sys.stderr.flush()
                return spec
        return None


def file_path(root, kind, name):
    if kind == "data":
        return os.path.join(root, "data", name[:2], name)
    return os.path.join(root, kind, name)


def listing(root, kind):
    folder = os.path.join(root, kind)
    paths = []
    for base, _, files in os.walk(folder):
        paths += [os.path.join(base, f) for f in files if not f.startswith(".")]
    return paths


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", content_type="application/octet-stream", length=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def drain(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def route(self):
        path = self.path.split("?")[0]
        parts = [p for p in path.split("/") if p]
        if path == "/" or not parts:
            return None, None
        if parts[0] == "config" and len(parts) == 1:
            return "config", None
        if parts[0] in TYPES and len(parts) == 1:
            return parts[0], ""
        if parts[0] in TYPES and len(parts) == 2:
            return parts[0], parts[1]
        return "bad", None

    def handle_any(self):
        root, faults = self.server.root, self.server.faults
        body = self.drain() if self.command == "POST" else b""
        fault = faults.take(self.command, self.path)
        if fault and "status" in fault:
            text = fault.get("body", f"{fault['status']} fault injected\n").encode()
            return self.reply(fault["status"], text, "text/plain")
        kind, name = self.route()
        if kind is None:
            if self.command == "POST":
                for sub in ["data", "keys", "locks", "snapshots", "index"]:
                    os.makedirs(os.path.join(root, sub), exist_ok=True)
                return self.reply(200)
            return self.reply(405)
        if kind == "bad":
            return self.reply(404, b"not found\n", "text/plain")
        if kind == "config":
            target = os.path.join(root, "config")
        elif name == "":
            if self.command != "GET":
                return self.reply(405)
            paths = listing(root, kind)
            names = [(os.path.basename(p), os.path.getsize(p)) for p in paths]
            if fault and fault.get("list_extra"):
                names.append((fault["list_extra"], 150))
            if self.headers.get("Accept") == V2:
                doc, ctype = [{"name": n, "size": s} for n, s in names], V2
            else:
                doc, ctype = [n for n, _ in names], "application/json"
            self.reply(200, json.dumps(doc).encode(), ctype)
            if fault and fault.get("vanish_after_list"):
                for p in paths:
                    os.remove(p)
            return
        else:
            target = file_path(root, kind, name)
        if self.command == "POST":
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target + ".tmp", "wb") as f:
                f.write(body)
            os.replace(target + ".tmp", target)
            return self.reply(200)
        if not os.path.isfile(target):
            return self.reply(404, b"not found\n", "text/plain")
        if self.command == "DELETE":
            os.remove(target)
            return self.reply(200)
        if self.command == "HEAD":
            return self.reply(200, length=os.path.getsize(target))
        with open(target, "rb") as f:
            data = f.read()
        match = re.match(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
        if match:
            start = int(match.group(1))
            end = int(match.group(2)) + 1 if match.group(2) else len(data)
            return self.reply(206, data[start:end])
        return self.reply(200, data)

    do_GET = do_HEAD = do_POST = do_DELETE = handle_any


def main():
    # The test runner starts this with most signals blocked, and a blocked mask survives exec.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    root, faults = sys.argv[1], json.loads(sys.argv[2])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.root, server.faults = root, Faults(faults)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
