// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim's reference probe for the speed of the port: the ring buffer's
 * reserve, commit and a batch consumer written inline in one file, with no
 * library boundary, no statistics, no hooks and no harness, run back to back
 * as `rbsim run --b2b --size 8 --consumer batch --no-verify --no-latency`
 * runs the port: produce a batch of 500 records, then consume them, repeat.
 * What the port spends beyond this is the cost of being a port (and a
 * simulator); scripts/bench-speed.sh compares the two.
 *
 * The idea is that of the inline limit probe shared/limit/b2b.c; the code
 * follows Linux 6.18 kernel/bpf/ringbuf.c (__bpf_ringbuf_reserve(),
 * bpf_ringbuf_commit()) and libbpf's ringbuf_process_ring() as the port does,
 * minus what only the kernel's contract needs (the held-locks table of
 * rqspinlock, its timeout, the counters): a lock word, the pending_pos walk
 * (cfa1a2329a69), the BUSY bit, the fully ordered commit followed by the
 * adaptive wake-up check (counted, not sent), and a consumer that stores
 * consumer_pos once per drained batch (as rb-custom does).
 *
 * The lock word, one of two:
 *   tas        shared/limit/b2b.c's: an exchange of the whole word takes it,
 *              a store of the whole word releases it (the default)
 *   qspinlock  the kernel's: a compare-and-swap of the 32-bit word from 0
 *              takes it (queued_spin_trylock(), res_spin_lock()'s fast path),
 *              a store-release of its low byte alone releases it
 *              (queued_spin_unlock(), res_spin_unlock(): the pending and tail
 *              bytes of a queued lock belong to its waiters), as the port's
 *              rqspinlock.h does
 * On some cores the second costs far more uncontended, the byte store and the
 * next reservation's 32-bit locked read of the same word not being forwarded
 * (results/speed-vm-2026-12-06-3): the kernel's lock pays it, and so does
 * the port, which keeps the kernel's.
 *
 * usage: b2b_inline [RECORDS [SIZE [LOCK]]]   (default 20000000 records of 8
 *        bytes, tas)
 * prints one line: records=N size=S lock=L seconds=T mrps=M wakeups=W sum=X
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING_SZ     (1UL << 19)	/* rbsim run's default --ring-size */
#define RING_MASK   (RING_SZ - 1)
#define BATCH       500		/* rbsim run's default --batch */
#define HDR_SZ      8
#define BUSY_BIT    (1U << 31)
#define DISCARD_BIT (1U << 30)

struct probe_ring {
	unsigned long consumer_pos __attribute__((aligned(128)));
	unsigned long producer_pos __attribute__((aligned(128)));
	unsigned long pending_pos;
	unsigned int lock __attribute__((aligned(128)));
	unsigned long wakeups;
	unsigned char data[RING_SZ] __attribute__((aligned(4096)));
};

static struct probe_ring ring;

static inline uint32_t rec_len(uint32_t hdr_len)
{
	return ((hdr_len & ~(BUSY_BIT | DISCARD_BIT)) + HDR_SZ + 7) & ~7U;
}

/* take the lock word: tas or, qspin, the kernel's uncontended fast path */
static inline __attribute__((always_inline)) void probe_lock(struct probe_ring *rb,
							    const int qspin)
{
	unsigned int unlocked;

	if (!qspin) {
		while (__atomic_exchange_n(&rb->lock, 1, __ATOMIC_ACQUIRE))
			;
		return;
	}
	do
		unlocked = 0;
	while (!__atomic_compare_exchange_n(&rb->lock, &unlocked, 1, 0, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED));
}

/* release it: the whole word (tas), or its low byte alone (qspin, little-endian) */
static inline __attribute__((always_inline)) void probe_unlock(struct probe_ring *rb,
							      const int qspin)
{
	if (qspin)
		__atomic_store_n((unsigned char *)&rb->lock, 0, __ATOMIC_RELEASE);
	else
		__atomic_store_n(&rb->lock, 0, __ATOMIC_RELEASE);
}

/* __bpf_ringbuf_reserve(): consumer_pos first, then the lock, the pending walk, the checks */
static inline __attribute__((always_inline)) void *probe_reserve(struct probe_ring *rb,
								 uint32_t size, const int qspin)
{
	unsigned long cons, prod, pend, new_prod;
	uint32_t len = (size + HDR_SZ + 7) & ~7U, hdr_len;
	uint32_t *hdr;

	cons = __atomic_load_n(&rb->consumer_pos, __ATOMIC_ACQUIRE);
	probe_lock(rb, qspin);
	pend = rb->pending_pos;
	prod = rb->producer_pos;
	new_prod = prod + len;
	while (pend < prod) {
		hdr_len = __atomic_load_n((uint32_t *)&rb->data[pend & RING_MASK],
					  __ATOMIC_RELAXED);
		if (hdr_len & BUSY_BIT)
			break;
		pend += rec_len(hdr_len);
	}
	rb->pending_pos = pend;
	if (new_prod - cons > RING_MASK || new_prod - pend > RING_MASK) {
		probe_unlock(rb, qspin);
		return NULL;
	}
	hdr = (uint32_t *)&rb->data[prod & RING_MASK];
	__atomic_store_n(&hdr[0], size | BUSY_BIT, __ATOMIC_RELAXED);
	hdr[1] = 3; /* pg_off: any constant, nobody restores the ring from it here */
	__atomic_store_n(&rb->producer_pos, new_prod, __ATOMIC_RELEASE);
	probe_unlock(rb, qspin);
	return hdr + 2;
}

/* bpf_ringbuf_commit(): clear BUSY with a full barrier, then the adaptive check */
static inline __attribute__((always_inline)) void probe_submit(struct probe_ring *rb,
								 void *sample)
{
	uint32_t *hdr = (uint32_t *)sample - 2;
	uint32_t len = __atomic_load_n(hdr, __ATOMIC_RELAXED) ^ BUSY_BIT;
	unsigned long cons;

	__atomic_exchange_n(hdr, len, __ATOMIC_SEQ_CST);
	cons = __atomic_load_n(&rb->consumer_pos, __ATOMIC_ACQUIRE) & RING_MASK;
	if (cons == (unsigned long)((unsigned char *)hdr - rb->data))
		rb->wakeups++;
}

/* the batch consumer: every committed record, consumer_pos stored once at the end */
static inline __attribute__((always_inline)) long probe_consume(struct probe_ring *rb,
								  uint64_t *sum)
{
	unsigned long cons = rb->consumer_pos, prod;
	uint32_t hdr_len;
	long n = 0;

	prod = __atomic_load_n(&rb->producer_pos, __ATOMIC_ACQUIRE);
	while (cons < prod) {
		const uint32_t *hdr = (const uint32_t *)&rb->data[cons & RING_MASK];

		hdr_len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		if (hdr_len & BUSY_BIT)
			break;
		if (!(hdr_len & DISCARD_BIT)) {
			*sum += *(const uint64_t *)(hdr + 2);
			n++;
		}
		cons += rec_len(hdr_len);
	}
	__atomic_store_n(&rb->consumer_pos, cons, __ATOMIC_RELEASE);
	return n;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* the loop: batches of BATCH records, each batch consumed after it; the records consumed */
static inline __attribute__((always_inline)) long probe_run(long records, uint32_t size,
							    uint64_t *sump, const int qspin)
{
	/* a local, kept in a register: the ring's stores may alias *sump */
	uint64_t seq = 0, sum = 0;
	long done = 0;
	int i;

	while (done < records) {
		for (i = 0; i < BATCH; i++) {
			uint64_t *rec = probe_reserve(&ring, size, qspin);

			if (rec) {
				*rec = seq++;
				probe_submit(&ring, rec);
			}
		}
		done += probe_consume(&ring, &sum);
	}
	*sump = sum;
	return done;
}

/* one copy of the loop a lock, the choice made once */
static __attribute__((noinline)) long run_tas(long records, uint32_t size, uint64_t *sum)
{
	return probe_run(records, size, sum, 0);
}

static __attribute__((noinline)) long run_qspin(long records, uint32_t size, uint64_t *sum)
{
	return probe_run(records, size, sum, 1);
}

int main(int argc, char **argv)
{
	long records = argc > 1 ? atol(argv[1]) : 20000000L, done;
	uint32_t size = argc > 2 ? (uint32_t)atol(argv[2]) : 8;
	const char *lock = argc > 3 ? argv[3] : "tas";
	int qspin = !strcmp(lock, "qspinlock");
	uint64_t sum = 0;
	double t0, t;

	if (records <= 0 || size < 8 || size > 4096 || argc > 4 ||
	    (!qspin && strcmp(lock, "tas"))) {
		fprintf(stderr, "b2b_inline: usage: b2b_inline [RECORDS > 0 [SIZE 8..4096 "
			"[tas|qspinlock]]]\n");
		return 2;
	}
	t0 = now_s();
	done = qspin ? run_qspin(records, size, &sum) : run_tas(records, size, &sum);
	t = now_s() - t0;
	/* the sum is printed so that no store to a record can be left out */
	printf("records=%ld size=%u lock=%s seconds=%.6f mrps=%.3f wakeups=%lu sum=%llu\n", done,
	       size, lock, t, (double)done / t / 1e6, ring.wakeups, (unsigned long long)sum);
	return 0;
}
