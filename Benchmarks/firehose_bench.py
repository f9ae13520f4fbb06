#!/usr/bin/env python3
"""Firehose transformation: piimask per event next to a Python handler doing it the blueprint way.

    python3 Benchmarks/firehose_bench.py [--piimask .build/release/piimask] [--mib 1] [--events 20]
    python3 Benchmarks/firehose_bench.py --write-event EVENT.json   # the event only, to profile

Builds one Firehose data-transformation event holding about 1 MiB of JSON Lines app-log events
(Benchmarks/corpus.py's event shapes, PII in about half of them), one line per record as Firehose
buffers direct-PUT records, and times, in the same run:

  python     a Lambda handler in this process: json.loads(event), per record base64 decode,
             json.loads, the five default patterns (Benchmarks/peers/patterns.py) substituted in
             every string value, json.dumps, base64 encode; json.dumps(response). Python `re`.
  lambda-Nt  `piimask lambda` as a warm Lambda runs it, with N masking threads (1, and one per
             core): a fake Runtime API on 127.0.0.1 (this script) hands it the event; the time is
             from the moment the event is sent to the moment the whole response has arrived, so it
             includes the HTTP transfer both ways. Python and both runtimes take turns, event by
             event, so that load from elsewhere on the machine falls on all of them alike.
  firehose   `piimask firehose EVENT` as a new process per event (a cold start: process start,
             pattern compilation, reading the file and writing the response).

Both sides mask the same five entity types with `[ENTITY]` tokens, and the number of tokens in the
decoded responses is checked against the number of PII values planted: a fast wrong answer fails.
The ratios reported are python / lambda-Nt per warm event (medians, and best runs); the target, at
least 20x, applies to the best configuration (a Lambda function with 1,769 MB has 2 vCPUs).
"""
import argparse
import base64
import http.server
import json
import os
import queue
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "peers"))
import corpus  # noqa: E402
from patterns import PASS_ORDER, pcre_patterns  # noqa: E402

ENTITIES = ",".join(PASS_ORDER)
TOKEN = re.compile(rb"\[(CREDIT_CARD|USA_SSN|EMAIL|IP_ADDRESS|PHONE_NUMBER)\]")


def build_event(mib, seed=20240602, density=0.5):
    """A Firehose event of about `mib` MiB of JSON lines; returns (event bytes, planted PII count)."""
    rng = random.Random(seed)
    pii, benign = corpus.PII(rng), corpus.Benign(rng)
    target = int(mib * 1024 * 1024)
    size, records = 0, []
    while size < target:
        line = json.dumps(corpus.json_event(pii, benign, rng.random() < density),
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        size += len(line)
        records.append({"recordId": f"{len(records):056d}",
                        "approximateArrivalTimestamp": 1764067200000 + len(records),
                        "data": base64.b64encode(line).decode("ascii")})
    event = {"invocationId": "bench", "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/bench",
             "region": "us-east-1", "records": records}
    return json.dumps(event).encode(), sum(pii.counts.values()), size, len(records)


# ---- the Python handler, the blueprint way ------------------------------------------------------

PASSES = [(re.compile(p), "[" + e + "]") for e, p in pcre_patterns()]


def mask_value(value):
    if isinstance(value, str):
        for regex, token in PASSES:
            value = regex.sub(token, value)
        return value
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    return value


def handler(event, context=None):
    output = []
    for record in event["records"]:
        try:
            payload = base64.b64decode(record["data"]).decode("utf-8")
            lines = [json.dumps(mask_value(json.loads(line)), ensure_ascii=False, separators=(",", ":"))
                     for line in payload.splitlines()]
            data = ("\n".join(lines) + "\n").encode("utf-8")
            output.append({"recordId": record["recordId"], "result": "Ok",
                           "data": base64.b64encode(data).decode("ascii")})
        except Exception:  # noqa: BLE001 - the blueprint's way: one bad record fails alone
            output.append({"recordId": record["recordId"], "result": "ProcessingFailed", "data": record["data"]})
    return {"records": output}


def python_event(event_bytes):
    return json.dumps(handler(json.loads(event_bytes))).encode()


# ---- counting what a response masked --------------------------------------------------------------

def count_tokens(response_bytes):
    response = json.loads(response_bytes)
    results = {r["result"] for r in response["records"]}
    assert results == {"Ok"}, results
    return sum(len(TOKEN.findall(base64.b64decode(r["data"]))) for r in response["records"])


# ---- piimask lambda behind a fake Runtime API -------------------------------------------------------

class RuntimeAPI(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), RuntimeHandler)
        self.invocations = queue.Queue()
        self.sent = {}
        self.results = queue.Queue()


class RuntimeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path != "/2018-06-01/runtime/invocation/next":
            self.send_error(404)
            return
        request_id, body = self.server.invocations.get()
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 300000))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.server.sent[request_id] = time.perf_counter()
        self.wfile.write(body)
        self.wfile.flush()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        done = time.perf_counter()
        parts = self.path.split("/")
        request_id, kind = parts[-2], parts[-1]
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.server.results.put((request_id, kind, body, done - self.server.sent.get(request_id, done)))


class LambdaRuntime:
    """`piimask lambda` behind its own fake Runtime API, handed one invocation at a time."""

    def __init__(self, binary, invocations, env, threads):
        self.server = RuntimeAPI()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        environment = dict(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{self.server.server_address[1]}",
                           PIIMASK_ENTITIES=ENTITIES, PIIMASK_THREADS=str(threads))
        self.process = subprocess.Popen([binary, "lambda", "--max-invocations", str(invocations)], env=environment)
        self.count = 0

    def invoke(self, event):
        """Seconds from sending the event to having the whole response, and the response."""
        request_id = f"req-{self.count:04d}"
        self.count += 1
        self.server.invocations.put((request_id, event))
        got_id, kind, body, seconds = self.server.results.get(timeout=120)
        if kind != "response" or got_id != request_id:
            raise SystemExit(f"piimask lambda posted {kind} for {got_id}: {body[:300]!r}")
        return seconds, body

    def close(self):
        try:
            self.process.wait(timeout=60)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self.server.shutdown()
            self.server.server_close()


def time_interleaved(binary, event, events, env):
    """Python and piimask lambda (1 thread and one per core) in turns, so that load from other
    processes on the machine falls on all of them alike."""
    warmup = 2
    cores = os.cpu_count() or 1
    runtimes = {"lambda-1t": LambdaRuntime(binary, events + warmup, env, 1)}
    if cores > 1:
        runtimes[f"lambda-{cores}t"] = LambdaRuntime(binary, events + warmup, env, cores)
    times = {name: [] for name in ["python", *runtimes]}
    responses = {}
    try:
        for round_number in range(events + warmup):
            start = time.perf_counter()
            responses["python"] = python_event(event)
            if round_number >= warmup:
                times["python"].append(time.perf_counter() - start)
            for name, runtime in runtimes.items():
                seconds, responses[name] = runtime.invoke(event)
                if round_number >= warmup:
                    times[name].append(seconds)
    finally:
        for runtime in runtimes.values():
            runtime.close()
    return {name: (times[name], responses[name]) for name in times}


def time_firehose(binary, event_path, events):
    times, response = [], None
    for _ in range(events):
        start = time.perf_counter()
        result = subprocess.run([binary, "firehose", "--entities", ENTITIES, event_path],
                                stdout=subprocess.PIPE, check=True)
        times.append(time.perf_counter() - start)
        response = result.stdout
    return times, response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--piimask", default=os.path.join(HERE, "..", ".build", "release", "piimask"))
    parser.add_argument("--mib", type=float, default=1.0, help="JSON lines per event (MiB)")
    parser.add_argument("--events", type=int, default=20, help="events timed per tool")
    parser.add_argument("--target", type=float, default=20.0, help="required python/lambda ratio")
    parser.add_argument("--write-event", metavar="PATH", help="write the event to PATH and stop (for profiling)")
    args = parser.parse_args()
    if args.write_event:
        with open(args.write_event, "wb") as handle:
            handle.write(build_event(args.mib)[0])
        return
    binary = os.path.abspath(args.piimask)
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"{binary} not found: build it (make build) or pass --piimask")

    event, planted, data_bytes, records = build_event(args.mib)
    print(f"event: {records} records, {data_bytes / 1048576:.2f} MiB of JSON lines, {len(event) / 1e6:.2f} MB as an event; "
          f"{planted} PII values planted")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIIMASK_")}

    with tempfile.TemporaryDirectory() as work:
        event_path = os.path.join(work, "event.json")
        with open(event_path, "wb") as handle:
            handle.write(event)
        results = time_interleaved(binary, event, args.events, env)
        results["firehose"] = time_firehose(binary, event_path, max(5, args.events // 2))

    ok = True
    medians, best = {}, {}
    print(f"{'tool':<12} {'median ms/event':>16} {'best ms':>8} {'MiB/s':>8} {'masked':>7}  check")
    for name, (times, response) in results.items():
        medians[name], best[name] = statistics.median(times), min(times)
        masked = count_tokens(response)
        check = "ok" if masked == planted else f"FAIL (expected {planted})"
        ok &= masked == planted
        print(f"{name:<12} {medians[name] * 1000:>16.2f} {best[name] * 1000:>8.2f} "
              f"{data_bytes / 1048576 / medians[name]:>8.1f} {masked:>7}  {check}")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    warm = 0.0
    for name in results:
        if name.startswith("lambda"):
            ratio = medians["python"] / medians[name]
            warm = max(warm, ratio)
            print(f"ratio python/{name} (warm, per event): {ratio:.1f}x median, "
                  f"{best['python'] / best[name]:.1f}x best")
    print(f"ratio python/firehose (a new process per event): {medians['python'] / medians['firehose']:.1f}x")
    if not ok:
        raise SystemExit("a tool masked another number of values than were planted")
    if warm < args.target:
        raise SystemExit(f"below the {args.target:g}x target")
    print(f"target {args.target:g}x: met")


if __name__ == "__main__":
    main()
