#!/usr/bin/env python3
"""Loopback HTTP(S) server for HTTPClientTests.

Prints "READY port=<port>" on stdout once it accepts connections. Routes:
  /echo               JSON: method, path, headers (lower-cased names), body, client_port, client_cn
  /gzip?size=N        N bytes of text, gzip-encoded when the client accepts gzip
  /bytes?n=N          N bytes of "x"
  /sleep?ms=N         answers after N ms
  /redirect?to=PATH   302 to PATH
  /status?code=N      empty response with that status
  /chunks?n=N&delay_ms=M   chunked body "chunk-0\n" ... flushed one by one, M ms apart
Options: --cert FILE --key FILE enable TLS; --client-ca FILE additionally requires a client certificate.
"""
import argparse
import gzip
import json
import socketserver
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the client's connection reuse is observable

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.do_handshake()

    def log_message(self, format, *args):
        pass

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _query(self):
        parsed = urlparse(self.path)
        return parsed.path, {k: v[0] for k, v in parse_qs(parsed.query).items()}

    def _handle(self):
        path, query = self._query()
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length) if length else b""
        if path == "/echo":
            cn = None
            if isinstance(self.connection, ssl.SSLSocket):
                cert = self.connection.getpeercert()
                if cert:
                    cn = dict(x[0] for x in cert["subject"]).get("commonName")
            payload = {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("latin-1"),
                "client_port": self.client_address[1],
                "client_cn": cn,
            }
            self._send(200, json.dumps(payload).encode(), [("Content-Type", "application/json")])
        elif path == "/gzip":
            text = (b"sextant gzip test line\n" * (int(query.get("size", "1000")) // 23 + 1))[: int(query.get("size", "1000"))]
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                self._send(200, gzip.compress(text), [("Content-Encoding", "gzip")])
            else:
                self._send(200, text)
        elif path == "/bytes":
            self._send(200, b"x" * int(query.get("n", "0")))
        elif path == "/sleep":
            time.sleep(int(query.get("ms", "0")) / 1000)
            self._send(200, b"slept")
        elif path == "/redirect":
            self._send(302, b"", [("Location", query.get("to", "/echo"))])
        elif path == "/status":
            self._send(int(query.get("code", "200")))
        elif path == "/chunks":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.flush()
            for i in range(int(query.get("n", "3"))):
                if i:
                    time.sleep(int(query.get("delay_ms", "100")) / 1000)
                data = f"chunk-{i}\n".encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        else:
            self._send(404, b"not found")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # hundreds of concurrent connects must not overflow the backlog

    def handle_error(self, request, client_address):
        pass  # TLS handshake failures are expected in the negative tests


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
        # Handshake in the handler thread (see Handler.setup), not in the accepting thread.
        server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    print(f"READY port={server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
