// libFuzzer's driver (LLVM 12 and later), for a program that has its own main: SwiftPM names an
// executable's entry point itself, so piimask-fuzz keeps its main and hands over to this one.
// Linked only when built with -sanitize=fuzzer, and called only then (PIIMASK_FUZZING).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
