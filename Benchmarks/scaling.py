#!/usr/bin/env python3
"""Thread scaling against this machine's own ceiling for the same work.

`--threads 2` is measured against `--threads 1` on one file. To tell the pipeline's losses from
the machine's, the same run also starts two `--threads 1` processes at once, each on its own copy
of the file: they share nothing but the hardware (caches, memory bandwidth, the hypervisor's
scheduling), so the speed-up they reach is the most any parallel design could reach here:

    ceiling    = 2 x T(one -t1 process alone) / T(two -t1 processes at once)
    scaling    = T(-t1) / T(-t2)
    efficiency = scaling / ceiling

Rounds are interleaved (alone, pair, -t2, ...) so that a change in the machine's load falls on all
three alike; medians are reported. Output goes to /dev/null (the file system's write path is the
same for every variant, and is not what is measured here).

Start-up (argument parsing, pattern compilation) and the last chunk's drain are serial, a fixed
cost that the second thread cannot share. So the same run measures an empty input (`-t1 on
/dev/null`, the fixed cost) and two sizes: the 64 MiB jsonl-low corpus and the same corpus four
times over (256 MiB), where the fixed cost weighs a quarter as much.

    python3 Benchmarks/scaling.py --piimask .build/release/piimask [--rounds 9] [--copies 1,4] [--corpus FILE]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402


def timed(commands):
    """Start every command at once (stdout to /dev/null), wait for all; return the wall seconds."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        procs = [subprocess.Popen(argv, stdout=sink, stderr=subprocess.PIPE) for argv in commands]
        for proc, argv in zip(procs, commands):
            _, err = proc.communicate()
            if proc.returncode != 0:
                raise SystemExit(f"scaling.py: {' '.join(argv)} failed ({proc.returncode}): {err.decode()[-300:]}")
    return time.perf_counter() - started


def measure(piimask, path, twin, rounds):
    """Median wall seconds of the three variants on `path` (and its copy `twin`), plus an empty
    input, in interleaved rounds."""
    one = [piimask, "--threads", "1"]
    variants = {
        "-t1 alone": [one + [path]],
        "two -t1 at once": [one + [path], one + [twin]],
        "-t2": [[piimask, "--threads", "2", path]],
        "start-up (empty)": [one + [os.devnull]],
    }
    for commands in variants.values():  # warm the page cache and the binary
        timed(commands)
    times = {name: [] for name in variants}
    for _ in range(rounds):
        for name, commands in variants.items():
            times[name].append(timed(commands))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--piimask", default=os.path.join(HERE, "..", ".build", "release", "piimask"))
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--copies", default="1,4",
                        help="input sizes, as copies of the corpus one after another (default 1,4)")
    parser.add_argument("--corpus", help="an input in any format piimask detects (default: the jsonl-low corpus, 64 MiB)")
    args = parser.parse_args()

    work = os.path.join(HERE, "work")
    os.makedirs(work, exist_ok=True)
    base = args.corpus
    if base is None:
        base = os.path.join(work, "jsonl-low.jsonl")
        if not os.path.exists(base):
            corpus.generate("jsonl-low", work, 64)
    for copies in [int(value) for value in args.copies.split(",")]:
        path = base if copies == 1 else os.path.join(work, f"scaling-x{copies}.jsonl")
        twin = os.path.join(work, "scaling-twin.jsonl")
        try:
            if copies > 1:
                with open(path, "wb") as out:
                    for _ in range(copies):
                        with open(base, "rb") as source:
                            shutil.copyfileobj(source, out)
            shutil.copyfile(path, twin)
            median = measure(args.piimask, path, twin, args.rounds)
        finally:
            os.unlink(twin)
            if copies > 1:
                os.unlink(path)
        mib = os.path.getsize(base) * copies / 2**20
        for name, seconds in median.items():
            print(f"{name:>16}: {seconds * 1000:7.1f} ms (median of {args.rounds})")
        ceiling = 2 * median["-t1 alone"] / median["two -t1 at once"]
        scaling = median["-t1 alone"] / median["-t2"]
        print(f"{mib:.0f} MiB: machine ceiling for 2 workers {ceiling:.2f}x; -t2 / -t1 {scaling:.2f}x; "
              f"efficiency {scaling / ceiling:.0%}; start-up {median['start-up (empty)'] / median['-t2']:.0%} of the -t2 run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
