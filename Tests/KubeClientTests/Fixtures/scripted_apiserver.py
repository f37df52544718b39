#!/usr/bin/env python3
"""A scripted Kubernetes API endpoint for the one thing the real control plane cannot produce on demand:
a watch that expires (410 Gone), and a list that fails transiently. Serves ConfigMaps in namespace `x`:

  list #1      -> 500 (transient failure: the client must back off and retry)
  list #2      -> items [a], resourceVersion 10
  watch rv=10  -> one ERROR event with a 410 Status, then EOF   (the client must relist)
  list #3      -> items [b], resourceVersion 20
  watch rv=20  -> ADDED c (rv 21), then stays open until the client goes away

Prints "listening PORT" once ready. Every request is logged to stdout as "REQ <path+query>".
"""
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

lock = threading.Lock()
lists = 0

def cm(name, rv):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "x", "resourceVersion": rv}}

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_json(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        global lists
        print("REQ " + self.path, flush=True)
        url = urlparse(self.path)
        q = parse_qs(url.query)
        if url.path != "/api/v1/namespaces/x/configmaps":
            return self.send_json(404, {"kind": "Status", "status": "Failure", "reason": "NotFound", "code": 404, "message": "no"})
        if q.get("watch") != ["true"]:
            with lock:
                lists += 1
                n = lists
            if n == 1:
                return self.send_json(500, {"kind": "Status", "status": "Failure", "reason": "InternalError", "code": 500, "message": "etcd hiccup"})
            items, rv = ([cm("a", "10")], "10") if n == 2 else ([cm("b", "20")], "20")
            return self.send_json(200, {"kind": "ConfigMapList", "apiVersion": "v1", "metadata": {"resourceVersion": rv}, "items": items})
        rv = q.get("resourceVersion", [""])[0]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def chunk(obj):
            data = (json.dumps(obj) + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        if rv == "10":
            chunk({"type": "ERROR", "object": {"kind": "Status", "status": "Failure", "reason": "Expired", "code": 410,
                                                "message": "too old resource version: 10 (15)"}})
            self.wfile.write(b"0\r\n\r\n")
            return
        chunk({"type": "ADDED", "object": cm("c", "21")})
        try:
            # Hold the watch open until the client disconnects.
            while self.rfile.read(1):
                pass
        except Exception:
            pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening %d" % server.server_address[1], flush=True)
server.serve_forever()
