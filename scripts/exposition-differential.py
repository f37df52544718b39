#!/usr/bin/env python3
"""Differential check of exposition edge cases against a real Prometheus.

Serves each case body on loopback (text cases as text/plain 0.0.4, OpenMetrics cases as
application/openmetrics-text 1.0.0), lets `prometheus` scrape every case as its own job, and prints
each job's health and last scrape error. Sextant's verdicts for the same inputs are the tables in
Tests/ExpositionTests/Parser/{TextParserTests,OpenMetricsParserTests}.swift.

Usage: scripts/exposition-differential.py [path/to/prometheus]
Known differences with Debian's prometheus 2.42 (Sextant follows Prometheus 3): OpenMetrics trailing
commas in label sets are accepted, exemplars are allowed on every metric, leading blanks on a text line
are skipped instead of becoming part of the metric name.
"""
import http.server, json, os, subprocess, sys, tempfile, threading, time, urllib.request

TEXT = {
 "t_nocomma": 'foo{a="1"b="2"} 3\n',
 "t_valuebrace": 'foo{a="1"}3\n',
 "t_dashvalue": 'foo-1 2\n',
 "t_nlvalue": 'foo{a="x\ny"} 1\n',
 "t_nul": 'foo 1\n\0garbage{{{\n',
 "t_negts": 'foo 1 -2\n',
 "t_crlf": 'foo 1\r\nbar 2\r\n',
 "t_dupname": 'foo{__name__="x"} 1\n',
 "t_duplabel": 'foo{a="1",a="2"} 1\n',
 "t_plusnan": 'foo +NaN\n',
 "t_infinity": 'foo Infinity\n',
 "t_overflow": 'foo 1e400\n',
 "t_unknowntype": '# TYPE foo unknown\nfoo 1\n',
 "t_emptyval": 'foo{a=""} 1\n',
 "t_tsoverflow": 'foo 1 99999999999999999999\n',
 "t_emptyset": 'foo{} 3\n',
 "t_hex": 'foo 0x10\n',
 "t_noname": '{a="b"} 1\n',
 "t_helpalone": '# HELP\nfoo 1\n',
 "t_helpnoname": '# HELP \nfoo 1\n',
 "t_typetrail": '# TYPE foo counter \nfoo 1\n',
 "t_bsnl": 'a{x="1\\\n"} 1\n',
 "t_floatts": 'foo 1 1.5\n',
 "t_lonecomma": 'foo{,} 1\n',
 "t_exemplar": 'foo 1 # {a="b"} 1\n',
 "t_trailcomma": 'foo{a="1",} 1\n',
 "t_leadblank": '   foo 1\n',
 "t_hashnospace": '#foo\nfoo 1\n',
 "t_unterminated": 'foo{a="b',
}
OM = {
 "o_noeof": 'foo 1\n',
 "o_exdup": 'foo_total 1 # {a="1",a="2"} 3\n# EOF\n',
 "o_exnan": 'foo_total 1 # {} NaN\n# EOF\n',
 "o_floatts": 'foo 1 1.5\n# EOF\n',
 "o_negts": 'foo 1 -1.5\n# EOF\n',
 "o_unit": '# UNIT fooseconds seconds\n# EOF\n',
 "o_blank": '\nfoo 1\n# EOF\n',
 "o_comment": '# random comment\n# EOF\n',
 "o_trailcomma": 'foo{a="b",} 1\n# EOF\n',
 "o_space": 'foo{a="b", c="d"} 1\n# EOF\n',
 "o_nocomma": 'foo{a="b"c="d"} 1\n# EOF\n',
 "o_after": '# EOF\nfoo 1\n',
 "o_eofnonl": 'foo 1\n# EOF',
 "o_eofblank": '# EOF\n\n',
 "o_untyped": '# TYPE foo untyped\n# EOF\n',
 "o_helpnotext": '# HELP foo\n# EOF\n',
 "o_nants": 'foo 1 NaN\n# EOF\n',
 "o_trail": 'foo 1 \n# EOF\n',
 "o_dupl": 'foo{a="1",a="2"} 1\n# EOF\n',
 "o_exts": 'foo_bucket{le="1"} 2 # {trace_id="abc"} 1.0 123.45\n# EOF\n',
 "o_exinf": 'foo 1 # {a="b"} 1 +Inf\n# EOF\n',
 "o_dblspace": 'foo  1\n# EOF\n',
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        name = self.path.strip('/').split('?')[0]
        if name in TEXT:
            body, ct = TEXT[name], 'text/plain; version=0.0.4'
        elif name in OM:
            body, ct = OM[name], 'application/openmetrics-text; version=1.0.0; charset=utf-8'
        else:
            self.send_response(404)
            self.end_headers()
            return
        b = body.encode('utf-8', 'surrogateescape')
        self.send_response(200)
        self.send_header('Content-Type', ct)
        self.send_header('Content-Length', str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def log_message(self, *a):
        pass


def main():
    prometheus = sys.argv[1] if len(sys.argv) > 1 else 'prometheus'
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
        for n in list(TEXT) + list(OM):
            cfg += f"  - job_name: {n}\n    metrics_path: /{n}\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"
        with open(os.path.join(tmp, 'prom.yml'), 'w') as f:
            f.write(cfg)
        web = '127.0.0.1:19391'
        proc = subprocess.Popen([prometheus, f'--config.file={tmp}/prom.yml', f'--storage.tsdb.path={tmp}/data',
                                 f'--web.listen-address={web}'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(8)
            data = json.load(urllib.request.urlopen(f'http://{web}/api/v1/targets'))
            for t in sorted(data['data']['activeTargets'], key=lambda t: t['labels']['job']):
                print(f"{t['labels']['job']:16} {t['health']:5} {t['lastError'][:140]}")
        finally:
            proc.terminate()
            proc.wait()
    server.shutdown()


if __name__ == '__main__':
    main()
