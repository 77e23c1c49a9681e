// SPDX-License-Identifier: GPL-2.0-only
/* Record stamps and byte patterns shared by the tests. */
#include <string.h>

#include "tests/helpers/stamp.h"

static inline uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

/* payload word i of record (producer, seq): depends on both, so stale bytes never match */
static inline uint64_t payload_word(uint32_t producer, uint64_t seq, size_t i)
{
	uint64_t z = seq * 0xff51afd7ed558ccdULL + ((uint64_t)producer << 48) + i;

	z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ULL;
	return z ^ (z >> 33);
}

uint32_t stamp_csum(const void *rec, size_t size)
{
	const unsigned char *p = rec;
	struct stamp st;
	uint64_t h = 0x243f6a8885a308d3ULL, w;
	size_t off;

	memcpy(&st, p, sizeof(st));
	h = mix(h, size);
	h = mix(h, st.producer);
	h = mix(h, st.seq);
	for (off = STAMP_MIN_SIZE; off + 8 <= size; off += 8) {
		memcpy(&w, p + off, 8);
		h = mix(h, w);
	}
	if (off < size) {
		w = 0;
		memcpy(&w, p + off, size - off);
		h = mix(h, w);
	}
	return (uint32_t)(h ^ (h >> 32));
}

void stamp_fill(void *rec, size_t size, uint32_t producer, uint64_t seq)
{
	unsigned char *p = rec;
	struct stamp st = { .producer = producer, .csum = 0, .seq = seq };
	size_t off, i;
	uint64_t w;

	memcpy(p, &st, sizeof(st));
	for (off = STAMP_MIN_SIZE, i = 0; off < size; off += 8, i++) {
		w = payload_word(producer, seq, i);
		memcpy(p + off, &w, size - off < 8 ? size - off : 8);
	}
	st.csum = stamp_csum(p, size);
	memcpy(p, &st, sizeof(st));
}

int stamp_check(const void *rec, size_t size, uint32_t *producer, uint64_t *seq)
{
	struct stamp st;

	if (size < STAMP_MIN_SIZE)
		return STAMP_SHORT;
	memcpy(&st, rec, sizeof(st));
	if (st.csum != stamp_csum(rec, size))
		return STAMP_CSUM;
	*producer = st.producer;
	*seq = st.seq;
	return STAMP_OK;
}

void pattern_fill(void *buf, size_t size, uint32_t tag)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < size; i++)
		p[i] = pattern_byte(tag, i);
}

size_t pattern_mismatch(const void *buf, size_t size, uint32_t tag)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < size; i++)
		if (p[i] != pattern_byte(tag, i))
			return i;
	return size;
}
