"""Throughput benchmark: piimask against the peers this machine has, on the same corpora, same run.

    python3 Benchmarks/run.py --piimask .build/release/piimask [--runs 3] [--quick] [--scenario NAME]

For each scenario (jsonl-low, jsonl-high, csv, text) every tool reads the corpus through a pipe
(`cat FILE | tool > out`) and the runner keeps the median wall time of its runs, taken
round-robin across the tools in --runs rounds (round 1 of every tool, then round 2, ...). In each
round a tool runs again until its runs add up to --min-seconds (0.5 s): a 0.1 s run is hit by
a moment of the shared machine's noise that a 1 s run averages out, so fast tools get more samples
for their median (as hyperfine does). Each output is
checked: its `[ENTITY]` tokens per entity and its line count must equal the corpus's expectation
(corpus.py), so a fast wrong answer is marked FAIL. The ratio columns are piimask's MiB/s (default
threads, and --threads 1) divided by the tool's, from the same run. Peers that are missing are
skipped with a note. Results print as a Markdown table and, except with --quick, are appended to
Benchmarks/results/history.csv, one row per scenario and tool.

Exit status: 0 when piimask's output matched in every scenario; 1 when it did not (or failed to
run); 2 on a usage or set-up error.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "peers"))
import corpus  # noqa: E402
from patterns import ere_patterns, pcre_patterns  # noqa: E402

WORK = os.path.join(HERE, "work")
HISTORY = os.path.join(HERE, "results", "history.csv")
HISTORY_FIELDS = ["date", "commit", "machine", "scenario", "tool", "mib_per_s", "ratio",
                  "ratio_threads1", "peak_rss_kib", "check", "runs", "corpus_bytes"]
TOKEN = re.compile(rb"\[(" + "|".join(corpus.ENTITIES).encode() + rb")\]")
SCENARIOS = ["jsonl-low", "jsonl-high", "csv", "text"]
PIIMASK = "piimask"
PIIMASK_T1 = "piimask --threads 1"
FLOOR = "cat | cat"


def log(message):
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------- set-up

def ensure_corpora(directory, mib, names):
    """Generate each corpus that is missing or was made by another generator version or size."""
    os.makedirs(directory, exist_ok=True)
    expectations = {}
    for name in names:
        path = os.path.join(directory, name + ".expected.json")
        expectation = None
        if os.path.exists(path):
            with open(path) as handle:
                expectation = json.load(handle)
            data = os.path.join(directory, expectation["file"])
            if (expectation.get("generator_version") != corpus.GENERATOR_VERSION
                    or expectation.get("mib") != mib or not os.path.exists(data)
                    or os.path.getsize(data) != expectation["bytes"]):
                expectation = None
        if expectation is None:
            log(f"generating corpus {name} ({mib} MiB) ...")
            expectation = corpus.generate(name, directory, mib)
        expectations[name] = expectation
    return expectations


def build_c_peer():
    """Build peers/pcre2_subst.c into work/ (when stale); return (argv prefix, note)."""
    source = os.path.join(HERE, "peers", "pcre2_subst.c")
    binary = os.path.join(WORK, "pcre2_subst")
    pattern_file = os.path.join(WORK, "patterns.tsv")
    with open(pattern_file, "w", encoding="utf-8") as handle:
        handle.writelines(f"{entity}\t{pattern}\n" for entity, pattern in pcre_patterns())
    if not os.path.exists(binary) or os.path.getmtime(binary) < os.path.getmtime(source):
        if not shutil.which("cc") or not shutil.which("pkg-config"):
            return None, "no cc or pkg-config"
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libpcre2-8"],
                               capture_output=True, text=True)
        if flags.returncode != 0:
            return None, "pkg-config has no libpcre2-8 (apt-get install -y libpcre2-dev)"
        build = subprocess.run(["cc", "-O2", "-o", binary, source] + flags.stdout.split(),
                               capture_output=True, text=True)
        if build.returncode != 0:
            return None, "cc failed: " + build.stderr.strip().splitlines()[-1]
    return [binary, pattern_file], None


def sed_argv():
    argv = ["sed", "-E"]
    for entity, ere, after in ere_patterns():
        argv += ["-e", f"s/{ere}/\\1[{entity}]\\{after}/g"]
    return argv


def perl_argv():
    # s'...'...' : single quotes as delimiters turn off interpolation of @ and $ in the pattern.
    return ["perl", "-pe", "; ".join(f"s'{pattern}'[{entity}]'g" for entity, pattern in pcre_patterns())]


def rg_stages():
    # ripgrep replaces every match of its pattern(s) with one string, so one process per entity.
    return [["rg", "--no-config", "-P", "--no-unicode", "--passthru", "--no-line-number",
             "--no-filename", "--color", "never", "-r", f"[{entity}]", "-e", pattern]
            for entity, pattern in pcre_patterns()]


def peer_tools():
    """Return ([(name, stages, env)], notes): each tool is a list of argv stages piped together."""
    tools, notes = [], []
    c_env = dict(os.environ, LC_ALL="C")
    tools.append((FLOOR, [["cat"]], None))
    c_peer, note = build_c_peer()
    if c_peer:
        tools.append(("C PCRE2-JIT", [c_peer], None))
    else:
        notes.append(f"C PCRE2-JIT skipped: {note}")
    if shutil.which("sed"):
        tools.append(("LC_ALL=C sed -E", [sed_argv()], c_env))
    else:
        notes.append("sed skipped: not installed")
    if shutil.which("perl"):
        tools.append(("perl -pe", [perl_argv()], c_env))
    else:
        notes.append("perl skipped: not installed")
    tools.append(("Python re", [[sys.executable, os.path.join(HERE, "peers", "python_re.py")]], None))
    rg = shutil.which("rg")
    if rg and subprocess.run(["rg", "--pcre2-version"], capture_output=True).returncode == 0:
        tools.append(("ripgrep -P x5", rg_stages(), None))
    else:
        notes.append("ripgrep skipped: rg missing or built without PCRE2 (apt-get install -y ripgrep)")
    if subprocess.run([sys.executable, "-c", "import duckdb"], capture_output=True).returncode == 0:
        tools.append(("DuckDB regexp_replace (1 thread)",
                      [[sys.executable, os.path.join(HERE, "peers", "duckdb_re.py")]], None))
    else:
        notes.append("DuckDB skipped: python module duckdb missing (pip install duckdb)")
    return tools, notes


# ------------------------------------------------------------------------------------ measuring

INPUT = "{input}"


def run_once(stages, env, input_path, output_path, time_cmd):
    """Run `cat input | stage1 | ... > output`; return (seconds, peak RSS KiB or None, error).

    A first stage naming INPUT reads the file itself (`stage1 input | ... > output`), no cat."""
    rss_files, procs, allowed = [], [], []
    reads_file = INPUT in stages[0]
    with open(output_path, "wb") as out:
        start = time.perf_counter()
        upstream = None
        if not reads_file:
            upstream = subprocess.Popen(["cat", input_path], stdout=subprocess.PIPE)
            procs.append(upstream)
            allowed.append((0,))
        for index, argv in enumerate(stages):
            argv = [input_path if arg == INPUT else arg for arg in argv]
            # ripgrep exits 1 when its pattern matched nothing, which is not an error here.
            allowed.append((0, 1) if os.path.basename(argv[0]) == "rg" else (0,))
            if time_cmd:
                handle, rss_file = tempfile.mkstemp(dir=WORK, suffix=".rss")
                os.close(handle)
                rss_files.append(rss_file)
                argv = [time_cmd, "-f", "%M", "-o", rss_file] + argv
            last = index == len(stages) - 1
            proc = subprocess.Popen(argv, stdin=upstream.stdout if upstream else subprocess.DEVNULL, env=env,
                                    stdout=out if last else subprocess.PIPE,
                                    stderr=subprocess.PIPE if last else subprocess.DEVNULL)
            if upstream:
                upstream.stdout.close()  # the next stage owns the read end now
            procs.append(proc)
            upstream = proc
        stderr = procs[-1].stderr.read()
        codes = [proc.wait() for proc in procs]
        elapsed = time.perf_counter() - start
    rss = None
    for rss_file in rss_files:
        with open(rss_file) as handle:
            numbers = [int(line) for line in handle.read().split() if line.isdigit()]
        os.unlink(rss_file)
        if numbers:
            rss = max(rss or 0, numbers[-1])
    # Last stage first: when a tool fails, the cat feeding it dies of SIGPIPE, which says nothing.
    bad = [code for code, ok in reversed(list(zip(codes, allowed))) if code not in ok]
    error = None
    if bad:
        error = f"exit {bad[0]}: " + stderr.decode("utf-8", "replace").strip()[-300:]
    return elapsed, rss, error


ANY_TOKEN = re.compile(rb"\[[A-Z][A-Z0-9_]*\]")


def check_output(output_path, expectation, mode="tokens"):
    """Return (ok, detail): token counts per entity and line count against the expectation.

    mode "tokens": exactly the expected tokens per entity. "at-least": at least the expected total of
    any entity tokens (a wider detection set may name a value differently). "records": only the
    line count (field rules rewrite values into hashes, not tokens)."""
    counts = dict.fromkeys(corpus.ENTITIES, 0)
    lines = 0
    any_tokens = 0
    with open(output_path, "rb") as handle:
        while True:
            block = handle.read(1 << 22)
            if not block:
                break
            # Tokens are ASCII and short; a block boundary can split one, so carry the tail over.
            while not block.endswith(b"\n"):
                more = handle.read(1 << 16)
                if not more:
                    break
                block += more
            lines += block.count(b"\n")
            for match in TOKEN.finditer(block):
                counts[match.group(1).decode()] += 1
            any_tokens += len(ANY_TOKEN.findall(block))
    expected = expectation["expected"]
    if mode == "tokens":
        diffs = [f"{entity} {counts[entity]}/{expected[entity]}" for entity in corpus.ENTITIES
                 if counts[entity] != expected[entity]]
    elif mode == "at-least":
        diffs = [] if any_tokens >= expectation["total"] else [f"tokens {any_tokens}/{expectation['total']}"]
    else:
        diffs = []
    if lines != expectation["records"] + (1 if expectation["format"] == "csv" else 0):
        diffs.append(f"lines {lines}/{expectation['records']}")
    return (not diffs), ("ok" if not diffs else "FAIL " + ", ".join(diffs))


def measure(candidates, input_path, expectation, runs, time_cmd, min_seconds):
    """Run every tool in `runs` rounds, round-robin (round 1 of each tool, then round 2, ...) so
    that a change in the machine's load falls on all tools alike, each round at least once and
    until the tool's runs in it add up to `min_seconds` (at most 20 runs); return one result dict
    per tool (median seconds over all runs, MiB/s, peak RSS, check, runs), in the order given.

    Each output is checked after the tool's first run and deleted after every run: outputs left
    on disk across a round would be written back while later tools run, and slow them unevenly."""
    state = []
    for name, stages, env, mode in candidates:
        output = os.path.join(WORK, "out-" + re.sub(r"[^A-Za-z0-9]+", "_", name))
        state.append({"name": name, "stages": stages, "env": env, "mode": mode, "output": output,
                      "times": [], "peak": None, "error": None, "ok": None, "check": None})
    for run in range(runs):
        for tool in state:
            spent = 0.0
            repeats = 0
            while not tool["error"] and (repeats == 0 or (spent < min_seconds and repeats < 20)):
                log(f"  {tool['name']} (round {run + 1}/{runs}, run {repeats + 1}) ...")
                seconds, rss, error = run_once(tool["stages"], tool["env"], input_path, tool["output"], time_cmd)
                if error:
                    tool["error"] = error
                else:
                    tool["times"].append(seconds)
                    tool["peak"] = max(tool["peak"] or 0, rss) if rss is not None else tool["peak"]
                    if tool["check"] is None:
                        tool["ok"], tool["check"] = check_tool_output(tool, expectation)
                if os.path.exists(tool["output"]):
                    os.unlink(tool["output"])
                spent += seconds
                repeats += 1
    results = []
    for tool in state:
        if tool["error"]:
            results.append({"tool": tool["name"], "error": tool["error"],
                            "check": "FAIL " + tool["error"].splitlines()[0][:120]})
            continue
        seconds = statistics.median(tool["times"])
        results.append({"tool": tool["name"], "seconds": seconds, "mib_s": expectation["bytes"] / seconds / 2**20,
                        "rss": tool["peak"], "ok": tool["ok"], "check": tool["check"], "runs": len(tool["times"])})
    return results


def check_tool_output(tool, expectation):
    """(ok, detail) for a tool's output: the pipe floor must copy every byte, the others must
    produce the expected tokens (see check_output)."""
    output = tool["output"]
    if tool["name"] == FLOOR:
        ok = os.path.getsize(output) == expectation["bytes"]
        return ok, "ok (copy)" if ok else f"FAIL {os.path.getsize(output)}/{expectation['bytes']} bytes"
    return check_output(output, expectation, tool["mode"])


def piimask_variants(scenario, expectation, piimask, flags):
    """Extra piimask runs that the issues measure against the same corpus and peers.

    Each is (name, stages, env, check mode). Rules files are written into the work folder."""
    variants = []
    fmt = ["--format", expectation["format"], "--threads", "1"]
    # Thread scaling without the pipe: through `cat |`, cat and the pipe copy take part of the
    # second core that the second worker would use.
    variants.append(("piimask, file argument", [[piimask, "--format", expectation["format"], INPUT]], None, "tokens"))
    variants.append(("piimask -t1, file argument", [[piimask] + fmt + [INPUT]], None, "tokens"))
    if expectation["format"] == "jsonl":
        # The whole pattern library against the default set (issue 3: within 2x).
        variants.append(("piimask --entities all -t1", [[piimask] + fmt + ["--entities", "all"]], None, "at-least"))
        # Field rules only, no free-text detection (issue 6: at least 50% of cat | cat).
        fields = os.path.join(WORK, "rules-fields-only.yaml")
        with open(fields, "w") as handle:
            handle.write("version: 1\ndetect:\n  entities: []\nfields:\n"
                         "  - {select: user.email, action: hash, length: 16}\n"
                         "  - {select: http.client_ip, action: generalize}\n"
                         "  - {select: payment.card, action: partial, keep_right: 4, only: '[0-9]'}\n"
                         "  - {select: kyc.ssn, action: redact, text: '[SSN]'}\n"
                         "  - {select: user.contact.phone, action: pseudonym}\n")
        env = dict(os.environ, PIIMASK_HASH_KEY="benchmark-key")
        variants.append(("piimask field rules only", [[piimask, "--format", "jsonl", "--rules", fields]], env, "records"))
        variants.append(("piimask field rules only -t1", [[piimask] + fmt + ["--rules", fields]], env, "records"))
        # 1 versus 50 field rules on top of detection (issue 4: within 10%). The rules select
        # keys the corpus does not have, so detection output is the same and checked exactly.
        for count in (1, 50):
            path = os.path.join(WORK, f"rules-{count}.yaml")
            with open(path, "w") as handle:
                handle.write("version: 1\ndetect:\n  entities: [" + ", ".join(corpus.ENTITIES) + "]\nfields:\n")
                for number in range(count):
                    handle.write(f"  - {{select: 'audit.field{number}.value', action: redact}}\n")
            variants.append((f"piimask {count} field rule{'s' if count > 1 else ''} -t1",
                             [[piimask] + fmt + ["--rules", path]], None, "tokens"))
    if expectation["format"] == "csv":
        # Column rules on four columns, detection on the others (issue 5's scenario). The rules
        # redact to the entity's own token, so the output is checked exactly like the peers'.
        path = os.path.join(WORK, "rules-csv-columns.yaml")
        with open(path, "w") as handle:
            handle.write("version: 1\ndetect:\n  entities: [" + ", ".join(corpus.ENTITIES) + "]\nfields:\n"
                         "  - {select: email, action: redact, text: '[EMAIL]'}\n"
                         "  - {select: ssn, action: redact, text: '[USA_SSN]'}\n"
                         "  - {select: card, action: redact, text: '[CREDIT_CARD]'}\n"
                         "  - {select: ip, action: redact, text: '[IP_ADDRESS]'}\n")
        variants.append(("piimask column rules -t1", [[piimask] + fmt + ["--rules", path]], None, "tokens"))
    return variants


# ------------------------------------------------------------------------------------ reporting

def git_commit():
    def git(*args):
        return subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, text=True)
    head = git("rev-parse", "--short", "HEAD").stdout.strip() or "unknown"
    dirty = git("status", "--porcelain", "--", "Sources", "Package.swift", "Patterns").stdout.strip()
    return head + ("+dirty" if dirty else "")


def machine():
    return f"{platform.machine()}-{os.cpu_count()}cpu"


def ratio(numerator, result):
    if numerator is None or not result.get("mib_s"):
        return None
    return numerator / result["mib_s"]


def fmt(value, spec):
    return "–" if value is None else format(value, spec)


def print_table(scenario, expectation, results, runs):
    by_tool = {r["tool"]: r for r in results}
    p = by_tool.get(PIIMASK, {}).get("mib_s")
    p1 = by_tool.get(PIIMASK_T1, {}).get("mib_s")
    print(f"\n### {scenario}: {expectation['file']}, {expectation['bytes'] / 2**20:.1f} MiB, "
          f"{expectation['records']} records, {expectation['total']} PII values; median of {runs} rounds\n")
    print("| tool | MiB/s | piimask × | piimask -t1 × | peak RSS MiB | runs | check |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        rss = None if r.get("rss") is None else r["rss"] / 1024
        tool = r["tool"].replace("|", "\\|")  # a bare | would split the Markdown cell
        print(f"| {tool} | {fmt(r.get('mib_s'), '.1f')} | {fmt(ratio(p, r), '.2f')} | "
              f"{fmt(ratio(p1, r), '.2f')} | {fmt(rss, '.1f')} | {r.get('runs', '–')} | {r['check']} |")
    sys.stdout.flush()


def append_history(scenario, expectation, results, runs, stamp, commit):
    os.makedirs(os.path.dirname(HISTORY), exist_ok=True)
    new = not os.path.exists(HISTORY) or os.path.getsize(HISTORY) == 0
    by_tool = {r["tool"]: r for r in results}
    p = by_tool.get(PIIMASK, {}).get("mib_s")
    p1 = by_tool.get(PIIMASK_T1, {}).get("mib_s")
    with open(HISTORY, "a", newline="") as handle:
        writer = csv.DictWriter(handle, HISTORY_FIELDS, lineterminator="\n")
        if new:
            writer.writeheader()
        for r in results:
            writer.writerow({
                "date": stamp, "commit": commit, "machine": machine(), "scenario": scenario,
                "tool": r["tool"], "mib_per_s": fmt(r.get("mib_s"), ".1f").replace("–", ""),
                "ratio": fmt(ratio(p, r), ".3f").replace("–", ""),
                "ratio_threads1": fmt(ratio(p1, r), ".3f").replace("–", ""),
                "peak_rss_kib": "" if r.get("rss") is None else r["rss"],
                "check": "ok" if r.get("ok") else "FAIL", "runs": r.get("runs", runs),
                "corpus_bytes": expectation["bytes"]})


# ----------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--piimask", default=os.path.join(ROOT, ".build", "release", "piimask"),
                        help="the piimask binary (default: .build/release/piimask)")
    parser.add_argument("--runs", type=int, default=3, help="rounds per tool; the median of all runs counts (default 3)")
    parser.add_argument("--min-seconds", type=float, default=0.5,
                        help="in each round, run a tool again until its runs add up to this (default 0.5)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 2 MiB corpora, 1 run, no history row")
    parser.add_argument("--scenario", choices=SCENARIOS, action="append", help="run only this scenario")
    parser.add_argument("--mib", type=float, help="corpus size in MiB (default 64; 2 with --quick)")
    parser.add_argument("--no-history", action="store_true", help="do not append to results/history.csv")
    parser.add_argument("--piimask-arg", action="append", default=[], metavar="ARG",
                        help="extra argument for piimask (repeatable), e.g. --piimask-arg=--stats")
    parser.add_argument("--piimask-only", action="store_true", help="skip the peers (except cat | cat); the piimask variants still run")
    args = parser.parse_args()

    piimask = os.path.abspath(args.piimask)
    if not (os.path.isfile(piimask) and os.access(piimask, os.X_OK)):
        log(f"run.py: error: no piimask binary at {piimask} (build it: swift build -c release)")
        return 2
    runs = 1 if args.quick else args.runs
    mib = args.mib or (2 if args.quick else 64)
    corpora_dir = os.path.join(HERE, "corpora", "quick" if args.quick else "")
    scenarios = args.scenario or SCENARIOS
    os.makedirs(WORK, exist_ok=True)
    expectations = ensure_corpora(corpora_dir, mib, scenarios)

    tools, notes = peer_tools()
    if args.piimask_only:
        tools = tools[:1]
    time_cmd = None
    if os.path.exists("/usr/bin/time") and subprocess.run(
            ["/usr/bin/time", "-f", "%M", "true"], capture_output=True).returncode == 0:
        time_cmd = "/usr/bin/time"
    else:
        notes.append("peak RSS: /usr/bin/time (GNU) missing, RSS not measured")
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    commit = git_commit()
    print(f"## piimask throughput, {stamp}, commit {commit}, {machine()}")
    for note in notes:
        print(f"- {note}")

    failed = False
    for scenario in scenarios:
        expectation = expectations[scenario]
        input_path = os.path.join(corpora_dir, expectation["file"])
        # The five entities the peers run, named explicitly so that a sixth default detector added
        # later does not make piimask do more work than its peers.
        fmt_flag = (["--format", expectation["format"], "--entities", ",".join(corpus.ENTITIES)]
                    + args.piimask_arg)
        candidates = [(PIIMASK, [[piimask] + fmt_flag], None),
                      (PIIMASK_T1, [[piimask] + fmt_flag + ["--threads", "1"]], None)] + tools
        candidates = [(name, stages, env, "tokens") for name, stages, env in candidates]
        candidates[2:2] = piimask_variants(scenario, expectation, piimask, fmt_flag)
        log(f"{scenario}: {len(candidates)} tools, {runs} rounds each, round-robin")
        min_seconds = 0 if args.quick else args.min_seconds
        results = measure(candidates, input_path, expectation, runs, time_cmd, min_seconds)
        for result in results:
            if result["tool"].startswith("piimask") and not result.get("ok"):
                failed = True
        print_table(scenario, expectation, results, runs)
        if not (args.quick or args.no_history):
            append_history(scenario, expectation, results, runs, stamp, commit)
    if failed:
        log("run.py: piimask's output did not match the expected counts (see the check column)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
