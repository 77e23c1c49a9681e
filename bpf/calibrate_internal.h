/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim calibrate: what its three files share. calibrate.c is the command
 * (options, the order of the measurements, the report and the profile),
 * calibrate_measure.c the measurements, calibrate_sides.c the two sides they
 * run on: the kernel (calibrate.bpf.c through its skeleton, and the
 * kernel-ringbuf transport) and the port (the ringbuf library, and the
 * ringbuf transport).
 */
#ifndef RBSIM_BPF_CALIBRATE_INTERNAL_H
#define RBSIM_BPF_CALIBRATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

#include "sim/drive.h"
#include "sim/engine.h"
#include "sim/profile.h"

/*
 * The consumer of the ping-pong (calibrate_measure.c), fed by either side's
 * callback. Cross-thread words:
 *   done    consumer: store-release of the tag of the last notifying record it
 *           took, after lat_ns and stamp (P1); producer: load-acquire (P1)
 *   stop    producer: relaxed store at the end; consumer: relaxed load per poll
 *   tid     consumer: written before it first waits, read by the producer
 *           after the first done (published by P1 on the first tag)
 */
struct cal_pp {
	__u64 done;
	__u64 lat_ns;
	__u64 stamp;                /* the record's commit stamp, with lat_ns */
	__u64 wait_t;               /* when the consumer last entered its wait (P2) */
	int stop;
	pid_t tid;
};

/* one side of the bare measurements: one record, a wait, a drain */
struct cal_side {
	const char *name;           /* "kernel" or "port" */
	/*
	 * Commit one struct cal_rec with flags (tag copied into it), then more
	 * records (tag 0, up to CAL_MORE_MAX) with more_flags in the same call;
	 * *ns is how long the producing call took (for the kernel, the system
	 * call of BPF_PROG_TEST_RUN). 0 or -errno (of the first record).
	 */
	int (*submit)(struct cal_side *s, __u64 flags, __u64 tag, __u32 more, __u64 more_flags,
		      __u64 *ns);
	/* wait up to timeout_ms, then consume what is there through the callback */
	int (*poll)(struct cal_side *s, int timeout_ms);
	/* wait up to timeout_ms, consume nothing: > 0 when records are ready */
	int (*wait)(struct cal_side *s, int timeout_ms);
	/* consume what is there now */
	int (*consume)(struct cal_side *s);
	void (*close)(struct cal_side *s);
	struct cal_pp *pp;          /* the callback's: set before the first poll */
	void *priv;
};

/* calibrate_sides.c: 0, or -errno with the reason in err */
int cal_kernel_side(struct cal_side *s, char *err, size_t errlen);
/*
 * The kernel side's epoll_wait() system calls of the calling thread stamped
 * at their entry and exit (calibrate.bpf.c's raw_tp sys_enter and sys_exit,
 * attached while on): 0, or -errno with the reason in err.
 */
int cal_kernel_trace_waits(struct cal_side *s, bool on, char *err, size_t errlen);
/* the stamps of the thread's last such call (bpf_ktime_get_ns()): 0, or -EIO if none whole */
int cal_kernel_wait_stamps(struct cal_side *s, __u64 *enter, __u64 *exit);
/*
 * The first wake-up of one thread after cal_kernel_wake_arm() stamped
 * (calibrate.bpf.c's raw_tp sched_waking, attached from here until the side
 * is closed, fires on either side's wake-ups): 0, or -errno with the reason
 * in err
 */
int cal_kernel_trace_wakes(struct cal_side *s, char *err, size_t errlen);
void cal_kernel_wake_arm(struct cal_side *s, pid_t tid);
/* its bpf_ktime_get_ns() (rbsim_now_ns()'s clock), 0 if none yet */
__u64 cal_kernel_wake_stamp(struct cal_side *s);
int cal_port_side(struct cal_side *s, char *err, size_t errlen);
/* the same, its consumer waiting as how (enum ring_consumer_wait, ringbuf/consumer.h) */
int cal_port_side_wait(struct cal_side *s, int how, char *err, size_t errlen);

/* the callback both sides' consumers call with each record */
int cal_record_cb(void *ctx, void *data, size_t size);

/* the records of one timed batch: enough to drown the trigger's cost, few enough for any ring */
#define CAL_BATCH 128

/*
 * A transport driven by hand (sim/drive.h), with records of size bytes, no
 * wake-up, a ring of cal_drive_ring(size); trigger for a kernel transport
 * (NULL for the default); the port ("ringbuf") writes its records as the
 * kernel's program does (--write kernel): 0, or -errno with the reason in err
 */
int cal_drive_open(struct rbsim_drive *d, const char *transport, const char *trigger, __u32 size,
		   char *err, size_t errlen);
/* its ring for records of size bytes */
__u64 cal_drive_ring(__u32 size);
/* the ns one produce() of n records took, the ring drained after; < 0: -errno, reason in err */
long long cal_drive_batch(struct rbsim_drive *d, __u32 n, char *err, size_t errlen);

/* the measurements' state (calibrate_measure.c) */
#define RBSIM_CAL_MAX_PASSES RBSIM_PROFILE_MAX_PASSES /* --passes' maximum */

struct cal {
	unsigned int samples;       /* per cost and side */
	bool quiet;                 /* no progress on stderr */
	int prod_cpu, cons_cpu;     /* where the ping-pong runs (-1: not pinned) */
	char trigger_syscall[16];   /* what --trigger syscall measured */
	double *v[RBSIM_NSIDES][RBSIM_NCOSTS]; /* samples, ns */
	unsigned int passes;        /* --passes: whole measurements made */
	double diff[RBSIM_CAL_MAX_PASSES][RBSIM_NCOSTS]; /* kernel - port, per pass */
	unsigned int kept[RBSIM_NCOSTS]; /* the pass each cost's samples come from */
	/*
	 * the spread costs' samples (rbsim_cost_spread()), taken in blocks across
	 * the gaps between passes (NULL for the others); spread: the blocks
	 * taken, 0 for none (one pass, or no gap), their costs then kept as the
	 * others are
	 */
	double *sv[RBSIM_NSIDES][RBSIM_NCOSTS];
	unsigned int spread;
	/* the idle wake-ups: after the consumer slept idle_slept[i], in[i] samples a side */
	unsigned int idle_ms;       /* --idle-ms: sleep per length and side, about (0: none) */
	unsigned int nidle;
	double idle_slept[RBSIM_PROFILE_MAX_IDLE];
	unsigned int in[RBSIM_PROFILE_MAX_IDLE];
	double *iv[RBSIM_NSIDES][RBSIM_PROFILE_MAX_IDLE];
	double idle_nap[RBSIM_PROFILE_MAX_IDLE]; /* the nap asked of each point kept */
	struct rbsim_halt_poll halt; /* cal_halt_trains(); max_ns 0: none seen */
	struct rbsim_host_stops stops; /* cal_host_stops(); period_ns 0: none seen */
	bool nap_spin;              /* the producer spins through its naps (the trains) */
	/* the consumers of the idle wake-ups and trains, whose wait entries time a sleep */
	const struct pp_consumer *idle_pcs;
	char err[512];
};

/* calibrate_measure.c: 0, or -errno with the reason in cal->err */
int cal_records(struct cal *cal);
int cal_triggers(struct cal *cal);
int cal_pingpong(struct cal *cal);
int cal_notify_wait(struct cal *cal);
int cal_wait_enter(struct cal *cal);
int cal_wait_look(struct cal *cal);
int cal_reserve_fail(struct cal *cal);
int cal_batch_gap(struct cal *cal);
/* the idle wake-ups (once, after the passes), pinned as the others */
int cal_idle_wakeups(struct cal *cal);
/* then the host's halt polling, if the idle wake-ups show a step */
int cal_halt_trains(struct cal *cal);
/*
 * Spread: the costs a host moves from second to second (a notification, a
 * wait, a batch's trigger: 6.0 us in some seconds and 8-10 in others on the
 * family 25 EPYC guest, results/cycle-vm-2026-12-06) sampled in short
 * blocks across the gaps between passes, so that the profile keeps the
 * host's seconds, not the one second of a pass; and the look (wait_look),
 * the other half of the polling consumer's race with the trigger. The bare
 * sides stay open through a gap, each trigger's pair and the look's
 * consumers are opened for each block.
 */
struct cal_spread {
	struct cal_side sides[RBSIM_NSIDES];
	struct cal_pp pp;
	double lead[RBSIM_NSIDES];  /* the look's submit-to-commit times, block to block */
	__u64 tag;                  /* the look's last trial */
};

/* 0, or -errno with the reason in cal->err (close it either way) */
int cal_spread_open(struct cal *cal, struct cal_spread *sp);
/* samples [from, to) of each spread cost into cal->sv: 0, or -errno, reason in cal->err */
int cal_spread_block(struct cal *cal, struct cal_spread *sp, unsigned int from, unsigned int to);
void cal_spread_close(struct cal_spread *sp);

/* calibrate_stops.c: the host's stops of two busy CPUs, rounds of spin_s seconds */
int cal_host_stops(struct cal *cal, unsigned int spin_s, unsigned int rounds);

/* the median of v's n values (n >= 1), v sorted in place */
double cal_median(double *v, unsigned int n);

/* the progress line of one cost, on stderr unless quiet */
void cal_progress(const struct cal *cal, enum rbsim_cost k);

#endif /* RBSIM_BPF_CALIBRATE_INTERNAL_H */
