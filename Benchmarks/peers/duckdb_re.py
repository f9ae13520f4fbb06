"""DuckDB peer: five nested regexp_replace calls (RE2) over every line of stdin, one thread.

RE2 has no look-arounds, so this uses the ERE forms from patterns.py (border bytes captured and
written back). Lines are read with read_csv using a delimiter and no quote character, so each line
is one VARCHAR value, and written back the same way. Exits 3 if the duckdb module is missing.

COPY writes to the path /dev/stdout, with USE_TMP_FILE false: by default DuckDB may write a
temporary file and rename it over the target, which once replaced the machine's /dev/stdout link
with a regular file (every later write "to stdout" by path went there). Exits 4 when /dev/stdout
is not the link to the process's standard output, before or after the COPY.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from patterns import ere_patterns  # noqa: E402

try:
    import duckdb
except ImportError:
    sys.exit(3)


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def check_stdout_link():
    """Exit 4 when /dev/stdout is a regular file instead of the link to standard output."""
    if os.path.isfile("/dev/stdout") and not os.path.islink("/dev/stdout"):
        print("duckdb_re.py: /dev/stdout is a regular file, not the link to standard output "
              "(restore it: ln -sf /proc/self/fd/1 /dev/stdout)", file=sys.stderr)
        sys.exit(4)


def main():
    check_stdout_link()
    expression = "line"
    for entity, ere, after in ere_patterns():
        # RE2 takes \x80-\xff as code points U+0080-U+00FF, close enough for these ASCII corpora.
        replacement = f"\\1[{entity}]\\{after}"
        expression = f"regexp_replace({expression}, {sql_string(ere)}, {sql_string(replacement)}, 'g')"
    con = duckdb.connect()
    con.execute(f"SET threads={int(os.environ.get('DUCKDB_THREADS', '1'))}")
    con.execute(
        f"COPY (SELECT {expression} FROM read_csv('/dev/stdin', columns={{'line': 'VARCHAR'}}, "
        "header=false, delim='\x01', quote='', escape='', auto_detect=false)) "
        "TO '/dev/stdout' (HEADER false, DELIMITER '\x01', QUOTE '', ESCAPE '', USE_TMP_FILE false)")
    check_stdout_link()


if __name__ == "__main__":
    main()
