"""Python `re` peer: the five default patterns as five substitution passes per line, stdin to stdout.

Bytes in, bytes out (the patterns are byte patterns, as piimask compiles them without UTF mode).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from patterns import pcre_patterns  # noqa: E402


def main():
    passes = [(re.compile(p.encode("latin-1") if p.isascii() else p.encode("utf-8")),
               b"[" + e.encode() + b"]") for e, p in pcre_patterns()]
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        for regex, token in passes:
            line = regex.sub(token, line)
        out.write(line)


if __name__ == "__main__":
    main()
