// diag: a producer writing 256-byte records into a 512K ring while a consumer on the
// other CPU reads them behind it; the producer's ns a record by how it writes.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING (512 * 1024)
#define REC 264
#define N 4000000UL
static uint8_t ring[RING + 4096] __attribute__((aligned(4096)));
static uint64_t prod, cons;
static int mode, readall;

static void pin(int c) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(c, &s); pthread_setaffinity_np(pthread_self(), sizeof(s), &s); }
static uint64_t now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1000000000ULL + t.tv_nsec; }

static void *consumer(void *a)
{
	uint64_t c = 0, sum = 0;
	pin(1);
	while (c < N * REC) {
		uint64_t p = __atomic_load_n(&prod, __ATOMIC_ACQUIRE);
		while (c < p) {
			uint64_t *r = (uint64_t *)(ring + c % RING);
			sum += r[0];
			if (readall)
				for (int i = 1; i < REC / 8; i++) sum += r[i];
			c += REC;
			__atomic_store_n(&cons, c, __ATOMIC_RELEASE);
		}
	}
	return (void *)sum;
}

int main(int argc, char **argv)
{
	mode = atoi(argv[1]); readall = atoi(argv[2]);
	uint64_t scratch[REC / 8] __attribute__((aligned(64)));
	pthread_t t;
	pin(0);
	memset(ring, 1, sizeof(ring));
	pthread_create(&t, NULL, consumer, NULL);
	uint64_t t0 = now(), p = 0;
	for (uint64_t n = 0; n < N; n++) {
		while (p + REC > __atomic_load_n(&cons, __ATOMIC_ACQUIRE) + RING - 4096)
			;
		uint8_t *dst = ring + p % RING;
		if (mode == 0) {		/* in place, 8-byte stores */
			uint64_t *d = (uint64_t *)dst;
			for (int i = 0; i < REC / 8; i++) d[i] = n + i;
		} else {			/* built in scratch, then copied */
			for (int i = 0; i < REC / 8; i++) scratch[i] = n + i;
			__asm__ volatile("" ::: "memory");
			if (mode == 1) {
				size_t c = REC; void *d = dst, *s = scratch;
				__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(c) : : "memory");
			} else {
				uint64_t *d = (uint64_t *)dst;
				for (int i = 0; i < REC / 8; i++) __atomic_store_n(&d[i], scratch[i], __ATOMIC_RELAXED);
			}
		}
		p += REC;
		__atomic_store_n(&prod, p, __ATOMIC_RELEASE);
	}
	uint64_t t1 = now();
	pthread_join(t, NULL);
	printf("mode %d (%s) readall %d: %.1f ns a record\n", mode,
	       mode == 0 ? "in place" : mode == 1 ? "rep movsb" : "8-byte copy", readall,
	       (double)(t1 - t0) / N);
	return 0;
}
