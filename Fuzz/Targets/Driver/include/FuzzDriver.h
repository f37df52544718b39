#ifndef SEXTANT_FUZZ_DRIVER_H
#define SEXTANT_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver with `test` as the target. SwiftPM renames an executable's entry point to
/// `<Module>_main`, so each target defines that and calls this instead of relying on libFuzzer's `main`.
int sx_fuzz_main(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));
#endif
