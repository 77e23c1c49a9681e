// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probe's loop (bench/probe/b2b_inline.c) on the port's library instead
 * of inline code: batches of 500 8-byte records reserved and submitted
 * through librbsim (bpf_ringbuf_reserve(), bpf_ringbuf_submit(): the port's
 * 6.18 code, rqspinlock and all), each batch consumed by rb-custom's walk
 * (ringbuf/custom.h) on the port's mapping; no simulator around it.
 * usage: libloop [RECORDS]; prints: records=N mrps=M sum=S
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/custom.h"

static uint64_t sum;

static int take(void *ctx, const void *data, __u32 size)
{
	(void)ctx;
	(void)size;
	sum += *(const uint64_t *)data;
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	long records = argc > 1 ? atol(argv[1]) : 20000000L, done = 0;
	struct bpf_ringbuf_map *map = ringbuf_map__new(1 << 19, 0);
	struct ringbuf_mmap view;
	uint64_t seq = 0;
	double t0, t;

	if (records <= 0 || !map || ringbuf_map__mmap(map, &view)) {
		fprintf(stderr, "libloop: usage: libloop [RECORDS > 0] (or no ring)\n");
		return 2;
	}
	t0 = now_s();
	while (done < records) {
		for (int i = 0; i < 500; i++) {
			uint64_t *rec = bpf_ringbuf_reserve(map, 8, 0);

			if (rec) {
				*rec = seq++;
				bpf_ringbuf_submit(rec, 0);
			}
		}
		done += ringbuf_custom_process(&view, take, NULL);
	}
	t = now_s() - t0;
	printf("records=%ld mrps=%.3f sum=%llu\n", done, done / t / 1e6, (unsigned long long)sum);
	ringbuf_map__munmap(&view);
	ringbuf_map__free(map);
	return 0;
}
