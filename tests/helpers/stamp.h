/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Record stamps for the tests: every record carries its producer id, its
 * sequence number and a checksum over the id, the sequence, the size and a
 * payload derived from both, so a reader can tell a lost, duplicated,
 * reordered, truncated or torn record from a good one.
 */
#ifndef RBSIM_TESTS_STAMP_H
#define RBSIM_TESTS_STAMP_H

#include <stddef.h>
#include <stdint.h>

/* layout of the first STAMP_MIN_SIZE bytes of a stamped record */
struct stamp {
	uint32_t producer;
	uint32_t csum;
	uint64_t seq;
};

#define STAMP_MIN_SIZE sizeof(struct stamp)

enum stamp_err {
	STAMP_OK = 0,
	STAMP_SHORT,	/* record smaller than a stamp */
	STAMP_CSUM,	/* checksum mismatch: torn, truncated or overwritten */
};

/* fill rec (size >= STAMP_MIN_SIZE bytes) with a stamp and its payload */
void stamp_fill(void *rec, size_t size, uint32_t producer, uint64_t seq);

/* check a stamped record of size bytes; on STAMP_OK, *producer and *seq are set */
int stamp_check(const void *rec, size_t size, uint32_t *producer, uint64_t *seq);

/* checksum of a stamped record (the csum field itself is left out) */
uint32_t stamp_csum(const void *rec, size_t size);

/* byte i of the test pattern for a record tagged tag (for single-threaded tests) */
static inline uint8_t pattern_byte(uint32_t tag, size_t i)
{
	return (uint8_t)(tag * 131u + i * 7u + (i >> 8) + 1u);
}

void pattern_fill(void *buf, size_t size, uint32_t tag);
/* index of the first byte that differs from the pattern, or size if none does */
size_t pattern_mismatch(const void *buf, size_t size, uint32_t tag);

/* splitmix64: a per-thread seeded PRNG */
static inline uint64_t prng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif /* RBSIM_TESTS_STAMP_H */
