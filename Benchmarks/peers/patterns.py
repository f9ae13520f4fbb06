"""The five default detector patterns, read from Patterns/*.yaml, in the forms each peer needs.

Every peer in the benchmark runs the same five substitutions, one pass per entity, in PASS_ORDER.
`pcre_patterns()` returns the library's own PCRE2 patterns (used by the C program, perl, Python `re`
and ripgrep -P); they carry look-arounds for their borders. POSIX ERE (sed) and RE2 (DuckDB) have no
look-arounds, so ERE_PATTERNS emulates them: a group for the byte before the match and a group for
the byte after it, both written back. That emulation consumes the byte after a match, so two matches
of the same entity separated by a single byte would be missed; the corpora never do that, and the
runner checks every peer's count, so a divergence shows up as FAIL rather than a silent skew.
If a pattern in Patterns/ changes, check the ERE forms below against it. PHONE_NUMBER's ERE form
covers the NANP and E.164 alternatives only (not the national JP/UK forms starting with 0, added
later); the corpora plant only NANP and E.164 numbers, and `corpus.py --check` shows that nothing in
them matches the national forms, so sed and DuckDB still do the same work on these corpora.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PATTERNS_DIR = os.path.join(HERE, "..", "..", "Patterns")

# Highest priority first, as the engine resolves overlaps; with isolated PII the order is moot.
PASS_ORDER = ["CREDIT_CARD", "USA_SSN", "EMAIL", "IP_ADDRESS", "PHONE_NUMBER"]


def _yaml_scalar(raw):
    """Decode a one-line YAML scalar: single-quoted ('' is a quote), double-quoted, or plain."""
    raw = raw.strip()
    if raw.startswith("'") and raw.endswith("'"):
        return raw[1:-1].replace("''", "'")
    if raw.startswith('"') and raw.endswith('"'):
        return bytes(raw[1:-1], "utf-8").decode("unicode_escape")
    return raw


def pcre_patterns(patterns_dir=PATTERNS_DIR):
    """Return [(entity, pattern)] in PASS_ORDER, read from the `pattern:` line of each YAML file."""
    result = []
    for entity in PASS_ORDER:
        with open(os.path.join(patterns_dir, entity + ".yaml"), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("pattern:"):
                    result.append((entity, _yaml_scalar(line[len("pattern:"):])))
                    break
            else:
                raise SystemExit(f"no pattern: line in {entity}.yaml")
    return result


# POSIX ERE forms (GNU sed -E, LC_ALL=C). Group 1 is the byte before, the last group the byte after;
# the replacement is \1[ENTITY]\N. Lookahead tails such as (?![0-9A-Za-z]|[.-][0-9]) become "any byte
# but [0-9A-Za-z.-], or end of line", which is stricter; the corpora never put '.' or '-' after PII.
_NB = "[^0-9A-Za-z.-]"
ERE_PATTERNS = {
    "CREDIT_CARD": (
        "(^|[^0-9A-Za-z.-])"
        "([2-6][0-9]{12,18}|[2-6][0-9]{3}([ -][0-9]{4}){2}[ -][0-9]{1,7}|3[0-9]{3}[ -][0-9]{6}[ -][0-9]{4,5})"
        "(" + _NB + "|$)"),
    "USA_SSN": (
        "(^|[^0-9A-Za-z-])"
        "([0-9]{3}(-[0-9]{2}-| [0-9]{2} )[0-9]{4})"
        "(" + _NB + "|$)"),
    "EMAIL": (
        "(^|[^A-Za-z0-9._%+\\x80-\\xff-])"
        "([A-Za-z0-9_%+\\x80-\\xff-]([A-Za-z0-9._%+\\x80-\\xff-]{0,62}[A-Za-z0-9_%+\\x80-\\xff-])?@"
        "([A-Za-z0-9\\x80-\\xff]([A-Za-z0-9\\x80-\\xff-]{0,61}[A-Za-z0-9\\x80-\\xff])?\\.)+"
        "([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}|[\\x80-\\xff]{4,}))"
        "([^A-Za-z0-9\\x80-\\xff-]|$)"),
    "IP_ADDRESS": (
        "(^|[^0-9A-Za-z.:])"
        "(([0-9]{1,3}\\.){3}[0-9]{1,3}|([0-9A-Fa-f]{0,4}:){2,7}([0-9A-Fa-f]{1,4}|([0-9]{1,3}\\.){3}[0-9]{1,3})?)"
        "([^0-9A-Za-z:.]|$)"),
    "PHONE_NUMBER": (
        "(^|[^0-9A-Za-z+])"
        "([+][1-9]([ .-]?[(]?[0-9][)]?){6,14}|(1[ .-])?([(][2-9][0-9]{2}[)] ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4})"
        "(" + _NB + "|$)"),
}


def group_count(ere):
    """Count the capturing groups of an ERE: '(' not escaped, not in a bracket, not '(?:'."""
    count, index, in_bracket = 0, 0, False
    while index < len(ere):
        char = ere[index]
        if char == "\\":
            index += 2
            continue
        if in_bracket:
            if char == "]":
                in_bracket = False
        elif char == "[":
            in_bracket = True
            if ere[index + 1:index + 2] == "^":
                index += 1
            if ere[index + 1:index + 2] == "]":
                index += 1
        elif char == "(" and ere[index + 1:index + 2] != "?":
            count += 1
        index += 1
    return count


def ere_patterns():
    """Return [(entity, ere, after_group)] in PASS_ORDER: replace with \\1[ENTITY]\\<after_group>."""
    return [(entity, ERE_PATTERNS[entity], group_count(ERE_PATTERNS[entity])) for entity in PASS_ORDER]
