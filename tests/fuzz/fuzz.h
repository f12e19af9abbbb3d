/*
 * fuzz.h - what every fuzz target shares.
 *
 * A target is one file fuzz_<name>.c that defines LLVMFuzzerTestOneInput()
 * (and optionally LLVMFuzzerInitialize()).  It is built twice:
 *
 *  - with clang and libFuzzer (`make fuzz`, tests/fuzz/CMakeLists.txt with
 *    ENABLE_FUZZ=ON), which explores for FUZZ_SECONDS;
 *  - with the compiler of the ordinary build, linked to driver.c, which
 *    replays the seed corpus and every past crash (tests/fuzz/regress/
 *    <name>/) and a fixed number of deterministic mutations of them: the
 *    smoke `make test` runs under ASan and UBSan.
 *
 * Adding a target: write fuzz_<name>.c, add <name> to VD_FUZZ_TARGETS in
 * tests/fuzz/CMakeLists.txt, give it seeds in scripts/fuzz-seeds, and
 * (optionally) a dictionary tests/fuzz/<name>.dict.
 */
#ifndef VD_FUZZ_H
#define VD_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, as in libFuzzer: a target defines it only when it sets up state. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#endif
