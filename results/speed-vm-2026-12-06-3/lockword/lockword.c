// SPDX-License-Identifier: GPL-2.0-only
/*
 * The uncontended lock word alone, one thread: take it, release it, then a
 * locked exchange on another line (the commit's xchg of a record header),
 * over and over, as a producer that reserves and commits back to back does.
 * Four ways of taking and releasing the word:
 *   tas       exchange of the 32-bit word, store of the 32-bit word
 *   cas32     compare-and-swap of the 32-bit word, store of the 32-bit word
 *   qspinlock compare-and-swap of the 32-bit word, store of its low byte
 *             (the kernel's queued_spin_lock() fast path and queued_spin_unlock())
 *   cas8      compare-and-swap of the low byte, store of the low byte
 * usage: lockword WAY [ITERATIONS]; prints: way=W ns=N (per iteration)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct {
	unsigned int lock __attribute__((aligned(128)));
	unsigned int hdr __attribute__((aligned(128)));
} w;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#define LOOP(take, release)                                                         \
	for (long i = 0; i < n; i++) {                                              \
		take;                                                               \
		release;                                                            \
		__atomic_exchange_n(&w.hdr, (unsigned int)i, __ATOMIC_SEQ_CST);     \
	}

static __attribute__((noinline)) void run(int way, long n)
{
	unsigned int z32;
	unsigned char z8;

	switch (way) {
	case 0:
		LOOP(while (__atomic_exchange_n(&w.lock, 1, __ATOMIC_ACQUIRE)),
		     __atomic_store_n(&w.lock, 0, __ATOMIC_RELEASE))
		break;
	case 1:
		LOOP(do z32 = 0; while (!__atomic_compare_exchange_n(&w.lock, &z32, 1, 0,
			 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)),
		     __atomic_store_n(&w.lock, 0, __ATOMIC_RELEASE))
		break;
	case 2:
		LOOP(do z32 = 0; while (!__atomic_compare_exchange_n(&w.lock, &z32, 1, 0,
			 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)),
		     __atomic_store_n((unsigned char *)&w.lock, 0, __ATOMIC_RELEASE))
		break;
	case 3:
		LOOP(do z8 = 0; while (!__atomic_compare_exchange_n((unsigned char *)&w.lock,
			 &z8, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)),
		     __atomic_store_n((unsigned char *)&w.lock, 0, __ATOMIC_RELEASE))
		break;
	}
}

int main(int argc, char **argv)
{
	static const char *const ways[] = { "tas", "cas32", "qspinlock", "cas8" };
	long n = argc > 2 ? atol(argv[2]) : 20000000L;
	int way;
	double t0;

	for (way = 0; way < 4 && (argc < 2 || strcmp(argv[1], ways[way])); way++)
		;
	if (argc < 2 || way == 4 || n <= 0) {
		fprintf(stderr, "lockword: usage: lockword tas|cas32|qspinlock|cas8 [ITERATIONS]\n");
		return 2;
	}
	t0 = now_ns();
	run(way, n);
	printf("way=%s ns=%.3f\n", ways[way], (now_ns() - t0) / n);
	return 0;
}
