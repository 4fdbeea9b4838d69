"""Serves one version of the churn model over HTTP (stdlib only).

    python3 serve.py --model DIR --port 8001 [--version v2] [--variant stable]

POST /predict  {"age": 42, "plan": "pro", "spend_30d": 80.5, "signup_date": "2026-03-01", "email": "a@b.c"}
               -> {"churn_probability": 0.12, "churned": false, "model": "v2"}
GET  /health   -> {"status": "ok", "model": "v2"}
GET  /metrics  -> Prometheus text: http_requests_total{variant,code} and
                  http_request_duration_seconds{variant} (a histogram)

A model trained with the `email_domain` feature needs each request's email: a request
without one fails with 500, as a model that depends on a field production does not
always send would.
"""
import argparse
import datetime as dt
import json
import math
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLANS = ["basic", "pro", "enterprise"]
REFERENCE_DAY = dt.date(2026, 11, 26)
BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0]


def features(row, names):
    tenure = (REFERENCE_DAY - dt.date.fromisoformat(row["signup_date"])).days
    values = {
        "bias": 1.0,
        "age": (int(row["age"]) - 45) / 15,
        "spend_30d": (float(row["spend_30d"]) - 60) / 50,
        "tenure": (tenure - 450) / 100,
        "plan=pro": 1.0 if row["plan"] == "pro" else 0.0,
        "plan=enterprise": 1.0 if row["plan"] == "enterprise" else 0.0,
    }
    if "email_domain" in names:
        values["email_domain"] = 1.0 if row["email"].endswith("@example.com") else 0.0
    return [values[n] for n in names]


class Metrics:
    def __init__(self, variant):
        self.variant = variant
        self.lock = threading.Lock()
        self.requests = {}
        self.buckets = [0] * (len(BUCKETS) + 1)
        self.sum = 0.0
        self.count = 0

    def observe(self, code, seconds):
        with self.lock:
            self.requests[code] = self.requests.get(code, 0) + 1
            self.buckets[next((i for i, b in enumerate(BUCKETS) if seconds <= b), len(BUCKETS))] += 1
            self.sum += seconds
            self.count += 1

    def text(self):
        v = self.variant
        with self.lock:
            lines = ["# TYPE http_requests_total counter"]
            lines += [f'http_requests_total{{variant="{v}",code="{code}"}} {n}' for code, n in sorted(self.requests.items())]
            lines.append("# TYPE http_request_duration_seconds histogram")
            running = 0
            for bound, n in zip(BUCKETS + [math.inf], self.buckets):
                running += n
                le = "+Inf" if bound == math.inf else repr(bound)
                lines.append(f'http_request_duration_seconds_bucket{{variant="{v}",le="{le}"}} {running}')
            lines.append(f'http_request_duration_seconds_sum{{variant="{v}"}} {self.sum}')
            lines.append(f'http_request_duration_seconds_count{{variant="{v}"}} {self.count}')
        return "\n".join(lines) + "\n"


def handler(model, version, metrics):
    names, weights = model["features"], model["weights"]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, code, body, content_type="application/json"):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/health":
                self.send(200, {"status": "ok", "model": version})
            elif self.path == "/metrics":
                self.send(200, metrics.text(), "text/plain; version=0.0.4")
            else:
                self.send(404, {"error": f"no such path: {self.path}"})

        def do_POST(self):
            started = time.perf_counter()
            length = int(self.headers.get("Content-Length") or 0)
            try:
                if self.path != "/predict":
                    code, body = 404, {"error": f"no such path: {self.path}"}
                else:
                    row = json.loads(self.rfile.read(length) or b"{}")
                    p = 1 / (1 + math.exp(-sum(w * x for w, x in zip(weights, features(row, names)))))
                    code, body = 200, {"churn_probability": round(p, 6), "churned": p >= 0.5, "model": version}
            except (KeyError, ValueError, TypeError) as error:
                code, body = 500, {"error": f"cannot score this customer: {type(error).__name__}: {error}"}
            self.send(code, body)
            metrics.observe(str(code), time.perf_counter() - started)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="the model directory (holds model.json)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--version", default=os.environ.get("PIPEWRIGHT_MODEL_VERSION", "unknown"))
    parser.add_argument("--variant", default="stable")
    args = parser.parse_args()
    with open(os.path.join(args.model, "model.json")) as f:
        model = json.load(f)
    server = ThreadingHTTPServer((args.host, args.port), handler(model, args.version, Metrics(args.variant)))
    server.daemon_threads = True
    print(f"serving {args.version} ({args.variant}) on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
