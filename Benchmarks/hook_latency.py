#!/usr/bin/env python3
"""Hook latency: piimask kept running as a transform hook, one record at a time.

Starts `piimask` with pipes, then N times writes one JSON line and waits for its masked answer
(while stdin stays open), and reports the median and 99th percentile round trip. This is how
rsyslog's mmexternal, Fluentd's exec_filter and NiFi's ExecuteStreamCommand use a filter.

    python3 Benchmarks/hook_latency.py --piimask .build/release/piimask [--rounds 1000] [--threads 1]
"""
import argparse
import os
import select
import statistics
import subprocess
import sys
import time

RECORD = (b'{"ts":"2026-11-26T10:00:00Z","level":"info","msg":"login by jane.doe@example.com from 203.0.113.42",'
          b'"user":{"id":"u-1","phone":"(202) 555-0143"}}\n')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--piimask", default=".build/release/piimask")
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--threads", default="1")
    args = parser.parse_args()

    proc = subprocess.Popen([args.piimask, "--format", "jsonl", "--threads", args.threads],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    out_fd = proc.stdout.fileno()
    timings = []
    try:
        for _ in range(args.rounds):
            started = time.perf_counter()
            proc.stdin.write(RECORD)
            answer = b""
            while not answer.endswith(b"\n"):
                ready, _, _ = select.select([out_fd], [], [], 5.0)
                if not ready:
                    print("FAIL: no answer within 5 s (output not flushed while input waits)", file=sys.stderr)
                    return 1
                chunk = os.read(out_fd, 65536)
                if not chunk:
                    print("FAIL: piimask exited", file=sys.stderr)
                    return 1
                answer += chunk
            timings.append(time.perf_counter() - started)
            if b"[EMAIL]" not in answer or b"jane.doe" in answer:
                print(f"FAIL: wrong answer {answer!r}", file=sys.stderr)
                return 1
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)
    timings.sort()
    median = statistics.median(timings) * 1000
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    print(f"hook round trips: {len(timings)}, threads {args.threads}: median {median:.3f} ms, p99 {p99:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
