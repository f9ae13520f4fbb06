"""Deterministic benchmark corpora for piimask, with the expected number of replacements.

    python3 Benchmarks/corpus.py [--out DIR] [--mib N] [--only NAME] [--check]

Writes four corpora (fixed seeds, no network) and next to each `<name>.expected.json`:

  jsonl-low.jsonl   JSON Lines app-log events, PII in about 5% of records
  jsonl-high.jsonl  the same event shapes, PII in about 50% of records
  customers.csv     a customer table (name,email,phone,ssn,card,ip,notes)
  app.log           plain text log lines, PII in about 20% of lines

Why it is built this way: every tool in the benchmark must give the same count, so only *valid* PII
is planted (Luhn- and IIN-valid cards, SSA-valid SSNs, IPv4 without leading zeros, well-formed IPv6,
NANP phones with separators, E.164 numbers, ASCII emails), each isolated by a space or a quote and
never followed by '.', '-' or a letter; and the benign text contains nothing that any peer's pattern
(PCRE2 with look-arounds, or the ERE emulation in peers/patterns.py) would match: no '@', no '::',
no 'x:y:' runs, no digit groups shaped like a phone, SSN, card or dotted quad. `--check` proves it:
it counts the matches of the unvalidated patterns (Python `re`) and compares them with what was planted.
Change GENERATOR_VERSION whenever the output changes, so the runner regenerates stale corpora.
"""
import argparse
import json
import os
import random
import re
import sys

GENERATOR_VERSION = 3
ENTITIES = ["CREDIT_CARD", "EMAIL", "IP_ADDRESS", "PHONE_NUMBER", "USA_SSN"]

# name -> (file name, format for piimask --format, seed, PII density)
CORPORA = {
    "jsonl-low": ("jsonl-low.jsonl", "jsonl", 20240601, 0.05),
    "jsonl-high": ("jsonl-high.jsonl", "jsonl", 20240602, 0.50),
    "csv": ("customers.csv", "csv", 20240603, None),
    "text": ("app.log", "text", 20240604, 0.20),
}

FIRST = ["james", "mary", "robert", "patricia", "john", "jennifer", "michael", "linda", "david",
         "elizabeth", "william", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah",
         "charles", "karen", "jose", "zoe", "noah", "emma", "liam", "olivia", "mateo", "sofia", "yuki",
         "amara", "lars", "ingrid", "priya", "arjun", "chen", "mei", "omar", "fatima", "lucas", "anna"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez",
        "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore",
        "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "lewis",
        "robinson", "walker", "young", "allen", "king", "wright", "scott", "nguyen", "hill", "flores"]
DISPLAY_LAST = {"garcia": "García", "lopez": "López", "martinez": "Martínez", "perez": "Pérez",
                "sanchez": "Sánchez", "hernandez": "Hernández"}
DISPLAY_FIRST = {"jose": "José", "zoe": "Zoë", "sofia": "Sofía"}
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com", "corp.example.co.uk",
           "shop.example.io", "students.example.edu"]
SERVICES = ["auth-service", "checkout", "payments", "search-api", "inventory", "notifications",
            "user-profile", "gateway", "billing-worker", "recommendations"]
LEVELS = ["INFO"] * 14 + ["DEBUG"] * 4 + ["WARN"] * 2 + ["ERROR"]
METHODS = ["GET"] * 6 + ["POST"] * 3 + ["PUT", "DELETE", "PATCH"]
STATUSES = [200] * 20 + [201, 204, 301, 304, 400, 401, 403, 404, 404, 409, 429, 500, 502, 503]
RESOURCES = ["orders", "users", "carts", "products", "invoices", "sessions", "search", "payments",
             "shipments", "reviews"]
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Gecko/20100101 Firefox/120.0",
          "curl/8.5.0", "okhttp/4.12.0", "python-requests/2.31.0", "Go-http-client/2.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Mobile/15E148"]
WORDS = ("cache miss hit upstream downstream request response timeout retry queue worker batch "
         "token session refresh expired invalid accepted rejected pending settled shipped "
         "delivered returned profile settings preference locale currency cart checkout coupon "
         "discount inventory warehouse reserved released webhook delivery signature verified "
         "schema migration index rebuild snapshot replica primary failover healthy degraded "
         "throttled backoff circuit breaker opened closed half open latency budget exceeded").split()
CARRIERS = ["ups", "fedex", "dhl", "usps", "royal mail", "la poste"]
NOTES = ["prefers email contact", "VIP since spring, handle with care", "asked about the loyalty program",
         "requested a callback next week", "moved to the annual plan", "disputed an invoice, resolved",
         "no marketing please", "account merged after duplicate signup", "gift order, hide prices",
         "said \"\"call me after lunch\"\"", "net terms approved by finance", ""]


def luhn_complete(prefix_digits, length, rng):
    """Random card digits with the given prefix and length and a valid Luhn check digit."""
    digits = list(prefix_digits) + [rng.randrange(10) for _ in range(length - len(prefix_digits) - 1)]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = digit * 2 if position % 2 == 0 else digit
        total += value - 9 if value > 9 else value
    digits.append((10 - total % 10) % 10)
    return "".join(map(str, digits))


class PII:
    """Draws valid PII values and counts what it hands out, per entity."""

    def __init__(self, rng):
        self.rng = rng
        self.counts = dict.fromkeys(ENTITIES, 0)

    def take(self, entity):
        self.counts[entity] += 1
        return getattr(self, "_" + entity.lower())()

    def _email(self):
        r = self.rng
        first, last = r.choice(FIRST), r.choice(LAST)
        local = r.choice([f"{first}.{last}", f"{first}{r.randrange(1, 99)}", f"{first[0]}{last}",
                          f"{first}_{last}", f"{first}+{r.choice(['shop', 'news', 'work'])}"])
        return f"{local}@{r.choice(DOMAINS)}"

    def _credit_card(self):
        r = self.rng
        kind = r.randrange(6)
        if kind == 0:
            number = luhn_complete([4], 16, r)                                    # Visa
        elif kind == 1:
            number = luhn_complete([5, r.randrange(1, 6)], 16, r)                 # Mastercard 51-55
        elif kind == 2:
            number = luhn_complete([2] + list(map(int, str(r.randrange(2221, 2721))))[1:], 16, r)
        elif kind == 3:
            number = luhn_complete([6, 0, 1, 1], 16, r)                           # Discover
        elif kind == 4:
            number = luhn_complete(list(map(int, str(r.randrange(3528, 3590)))), 16, r)  # JCB
        else:
            number = luhn_complete([3, r.choice([4, 7])], 15, r)                  # Amex
            sep = r.choice(["", " ", "-"])
            return sep.join([number[:4], number[4:10], number[10:]]) if sep else number
        if len(set(number)) == 1:
            return self._credit_card()
        sep = r.choice(["", "", " ", "-"])
        return sep.join(number[i:i + 4] for i in range(0, 16, 4)) if sep else number

    def _usa_ssn(self):
        r = self.rng
        while True:
            area, group, serial = r.randrange(1, 900), r.randrange(1, 100), r.randrange(1, 10000)
            if area != 666 and (area, group, serial) not in ((78, 5, 1120), (219, 9, 9999)):
                break
        sep = r.choice(["-", "-", "-", " "])
        return f"{area:03d}{sep}{group:02d}{sep}{serial:04d}"

    def _phone_number(self):
        r = self.rng
        area, exchange, line = r.randrange(200, 1000), r.randrange(200, 1000), r.randrange(10000)
        form = r.randrange(9)
        if form == 0:
            return f"({area}) {exchange}-{line:04d}"
        if form == 1:
            return f"{area}-{exchange}-{line:04d}"
        if form == 2:
            return f"{area}.{exchange}.{line:04d}"
        if form == 3:
            return f"1-{area}-{exchange}-{line:04d}"
        if form == 4:
            return f"+1 {area} {exchange} {line:04d}"
        if form == 5:
            return f"+44 20 {r.randrange(7000, 8000)} {r.randrange(10000):04d}"
        if form == 6:
            return f"+49 30 {r.randrange(10000000, 100000000)}"
        if form == 7:
            return f"+33 {r.randrange(1, 10)} " + " ".join(f"{r.randrange(100):02d}" for _ in range(4))
        return f"+81-3-{r.randrange(1000, 10000)}-{r.randrange(10000):04d}"

    def _ip_address(self):
        r = self.rng
        form = r.randrange(4)
        if form < 2:
            return ".".join(str(x) for x in (r.randrange(1, 224), r.randrange(256), r.randrange(256),
                                             r.randrange(1, 255)))
        groups = [f"{r.randrange(0x10000):x}" for _ in range(8)]
        groups[0] = r.choice(["2001", "2a02", "2600", "fe80"])
        if form == 2:
            return ":".join(groups)
        cut = r.randrange(1, 6)
        return ":".join(groups[:cut]) + "::" + ":".join(groups[cut + r.randrange(1, 3):])


class Benign:
    """Draws benign values: nothing in them may match any peer pattern (see the module docstring)."""

    def __init__(self, rng):
        self.rng = rng
        self.clock = 1717200000  # 2024-06-01T00:00:00Z

    def timestamp(self):
        self.clock += self.rng.randrange(0, 3)
        s = self.clock
        days, rest = divmod(s - 1717200000, 86400)
        return (f"2024-06-{1 + days % 28:02d}T{rest // 3600:02d}:{rest % 3600 // 60:02d}:"
                f"{rest % 60:02d}.{self.rng.randrange(1000):03d}Z")

    def hex_id(self, length):
        """Lowercase hex, starting with a letter: a run of 13+ digits after '=' would read as a card."""
        return self.rng.choice("abcdef") + "%0*x" % (length - 1, self.rng.getrandbits(4 * (length - 1)))

    def words(self, low, high):
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randrange(low, high)))

    def path(self):
        r = self.rng
        return f"/api/v{r.randrange(1, 4)}/{r.choice(RESOURCES)}/{r.randrange(1, 99999)}"

    def message(self):
        r = self.rng
        kind = r.randrange(8)
        if kind == 0:
            return f"request completed in {r.randrange(1, 2000)} ms"
        if kind == 1:
            return f"retrying {r.choice(SERVICES)} attempt {r.randrange(1, 6)} of 5 after {self.words(1, 3)}"
        if kind == 2:
            return f"order {r.randrange(10000, 99999)} shipped via {r.choice(CARRIERS)}"
        if kind == 3:
            return f"{r.choice(METHODS)} {self.path()} returned {r.choice(STATUSES)}"
        if kind == 4:
            return f"queue depth {r.randrange(100, 5000)} above threshold {r.randrange(10, 99)}0"
        if kind == 5:
            return f"{self.words(3, 9)} for key {r.choice(WORDS)}_{r.randrange(1000)}"
        if kind == 6:
            first = r.choice(FIRST)
            return f"user {DISPLAY_FIRST.get(first, first.title())} updated {self.words(1, 4)}"
        return f"{self.words(4, 12)}, took {r.randrange(1, 900)}.{r.randrange(10)}s"


PII_MESSAGES = [
    ("EMAIL", "password reset requested for {} via web"),
    ("EMAIL", "invite sent to {} by admin"),
    ("PHONE_NUMBER", "callback number {} saved to profile"),
    ("USA_SSN", "identity check for ssn {} passed"),
    ("CREDIT_CARD", "payment declined for card {} reason insufficient funds"),
    ("IP_ADDRESS", "too many login attempts from {} in one minute"),
]


def json_event(pii, benign, with_pii):
    """One app-log event as a dict; when with_pii, one to three values carry PII."""
    r = benign.rng
    first, last = r.choice(FIRST), r.choice(LAST)
    event = {
        "ts": benign.timestamp(),
        "level": r.choice(LEVELS),
        "service": r.choice(SERVICES),
        "host": f"{r.choice(['web', 'api', 'worker'])}-{r.randrange(1, 40)}",
        "trace_id": benign.hex_id(32),
        "span_id": benign.hex_id(16),
        "msg": benign.message(),
        "user": {"id": f"u_{r.randrange(1, 10**7)}",
                 "name": f"{DISPLAY_FIRST.get(first, first.title())} {DISPLAY_LAST.get(last, last.title())}",
                 "plan": r.choice(["free", "pro", "team", "enterprise"])},
        "http": {"method": r.choice(METHODS), "path": benign.path(), "status": r.choice(STATUSES),
                 "duration_ms": round(r.random() * 900, 2), "ua": r.choice(AGENTS)},
        "tags": r.sample(["canary", "eu-west", "us-east", "retry", "batch", "mobile", "beta"], r.randrange(0, 3)),
    }
    if not with_pii:
        return event
    slots = r.sample(["email", "ip", "card", "msg", "phone", "ssn"], r.randrange(1, 4))
    for slot in slots:
        if slot == "email":
            event["user"]["email"] = pii.take("EMAIL")
        elif slot == "ip":
            event["http"]["client_ip"] = pii.take("IP_ADDRESS")
        elif slot == "card":
            event["payment"] = {"amount": round(r.random() * 500, 2), "currency": "USD",
                                "card": pii.take("CREDIT_CARD")}
        elif slot == "phone":
            event["user"]["contact"] = {"phone": pii.take("PHONE_NUMBER"), "verified": r.random() < 0.5}
        elif slot == "ssn":
            event["kyc"] = {"ssn": pii.take("USA_SSN"), "status": "pending"}
        else:
            entity, template = r.choice(PII_MESSAGES)
            event["msg"] = template.format(pii.take(entity))
    return event


def text_line(pii, benign, with_pii):
    r = benign.rng
    head = f"{benign.timestamp()} {r.choice(LEVELS):5} {r.choice(SERVICES)}[{r.randrange(100, 65000)}]"
    if with_pii:
        entity, template = r.choice(PII_MESSAGES)
        return f"{head} {template.format(pii.take(entity))} trace={benign.hex_id(16)}"
    return f"{head} {benign.message()} trace={benign.hex_id(16)}"


def csv_row(pii, benign):
    r = benign.rng
    first, last = r.choice(FIRST), r.choice(LAST)
    name = f"{DISPLAY_FIRST.get(first, first.title())} {DISPLAY_LAST.get(last, last.title())}"
    cells = [name,
             pii.take("EMAIL"),
             pii.take("PHONE_NUMBER") if r.random() < 0.8 else "",
             pii.take("USA_SSN") if r.random() < 0.6 else "",
             pii.take("CREDIT_CARD") if r.random() < 0.5 else "",
             pii.take("IP_ADDRESS") if r.random() < 0.7 else ""]
    note = r.choice(NOTES)
    if r.random() < 0.1:
        entity, template = r.choice(PII_MESSAGES)
        note = template.format(pii.take(entity))
    if note and ("," in note or '"' in note):
        note = f'"{note}"'
    return ",".join(cells + [note])


def generate(name, out_dir, mib):
    """Write corpus `name` of about `mib` MiB into out_dir; return its expectation dict."""
    file_name, fmt, seed, density = CORPORA[name]
    rng = random.Random(seed)
    pii, benign = PII(rng), Benign(rng)
    target = int(mib * 1024 * 1024)
    path = os.path.join(out_dir, file_name)
    size = records = 0
    with open(path + ".tmp", "wb") as handle:
        if fmt == "csv":
            header = b"name,email,phone,ssn,card,ip,notes\n"
            handle.write(header)
            size += len(header)
        while size < target:
            if fmt == "jsonl":
                line = json.dumps(json_event(pii, benign, rng.random() < density),
                                  ensure_ascii=False, separators=(",", ":"))
            elif fmt == "csv":
                line = csv_row(pii, benign)
            else:
                line = text_line(pii, benign, rng.random() < density)
            data = (line + "\n").encode("utf-8")
            handle.write(data)
            size += len(data)
            records += 1
    os.replace(path + ".tmp", path)
    expectation = {"corpus": name, "file": file_name, "format": fmt, "seed": seed, "mib": mib,
                   "generator_version": GENERATOR_VERSION, "bytes": size, "records": records,
                   "expected": pii.counts, "total": sum(pii.counts.values())}
    with open(os.path.join(out_dir, name + ".expected.json"), "w") as handle:
        json.dump(expectation, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return expectation


def check(out_dir, name):
    """Count unvalidated-pattern matches with Python `re`; return (ok, counts)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
    from patterns import pcre_patterns
    with open(os.path.join(out_dir, name + ".expected.json")) as handle:
        expectation = json.load(handle)
    regexes = [(entity, re.compile(pattern.encode("latin-1"))) for entity, pattern in pcre_patterns()]
    counts = dict.fromkeys(ENTITIES, 0)
    with open(os.path.join(out_dir, expectation["file"]), "rb") as handle:
        for line in handle:
            for entity, regex in regexes:
                line, found = regex.subn(b"[" + entity.encode() + b"]", line)
                counts[entity] += found
    return counts == expectation["expected"], counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "corpora"), help="output directory")
    parser.add_argument("--mib", type=float, default=32, help="size of each corpus in MiB (default 32)")
    parser.add_argument("--only", choices=sorted(CORPORA), action="append", help="generate only these")
    parser.add_argument("--check", action="store_true", help="verify the counts with Python re")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    status = 0
    for name in args.only or CORPORA:
        expectation = generate(name, args.out, args.mib)
        print(f"{name}: {expectation['bytes']} bytes, {expectation['records']} records, "
              f"expected {expectation['expected']}")
        if args.check:
            ok, counts = check(args.out, name)
            print(f"  check: {'ok' if ok else 'MISMATCH ' + json.dumps(counts)}")
            status |= not ok
    return status


if __name__ == "__main__":
    sys.exit(main())
