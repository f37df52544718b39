#ifndef SEXTANT_CCRC32C_H
#define SEXTANT_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// Whether the CPU computes CRC-32C in hardware (x86-64 SSE4.2); 0 elsewhere.
int sx_crc32c_hardware_available(void);

/// CRC-32C (Castagnoli) of `n` bytes at `p`, continuing `crc` (pre- and post-inverted like the table
/// implementation in Sources/TSDB/Encoding/CRC32C.swift). Only call when `sx_crc32c_hardware_available()`.
uint32_t sx_crc32c_hardware(uint32_t crc, const uint8_t *p, size_t n);

#endif
