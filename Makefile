# piimask: two commands set up a fresh Debian machine: `make demo` and `make test`.
# Every install step lives here (CI runs `make test` on a clean machine as root).

SWIFT      ?= swift
PIIMASK    := .build/release/piimask
APT_PKGS      := libpcre2-dev zlib1g-dev pkg-config zip
TEST_APT_PKGS := python3 python3-yaml

.PHONY: all deps test-deps build demo test fuzz patterns bench bench-peers bench-check dist clean

all: build

# $(call apt_install,PACKAGES,HINT): install Debian packages as root or with sudo; elsewhere print
# HINT and fail. HINT is a variable's name, since the hints hold commas; they go inside double
# quotes in the shell, so they must not hold ", $ or `.
define apt_install
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $(1)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); \
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then \
		echo "installing $(1) with sudo"; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1); \
	else \
		echo "$($(2))" >&2; \
		exit 1; \
	fi
endef
DEPS_HINT      := piimask needs PCRE2 and zlib headers: install libpcre2-dev and zlib1g-dev (Debian/Ubuntu), pcre2-devel and zlib-devel (Fedora), or pcre2 (Homebrew), then run make again.
TEST_DEPS_HINT := the test suite needs python3 with PyYAML (its reference CSV and JSON parsers, and Patterns/embed.py --check): install python3 and python3-yaml, or run pip install pyyaml.

## deps: install what the build needs (libpcre2-dev, zlib1g-dev, pkg-config, zip) when it is missing.
deps:
	@if pkg-config --exists libpcre2-8 2>/dev/null && [ -f /usr/include/zlib.h ] && command -v zip >/dev/null; then \
		exit 0; \
	else \
		$(call apt_install,$(APT_PKGS),DEPS_HINT) \
	fi

## test-deps: install what the tests need besides the build (python3 with PyYAML) when it is missing.
## The check runs again after installing: a python3 on PATH other than Debian's (pyenv, a venv)
## does not see python3-yaml.
test-deps: deps
	@if command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null; then \
		exit 0; \
	else \
		$(call apt_install,$(TEST_APT_PKGS),TEST_DEPS_HINT) \
	fi
	@python3 -c 'import yaml' 2>/dev/null || { echo "$(TEST_DEPS_HINT)" >&2; exit 1; }

## build: the release binary at .build/release/piimask, a static executable: the Swift runtime,
## Foundation, PCRE2 and glibc linked in. No dynamic loading or relocation at start: a run starts
## in about 5 ms of CPU instead of 8 with only the Swift runtime static (perf stat, 30 runs), which
## counts for short runs (a Spark partition, a small file) and in 64 MiB benchmark runs. The linker
## warns that glibc's NSS calls (getpwnam, getaddrinfo) need this machine's glibc at run time: this
## binary is for this machine; `make dist` builds the portable one (glibc dynamic, AWS Lambda).
build: deps
	$(SWIFT) build -c release --static-swift-stdlib -Xswiftc -static-executable --product piimask

## demo: build, then mask the bundled samples with the default rules and with examples/rules.yaml.
demo: build
	@echo "== examples/app-log.jsonl, default detectors =="
	@$(PIIMASK) --stats examples/app-log.jsonl
	@echo
	@echo "== examples/customers.csv, rules from examples/rules.yaml =="
	@PIIMASK_HASH_KEY=demo-key $(PIIMASK) --rules examples/rules.yaml examples/customers.csv

## test: the whole suite (unit, end-to-end, pattern examples, differential against Python).
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## fuzz: coverage-guided fuzzing (libFuzzer with AddressSanitizer) of the JSON Lines loops (with and
## without field rules), the CSV reader, the text path and the Firehose event parser, FUZZ_SECONDS
## each (default 60), seeded with the test fixtures and examples. Besides crashes and hangs, each
## input must mask alike whole, in small pieces and on two threads (Sources/piimask-fuzz).
## Findings land in .build/fuzz/findings/TARGET/; replay one with
## `PIIMASK_FUZZ_TARGET=TARGET .build/debug/piimask-fuzz FILE` (after `swift build`).
FUZZ_SECONDS ?= 60
FUZZ_BUILD   := .build/fuzz
FUZZ_DICTS   := Sources/piimask-fuzz/dictionaries
JSON_SEEDS   := Tests/PIIMaskCoreTests/Fixtures/JSONTestSuite/test_parsing
CSV_SEEDS    := Tests/PIIMaskCoreTests/Fixtures/csv-spectrum/csvs
fuzz: deps
	@lld="$$(dirname "$$(readlink -f "$$(command -v $(SWIFT))")")/ld.lld"; \
	[ -x "$$lld" ] || lld="$$(command -v ld.lld)"; \
	[ -n "$$lld" ] || { echo "make fuzz needs ld.lld (the Swift toolchain's, or Debian's lld package): gold fails to link libFuzzer with Swift" >&2; exit 1; }; \
	mkdir -p $(FUZZ_BUILD) && printf '{"schemaVersion": "1.0", "linker": {"path": "%s"}}\n' "$$lld" > $(FUZZ_BUILD)/toolset.json
	$(SWIFT) build -c release --product piimask-fuzz --build-path $(FUZZ_BUILD) --toolset $(CURDIR)/$(FUZZ_BUILD)/toolset.json \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -DPIIMASK_FUZZING
	@for spec in jsonl:json:app-log.jsonl jsonl-rules:json:app-log.jsonl csv:csv:customers.csv \
			text:text:app-log.jsonl firehose:json:firehose/event.json; do \
		target=$${spec%%:*}; rest=$${spec#*:}; dict=$${rest%%:*}; sample=$${rest#*:}; \
		corpus=$(FUZZ_BUILD)/corpus/$$target; findings=$(FUZZ_BUILD)/findings/$$target; log=$(FUZZ_BUILD)/$$target.log; \
		seeds=; case $$dict in json) seeds=$(JSON_SEEDS);; csv) seeds=$(CSV_SEEDS);; esac; \
		mkdir -p $$corpus $$findings && cp examples/$$sample $$corpus/ || exit 1; \
		echo "== fuzz $$target, $(FUZZ_SECONDS) s (log: $$log)"; \
		if SWIFT_BACKTRACE=enable=no PIIMASK_FUZZ_TARGET=$$target $(FUZZ_BUILD)/release/piimask-fuzz $$corpus $$seeds \
				-dict=$(FUZZ_DICTS)/$$dict.dict -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 \
				-max_len=65536 -artifact_prefix=$$findings/ -print_final_stats=1 > $$log 2>&1; then \
			grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $$log; \
		else \
			tail -n 40 $$log; echo "fuzz $$target: a finding, saved in $$findings" >&2; exit 1; \
		fi; \
	done

## patterns: re-embed Patterns/*.yaml into the binary's sources (EmbeddedPatternsTests checks it).
patterns:
	@python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
	python3 Patterns/embed.py

## bench: throughput against peers on generated corpora (appends to Benchmarks/results/history.csv),
## thread scaling against the machine's own ceiling, hook round-trip latency, and the Firehose
## event time against a Python handler.
bench: build bench-peers
	python3 Benchmarks/run.py --piimask $(PIIMASK)
	python3 Benchmarks/scaling.py --piimask $(PIIMASK)
	python3 Benchmarks/hook_latency.py --piimask $(PIIMASK) --threads 1
	python3 Benchmarks/hook_latency.py --piimask $(PIIMASK) --threads 2
	python3 Benchmarks/firehose_bench.py --piimask $(PIIMASK)

## bench-peers: install the peers that the throughput runner compares against, when missing and
## when this can (ripgrep from Debian, DuckDB from PyPI); run.py skips, with a note, what is absent.
bench-peers:
	@command -v rg >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep; } || echo "bench-peers: ripgrep not installed"
	@python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb \
		|| echo "bench-peers: duckdb not installed"

## bench-check: micro benchmarks with allocation thresholds (package-benchmark).
bench-check: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark baseline check --check-absolute-path Thresholds

## dist: a self-contained Linux binary (dist/piimask) and dist/bootstrap.zip for AWS Lambda.
dist: deps
	sh examples/dist.sh

clean:
	rm -rf .build dist Benchmarks/work
