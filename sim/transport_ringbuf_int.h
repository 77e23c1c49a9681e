/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ringbuf transport's state, shared by its files: transport_ringbuf.c
 * (options, setup, producers, figures), transport_ringbuf_cons.c (the
 * consumers) and transport_ringbuf_nmi.c (the NMI analog of --nmi-rate).
 * Private to them.
 */
#ifndef RBSIM_TRANSPORT_RINGBUF_INT_H
#define RBSIM_TRANSPORT_RINGBUF_INT_H

#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/consumer.h"
#include "sim/inject.h"
#include "sim/perfbuf_sample.h"
#include "sim/reserve.h"
#include "sim/spin.h"
#include "sim/transport.h"

/* its options (cfg->topts) */
struct rb_opts {
	__u32 kernel;    /* --kernel: RBSIM_KERNEL(a, b), the era of the map */
	bool overwrite;  /* --overwrite: a BPF_F_RB_OVERWRITE map (6.19) */
	__u64 nmi_rate;  /* --nmi-rate: NMI-context reserves per second per producer */
	struct rbsim_reserve reserve; /* --reserve */
	int lock;        /* --lock: enum ringbuf_lock_handoff */
	int wait;        /* --wait: enum ring_consumer_wait, or auto (rb_wait_how() resolves it) */
	int write;       /* --write: enum rbsim_write (rb_write_how() resolves auto) */
	struct rbsim_inject_opts inject;  /* --profile, --profile-trigger */
};


struct rb_transport {
	struct bpf_ringbuf_map **maps;
	unsigned int nmaps, per; /* per: producers per ring */
	__u64 wakeups;          /* the consumer's, saved at consumer_fini */
	__u64 busy_stops;          /* the libbpf consumer's walks stopped at a BUSY record */
	__u64 cons_waits, cons_woken; /* --profile: the consumer's charged waits, saved likewise */
	struct perfbuf_ooo *ooo; /* likewise: the order seen across rings (shard, percpu) */
	/* --overwrite: what the consumer lost to overwriting, saved at consumer_fini */
	struct consumer_ring_overwrite_stats ow;
	/* --nmi-rate: the handlers' reserves, added up at each producer_fini */
	__u64 nmi_runs, nmi_fail_lock, nmi_fail_no_space;
	struct rbsim_inject inj; /* --profile's charges, read-only once set up */
	bool kernel_write;      /* --write kernel (resolved): build, then rbsim_kcopy() */
	unsigned int movsb_from; /* ... its rep movsb from this size (rbsim_kcopy_movsb_from()) */
	__u64 charged;          /* --profile: loops spun: notifications as they come, producers
				 * and the consumer at their fini */
	__u64 sections;         /* --profile-preempt: the producers' sections, at their fini */
	__u64 apart;            /* ... their wake-ups of a consumer asleep on another CPU,
				 * which open none, at their fini */
	/*
	 * --profile-preempt: the CPU the consumer last went to sleep on (-1 not
	 * known), stored by the consumer before each wait and read by a producer
	 * about to wake it (rb_wake_hook())
	 */
	int cons_cpu;
	__u64 deferrals;        /* ... their batches' wake-ups made at the end, at their fini */
};

struct rb_producer {
	struct bpf_ringbuf_map *map; /* its ring */
	unsigned char *scratch; /* --use-output, --write kernel: the record is built here,
				 * then copied */
	/* --nmi-rate: the timer whose signal plays the NMI, and what its handler did */
	timer_t nmi_timer;
	struct itimerspec nmi_period; /* one shot, re-armed by the handler */
	bool has_timer;
	__u64 nmi_runs, nmi_fail_lock, nmi_fail_no_space;
	__u32 inj_size;         /* --profile: the last record size charged, and its loops */
	__u64 inj_loops;
	__u64 charged;          /* --profile: loops spun for records and batches */
};

struct rb_consumer {
	struct ring_consumer *rc;   /* libbpf: consumes; batch: only waits (ring_consumer__wait) */
	struct ringbuf_mmap *views; /* --consumer batch: walked by rbsim_ringbuf_custom_process() */
	unsigned int nviews;
	struct rbsim_consumer *c;
	struct perfbuf_ooo ooo;     /* several rings, libbpf consumer */
	__u64 wakeups;
	__u64 charged;              /* --profile: loops spun for waits and wake-ups */
	__u64 debt;                 /* --profile: loops its eventfd reads cost, not yet taken
				     * from a charge */
	__u64 reads;                /* --profile: the maps' notify_reads, as last summed */
	__u64 waits, woken;         /* --profile: waits charged; of them, woken from a sleep */
	unsigned int snapped;       /* --consumer none: the rings whose snapshot is taken */
};

/*
 * --profile: spin loops less what *debt still owes (costs the port pays that
 * the kernel does not: sections, eventfd writes and reads), taking that much
 * off the debt; what was spun. The producers' debt and the consumer's each
 * belong to one thread.
 */
static inline __u64 rb_spin_less(__u64 *debt, __u64 loops)
{
	if (unlikely(*debt)) {
		__u64 take = *debt < loops ? *debt : loops;

		*debt -= take;
		loops -= take;
	}
	rbsim_spin_charge(loops, rbsim_inject_lpns);
	return loops;
}

/* transport_ringbuf_nmi.c: the signal that plays the NMI, its handler */
#define RB_NMI_SIGNAL (SIGRTMIN + 2)
void rb_nmi_handler(int sig);
int rb_nmi_start(struct rb_producer *rp, __u64 rate);
void rb_nmi_stop(struct rb_transport *rt, struct rb_producer *rp);

/* transport_ringbuf.c: how the consumer sleeps, --wait with auto resolved */
int rb_wait_how(const struct rb_opts *ro);

/* transport_ringbuf_cons.c */
int rb_consumer_init(struct rbsim_transport *t, struct rbsim_consumer *c);
void rb_consumer_fini(struct rbsim_transport *t, struct rbsim_consumer *c);
int rb_consume(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms);

#endif
