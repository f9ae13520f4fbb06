#!/bin/sh
# Builds the self-contained Linux binary dist/piimask and dist/bootstrap.zip (the binary named
# `bootstrap`, for a provided.al2023 Lambda function), then checks what it still links dynamically.
#
#   examples/dist.sh            # what `make dist` runs
#   SCRATCH=.build-x examples/dist.sh
#
# How it is static (checked with ldd below; SwiftPM's own flags come first on the link line, so
# the Makefile and Package.swift need nothing):
# - `--static-swift-stdlib` links the Swift runtime, Foundation and Dispatch statically.
# - PCRE2, zlib and libstdc++ are linked as `-lpcre2-8` (module map and pkg-config), `-lz`
#   (compress-nio) and `-lstdc++` (the Swift runtime's static-stdlib args). The linker takes the
#   first folder on its search path that has the library, preferring a .so within a folder. So a
#   folder of ours holding only libpcre2-8.a, libz.a and libstdc++.a must come first: a private
#   libpcre2-8.pc (PKG_CONFIG_PATH, read by SwiftPM) names it instead of /usr/lib/<triple>, which
#   would otherwise be searched first. -static-libgcc drops libgcc_s as well.
# Size: about 70 MB stripped (26 MB zipped), half of it ICU data (icudt, 34 MB): Yams and
# swift-crypto import Foundation, which links FoundationInternationalization and its ICU tables.
# piimask's own code uses no Foundation.
# What remains is glibc: libc.so.6 and its loader, and libm (part of the C library; on glibc
# before 2.34 also libdl, libpthread, librt). The Swift static Linux SDK (musl) would make it fully
# static; none is installed here (`swift sdk list`).
set -eu
cd "$(dirname "$0")/.."

SCRATCH=${SCRATCH:-.build-dist}
STATIC_LIBS="$PWD/$SCRATCH/static-libs"
mkdir -p "$STATIC_LIBS" dist

find_archive() {
    local name=$1 dir
    for dir in $(pkg-config --variable=libdir "libpcre2-8" 2>/dev/null) /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
        if [ -f "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
    done
    echo "dist.sh: $name not found (apt-get install libpcre2-dev zlib1g-dev)" >&2
    return 1
}
find_archive libpcre2-8.a >/dev/null
find_archive libz.a >/dev/null
STDCXX=$(c++ -print-file-name=libstdc++.a 2>/dev/null || gcc -print-file-name=libstdc++.a)
[ -f "$STDCXX" ] || { echo "dist.sh: libstdc++.a not found (apt-get install libstdc++-12-dev)" >&2; exit 1; }
rm -f "$STATIC_LIBS"/*.a
ln -sf "$(find_archive libpcre2-8.a)" "$STATIC_LIBS/libpcre2-8.a"
ln -sf "$(find_archive libz.a)" "$STATIC_LIBS/libz.a"
ln -sf "$STDCXX" "$STATIC_LIBS/libstdc++.a"
cat > "$STATIC_LIBS/libpcre2-8.pc" <<PC
Name: libpcre2-8
Description: PCRE2 8-bit, static (examples/dist.sh)
Version: $(pkg-config --modversion libpcre2-8)
Libs: -L$STATIC_LIBS -lpcre2-8
Cflags: -I$(pkg-config --variable=includedir libpcre2-8)
PC
export PKG_CONFIG_PATH="$STATIC_LIBS${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

swift build -c release --product piimask --scratch-path "$SCRATCH" \
    --static-swift-stdlib \
    -Xlinker -L"$STATIC_LIBS" \
    -Xswiftc -Xclang-linker -Xswiftc -static-libgcc \
    -Xlinker --gc-sections

BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/piimask"
cp "$BIN" dist/piimask
strip dist/piimask
chmod 755 dist/piimask

# The check: nothing but the C library and its loader.
echo "ldd dist/piimask:"
ldd dist/piimask | tee "$SCRATCH/ldd.txt" | sed 's/^/  /' || true
if grep -vE '^\s*(linux-vdso\.so|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|/lib64/ld-linux-x86-64\.so|statically linked)' "$SCRATCH/ldd.txt" | grep -q .; then
    echo "dist.sh: dist/piimask links more than the C library (see above)" >&2
    exit 1
fi

# The bootstrap of a custom runtime: an executable named `bootstrap` at the root of the zip.
rm -rf "$SCRATCH/bootstrap" dist/bootstrap.zip
mkdir -p "$SCRATCH/bootstrap"
cp dist/piimask "$SCRATCH/bootstrap/bootstrap"
(cd "$SCRATCH/bootstrap" && zip -q -X -9 ../../dist/bootstrap.zip bootstrap)

# Smoke test: the dist binary on the sample event.
dist/piimask firehose --rules examples/firehose/rules.yaml examples/firehose/event.json > "$SCRATCH/sample-response.json"
python3 - "$SCRATCH/sample-response.json" <<'PY'
import base64, json, sys
records = json.load(open(sys.argv[1]))["records"]
assert records and all(r["result"] in ("Ok", "Dropped", "ProcessingFailed") for r in records), records
text = b"".join(base64.b64decode(r["data"]) for r in records if r["result"] == "Ok")
assert b"@example.com" not in text, text
print(f"dist.sh: sample event: {len(records)} records transformed")
PY
# And the Unix filter on the bundled sample: PII masked, nothing left in the clear.
dist/piimask --threads 1 examples/app-log.jsonl > "$SCRATCH/sample.jsonl"
grep -q '\[EMAIL\]' "$SCRATCH/sample.jsonl" || { echo "dist.sh: sample not masked" >&2; exit 1; }
if grep -q 'jane.doe@example.com' "$SCRATCH/sample.jsonl"; then echo "dist.sh: PII left in the sample" >&2; exit 1; fi
echo "dist.sh: examples/app-log.jsonl masked"
ls -l dist/piimask dist/bootstrap.zip
