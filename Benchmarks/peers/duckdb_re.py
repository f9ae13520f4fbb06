"""DuckDB peer: five nested regexp_replace calls (RE2) over every line of stdin, one thread.

RE2 has no look-arounds, so this uses the ERE forms from patterns.py (border bytes captured and
written back). Lines are read with read_csv using a delimiter and no quote character, so each line
is one VARCHAR value, and written back the same way. Exits 3 if the duckdb module is missing.
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


def main():
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
        "TO '/dev/stdout' (HEADER false, DELIMITER '\x01', QUOTE '', ESCAPE '')")


if __name__ == "__main__":
    main()
