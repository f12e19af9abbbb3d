# verdict - the two commands a new machine needs are `make demo` and
# `make test`; both install what is missing from Debian's packages first.
#
#   make            build (warnings are errors)
#   make test       build, run every Check suite; then again under ASan+UBSan;
#                   then under valgrind (no error, no leak)
#   make demo       build and run the demo against a fresh sample policy repo
#   make bench      release build and every benchmark; writes bench/README.md
#   make fuzz       libFuzzer targets (FUZZ_SECONDS each)
#   make memcheck   only the valgrind pass of make test
#   make clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
FUZZ_BUILD ?= build-fuzz
JOBS       ?= 2
CMAKE_FLAGS = -DENABLE_WERROR=ON
# Seconds each libFuzzer target runs in `make fuzz`.
FUZZ_SECONDS ?= 60
# (rule set, event) pairs of the differential test in `make fuzz`.
FUZZ_DIFF_PAIRS ?= 10000000

.PHONY: all deps build test test-build test-asan demo clean bench fuzz memcheck

all: build

deps:
	@scripts/setup-deps

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: test-build test-asan memcheck

test-build: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) -DENABLE_SANITIZERS=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo $(BUILD)/cli/verdict

# Release build; every benchmark; rewrites the results in bench/README.md.
bench:
	@scripts/setup-deps bench
	@cmake -S . -B $(BENCH_BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=OFF >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	@cd bench && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@bench/run $(BENCH_BUILD)

# libFuzzer (clang) on every target for FUZZ_SECONDS each, then the
# differential test at FUZZ_DIFF_PAIRS pairs.
fuzz: build
	@scripts/setup-deps fuzz
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DENABLE_FUZZ=ON -DBUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@scripts/fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS)
	cd $(BUILD) && CK_RUN_SUITE=differential VD_DIFF_PAIRS=$(FUZZ_DIFF_PAIRS) \
		VERDICT_SOURCE_DIR=$(CURDIR) ./tests/vd_tests

# Every Check suite under valgrind (a process a suite, CK_FORK=no), and the
# fuzz smoke drivers: no leak, no error.  Part of `make test`, so CI runs it.
memcheck: build
	@scripts/setup-deps memcheck
	@scripts/memcheck $(BUILD) $(JOBS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD) $(FUZZ_BUILD)
