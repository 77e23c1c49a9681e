/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the transport interface. `rbsim run` drives one workload (producer
 * threads, one consumer thread, record sizes, wakeup policy) through any
 * transport: the ringbuf port (sim/transport_ringbuf.c), later the perfbuf
 * port, liburcu's wfcqueue, and the real BPF maps (kernel-ringbuf,
 * kernel-perfbuf). Like the selftests' struct bench, a transport is a table
 * of callbacks; it registers itself from its own file with
 * RBSIM_TRANSPORT(), so adding one touches no shared table.
 *
 * A transport brings its own `rbsim run` options, as the selftests' bench
 * gives each benchmark family an argp child that owns its options: a table
 * (sim/options.h) whose destinations are fields of the transport's options
 * struct. `rbsim run` keeps that struct per run (the table's defaults, then
 * what was given) and hands it over read-only as cfg->topts; the options
 * reach every report row (transport_opts). Nothing of a run lives in a
 * file-level static.
 *
 * Call order (the engine in sim/engine.c):
 *   validate (bad input: exit 2 before anything is created or written),
 *   max_record and wakeup_max, setup, then on each
 *   producer thread producer_init, produce ... produce, producer_fini; on
 *   the consumer thread consumer_init, consume ... consume (a final drain
 *   with timeout 0 after every producer has stopped), consumer_fini; then
 *   stats and teardown on the main thread.
 *
 * Synchronization table:
 *   validate/setup/stats/teardown              : main thread, no other thread running
 *   producer_init/produce/producer_fini        : the thread owning that struct rbsim_producer;
 *                                                different producers run concurrently.
 *                                                In --b2b mode the consumer thread owns the only
 *                                                producer and calls produce between consume calls
 *   consumer_init/consume/consumer_fini        : the consumer thread, concurrently with producers
 *
 * Everything a transport needs from the workload is in struct rbsim_cfg;
 * the record layout and checksum are in sim/record.h.
 */
#ifndef RBSIM_TRANSPORT_H
#define RBSIM_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/types.h>

#include "sim/clock.h"
#include "sim/options.h"
#include "sim/record.h"

#define RBSIM_CACHELINE 128 /* as the selftests' counters: two lines, no false sharing */

enum rbsim_wakeup {
	RBSIM_WAKEUP_ADAPTIVE, /* flags 0: the kernel's rule (notify if the consumer caught up) */
	RBSIM_WAKEUP_NONE,     /* BPF_RB_NO_WAKEUP on every commit */
	RBSIM_WAKEUP_FORCE,    /* BPF_RB_FORCE_WAKEUP on every commit */
	RBSIM_WAKEUP_SAMPLED,  /* sampled:N, the selftests' --rb-sampled: see wakeup_bytes */
	RBSIM_WAKEUP_BYTES,    /* bytes:N: the same rule with N bytes */
};

enum rbsim_consumer_mode {
	RBSIM_CONSUMER_LIBBPF, /* libbpf's loop: consumer_pos stored after every record */
	RBSIM_CONSUMER_BATCH,  /* rb-custom: own loop, consumer_pos stored once per drained batch */
	/*
	 * producers only, the selftests' --rb-bench-producer: no consumer
	 * thread runs, hits are the producers' commits; at the end one
	 * snapshot of the ring (consume() with timeout 0) is verified
	 */
	RBSIM_CONSUMER_NONE,
};

/* --vplace: where virtual time's consumer runs */
enum rbsim_vplace {
	RBSIM_VPLACE_APART,  /* a CPU of its own */
	RBSIM_VPLACE_SHARED, /* the first producer's CPU, which that producer takes first */
};

enum rbsim_poll {
	RBSIM_POLL_EPOLL, /* wait for a notification, then drain */
	RBSIM_POLL_BUSY,  /* never wait: drain whatever is there, again and again */
};

enum rbsim_drop {
	RBSIM_DROP_NO_SPACE, /* no room (consumer_pos or pending_pos in the way) */
	RBSIM_DROP_LOCK,     /* the ring's lock could not be taken (rqspinlock timeout/deadlock) */
	RBSIM_DROP_TOO_BIG,  /* record larger than the transport accepts */
	RBSIM_DROP_NR,
};

/* the most points of --vcosts idle= (and of a profile's idle_wakeups) */
#define RBSIM_VIDLE_MAX 8

/*
 * What virtual time charges (--vcosts), in ns: set from options now, from a
 * calibration profile later (sim/vtime.md says where each one is paid)
 */
struct rbsim_vcosts {
	__u64 produce_ns;          /* a producer: one reserve, write and commit */
	__u64 notify_ns;           /* a producer: a notification it queues (irq_work, IPI) */
	__u64 wake_ns;             /* a notification, until the sleeping consumer runs */
	__u64 poll_ns;             /* the consumer: each poll (epoll_wait's return, re-poll) */
	__u64 record_ns;           /* the consumer: each record, before --consumer-work */
	__u64 refuse_ns;           /* a producer: one reservation refused (the ring full) */
	/*
	 * idle=SLEPT:NS/...: a wake-up after the consumer slept slept_ns[i]
	 * takes idle_wake_ns[i] (a CPU left idle that long wakes slower: the
	 * profile's idle_wakeups); between them by the logarithm of the time
	 * slept, from wake_ns at 0 to the first, the last beyond it
	 * (rbsim_vcosts_wake_ns()); nidle 0: wake_ns whatever the sleep
	 */
	unsigned int nidle;
	__u64 slept_ns[RBSIM_VIDLE_MAX];
	__u64 idle_wake_ns[RBSIM_VIDLE_MAX];
	/*
	 * spread=drawn (a profile's samples needed): each wake-up the rule above
	 * gives is scaled by a sample drawn from the measured wake-ups nearest
	 * the sleep, over their median (rbsim_vcosts_wake_drawn()): the busy
	 * producer's (wakeup_busy) below the first idle point, else the idle
	 * point's at or below the sleep. Kept for the process's life.
	 */
	bool drawn;
	const double *draw[RBSIM_VIDLE_MAX + 1]; /* [0]: wakeup_busy's; [i + 1]: idle point i's */
	unsigned int ndraw[RBSIM_VIDLE_MAX + 1];
	double draw_median[RBSIM_VIDLE_MAX + 1];
	/*
	 * haltpoll=MAX/SLEPT:N/...: the host's adaptive halt polling of the
	 * consumer's virtual CPU, as KVM's kvm_vcpu_halt() does it
	 * (virt/kvm/kvm_main.c, Linux 6.18; Documentation/virt/kvm/
	 * halt-polling.rst). A sleep no longer than the CPU's polling window
	 * wakes as a polled one, by the idle points below MAX; a longer one as
	 * the host's wake-up of a descheduled vCPU, by the points from MAX on
	 * (the first of them for any sleep below it). After a slow wake-up the
	 * window grows (doubled, 10 us at least, MAX at most) if the sleep was
	 * shorter than MAX, and halves (0 under 10 us) once for each halt a
	 * sleep beyond MAX was to the host: 1, or N (0 to 64) for a sleep of
	 * SLEPT or more (the host's own wake-ups of an idle vCPU, which the
	 * guest does not see). haltpoll_ns 0: none (rbsim_vcosts_wake()).
	 */
	__u64 haltpoll_ns;
	unsigned int nhalts;
	__u64 halts_slept_ns[RBSIM_VIDLE_MAX];
	unsigned int halts[RBSIM_VIDLE_MAX];
	/*
	 * hoststop=QUOTA/PERIOD/BURST: the host's CPU quota on the run's
	 * virtual CPUs (each producer's, and the consumer's with --vplace
	 * apart), as the EPYC VM's host enforces it
	 * (results/stops-vm-2026-12-05): a CPU uses the host's time while it
	 * runs and while the host polls it idle (haltpoll=: the first window's
	 * worth of each sleep); at each PERIOD's end the CPUs' use is taken
	 * from a bucket that gains QUOTA and holds BURST at most, and while the
	 * bucket is below 0 the host stops a CPU that ran in the period (drawn
	 * with the run's seed, by its use) for the whole next PERIOD. The
	 * bucket starts full. hoststop_period_ns 0: none (sim/vtime_host.c).
	 */
	__u64 hoststop_quota_ns, hoststop_period_ns, hoststop_burst_ns;
	unsigned int named;        /* the last --vcosts' names: bit i for the i-th above, the
				    * seventh (RBSIM_VCOST_IDLE) for idle, the eighth
				    * (RBSIM_VCOST_SPREAD) for spread, the ninth
				    * (RBSIM_VCOST_HALTPOLL) for haltpoll, the tenth
				    * (RBSIM_VCOST_HOSTSTOP) for hoststop */
};

/* the bits of struct rbsim_vcosts.named that idle=, spread=, haltpoll= and hoststop= set */
#define RBSIM_VCOST_IDLE (1u << 6)
#define RBSIM_VCOST_SPREAD (1u << 7)
#define RBSIM_VCOST_HALTPOLL (1u << 8)
#define RBSIM_VCOST_HOSTSTOP (1u << 9)
/* haltpoll=: KVM's halt_poll_ns_grow_start, the window's least non-zero size */
#define RBSIM_HALTPOLL_START_NS 10000ULL
/* the most halts a sleep can count: 64 halvings empty any window */
#define RBSIM_HALTPOLL_MAX_HALTS 64

struct rbsim_rng;
/*
 * spread=drawn: the wake-up after slept_ns, rbsim_vcosts_wake_ns()'s scaled
 * by a sample drawn with rng (the rule's own where no samples are kept)
 */
__u64 rbsim_vcosts_wake_drawn(const struct rbsim_vcosts *c, __u64 slept_ns,
			      struct rbsim_rng *rng);

/* the wake-up of a consumer that slept slept_ns, as struct rbsim_vcosts says (transport.c) */
__u64 rbsim_vcosts_wake_ns(const struct rbsim_vcosts *c, __u64 slept_ns);
/*
 * The wake-up virtual time charges a consumer that slept slept_ns: with
 * haltpoll=, polled or not by *window_ns (its CPU's polling window, 0 at
 * the start: a vCPU after a long idle), which it then moves; drawn with rng
 * under spread=drawn (rng NULL: the rule's value)
 */
__u64 rbsim_vcosts_wake(const struct rbsim_vcosts *c, __u64 slept_ns, __u64 *window_ns,
			struct rbsim_rng *rng);
/*
 * haltpoll=: a CPU with polling window *window_ns idled slept_ns: the window
 * moves as rbsim_vcosts_wake() moves it (not at all when polled or without
 * haltpoll=)
 */
void rbsim_vcosts_haltpoll_after(const struct rbsim_vcosts *c, __u64 slept_ns,
				 __u64 *window_ns);
/*
 * c as --vcosts' text, NAME=NS,... in its order, then idle=SLEPT:NS/... when
 * it has points, spread=drawn when it draws, haltpoll=MAX/SLEPT:N/...
 * when the host polls and hoststop=QUOTA/PERIOD/BURST when it stops CPUs
 * (transport.c)
 */
void rbsim_vcosts_text(const struct rbsim_vcosts *c, char *buf, size_t len);
/*
 * "" without idle points, else " (after sleeping SLEPTns: NSns, ...)", and
 * ", each drawn from the measured ones" with spread=drawn, in buf: buf
 */
const char *rbsim_vidle_text(const struct rbsim_vcosts *c, char *buf, size_t len);
/* "" without hoststop=, else "; the host stops a CPU ..." in buf: buf */
const char *rbsim_vhost_text(const struct rbsim_vcosts *c, char *buf, size_t len);

struct rbsim_trace;

/* the workload, as parsed and checked by `rbsim run`; read-only for transports */
struct rbsim_cfg {
	const char *transport;     /* --transport */
	unsigned int producers;    /* -p */
	unsigned int duration_s;   /* -d, measured seconds (when records == 0) */
	unsigned int warmup_s;     /* -w */
	__u64 records;             /* --records: total records to attempt, 0 = timed run */
	__u64 ring_size;           /* --ring-size, bytes (per producer slot for per-CPU designs) */
	__u64 seed;                /* --seed */
	__u32 size_min, size_max;  /* bounds of the --size spec */
	double size_mean;          /* mean sample size of the --size spec */
	__u64 rate;                /* --rate records/s per producer, 0 = as fast as possible */
	__u32 batch;               /* --batch records per produce() call */
	bool b2b;                  /* --b2b: one producer, driven by the consumer thread */
	enum rbsim_wakeup wakeup;  /* --wakeup */
	__u64 wakeup_n;            /* N of sampled:N or bytes:N */
	/*
	 * sampled/bytes: FORCE_WAKEUP once BPF_RB_AVAIL_DATA >= wakeup_bytes,
	 * NO_WAKEUP otherwise. sampled:N gives N records' worth of ring
	 * footprint (N * round_up(mean size + 8, 8)), as the selftests'
	 * sample_rate * 16 for 8-byte records; bytes:N gives N.
	 */
	__u64 wakeup_bytes;
	bool use_output;           /* --use-output: bpf_ringbuf_output() from a scratch copy */
	double discard_pct;        /* --discard: share of reservations discarded (in the batch) */
	enum rbsim_consumer_mode consumer; /* --consumer */
	enum rbsim_poll poll;      /* --poll */
	__u64 consumer_work_ns;    /* --consumer-work, spent in rbsim_record() per record */
	bool verify;               /* records carry header + checksum (false: --no-verify) */
	bool latency;              /* stamp timestamps (false: --no-latency) */
	__u32 lat_every;           /* stamp one record in lat_every (a power of 2; 0: none) */
	const void *topts;         /* the transport's own options: its ops->options' struct */
	/* when records arrive (sim/arrivals.h) and when the consumer stalls */
	int arrivals;              /* --arrivals: enum rbsim_arrivals */
	__u64 burst;               /* --burst N records at once ... */
	__u64 burst_every_ns;      /* ... every --burst-every */
	const struct rbsim_trace *trace; /* --trace, loaded (records and producers follow it) */
	__u64 stall_ns;            /* --stall: the consumer stops this long ... */
	__u64 stall_every_ns;      /* ... every --stall-every, from the start */
	bool virtual_time;         /* --virtual: the virtual-time engine (sim/vtime.c) */
	struct rbsim_vcosts vcosts; /* --vcosts, or --profile's with --virtual */
	const char *vprofile;      /* --virtual: the profile its costs came from (NULL: none) */
	/*
	 * --vplace shared: virtual time's consumer on the first producer's CPU,
	 * running only while that producer is not busy (sim/vtime.md)
	 */
	int vplace;                /* enum rbsim_vplace */
	/*
	 * stamp each batch (rbsim_batch_result's t_first, t_last): set by
	 * rbsim_drive_open_stamped() for calibrate's batch_gap, not an option
	 */
	bool stamp_batches;
};

/* one produce() call: n records, sizes (and discard marks) from the workload */
#define RBSIM_BATCH_DISCARD (1u << 31) /* in size[i]: reserve, then discard instead of submit */
#define RBSIM_BATCH_SIZE(s) ((s) & ~RBSIM_BATCH_DISCARD)

struct rbsim_batch {
	__u32 n;
	const __u32 *size; /* n entries: sample size | optional RBSIM_BATCH_DISCARD */
	/*
	 * every size[i] is size[0] and none is marked for discard (the engine's
	 * constant sizes): a transport may read size[0] once; false says
	 * nothing, size[] is the truth either way
	 */
	bool uniform;
};

/* what produce() did with the batch; zeroed by the engine before each call */
struct rbsim_batch_result {
	__u32 committed;           /* submitted (or output) records: seq advanced by this many */
	__u32 discarded;           /* reserved then discarded */
	__u32 drops[RBSIM_DROP_NR];/* failed reserve/output, by reason (best effort, see stats) */
	__u64 bytes;               /* sample bytes committed */
	/*
	 * cfg->stamp_batches: the clock (CLOCK_MONOTONIC, ns) just before the
	 * batch's first record and just after its last, read where its records
	 * are written (the kernel transports: in the BPF program, by
	 * bpf_ktime_get_ns()); 0 otherwise, or for a transport that cannot
	 */
	__u64 t_first, t_last;
};

/* monotonic per-thread counters, written by the owner, read each second by the main thread */
struct rbsim_prod_counters {
	__u64 committed;
	__u64 discarded;
	__u64 drops[RBSIM_DROP_NR];
	__u64 bytes;
	__u64 batches;
} __attribute__((aligned(RBSIM_CACHELINE)));

struct rbsim_rng {
	__u64 s[4]; /* xoshiro256** */
};

/* an unpaced producer looks at the clock (for the host's stops) every this many batches */
#define RBSIM_LOOK_BATCHES 4
/*
 * An unpaced producer's look that comes RBSIM_LOST_GAP_NS or more and
 * RBSIM_LOST_TYP_MULT times its usual interval or more after the one before
 * counts the time beyond its usual interval as lost: its thread did not run
 * (the host took its vCPU, or the guest an interrupt or another task), or
 * waited for a thread that did not (the holder of its ring's lock)
 */
#define RBSIM_LOST_GAP_NS 20000ULL
#define RBSIM_LOST_TYP_MULT 4

struct rbsim_producer {
	struct rbsim_prod_counters ctr; /* engine-owned */
	__u32 id;                  /* 0 .. producers-1, the record's producer field */
	__u64 seq;                 /* next seq to commit; +1 per committed record (rbsim_fill) */
	void *priv;                /* the transport's per-producer state (producer_init) */
	/* engine-owned below */
	struct rbsim_rng rng;      /* record sizes and discard decisions */
	__u32 *sizes;              /* batch buffer */
	int cpu;                   /* pinned CPU or -1 */
	__u64 attempted;           /* records handed to produce() */
	__u64 quota;               /* --records: this producer's share (may be 0); timed: unused */
	__u64 rate_lag;            /* --rate: records due and not sent before its last send */
	__u64 rate_span_ns;        /* --rate --records: from the start to its last send's end */
	/*
	 * the times its thread, measured, looked at the clock RBSIM_HOST_STOP_NS
	 * or more after it meant to (paced: the end of its sleep, or its
	 * previous look; unpaced: its previous look, RBSIM_LOOK_BATCHES batches
	 * before): the host stopped its CPU
	 */
	__u64 host_stops;
	/*
	 * unpaced, measured: the time lost between its looks (RBSIM_LOST_GAP_NS)
	 * and its usual interval between two looks (a running mean of those
	 * that lost none; 0 before its second look)
	 */
	__u64 lost_ns;
	__u64 look_usual_ns;
	/* rbsim_fill()'s own, set by rbsim_fill_init() */
	__u64 next_stamp;          /* the next seq it stamps or starts a 2^24 block with */
	__u64 w8_base;             /* in that block, the unstamped 8-byte record is seq << 32 + this */
	bool fill_verify;          /* cfg->verify, beside seq */
} __attribute__((aligned(RBSIM_CACHELINE)));

struct rbsim_consumer; /* verification and latency state, sim/verify.h */
struct rbsim_transport;

/* what the transport counted over the whole run (filled by ops->stats) */
#define RBSIM_TSTATS_EXTRA 28
struct rbsim_tstats {
	__u64 notifications;       /* producer-side wakeups issued (eventfd writes, irq_work) */
	/*
	 * How the transport counted them (with RBSIM_CAP_NOTIFY_COUNT): itself
	 * (RBSIM_NOTIFY_OWN), as the machine's IRQ work interrupts over the run
	 * (the kernel transports: sim/irqstat.h), or not this run (NONE: none
	 * readable, and notifications is 0)
	 */
	enum rbsim_notify_count { RBSIM_NOTIFY_OWN, RBSIM_NOTIFY_IRQ_WORK,
				  RBSIM_NOTIFY_NONE } notify_count;
	__u64 wakeups;             /* consumer wake-ups: waits that returned with data */
	bool have_drop_reasons;    /* drops[] below is authoritative (the map's own counters) */
	__u64 drops[RBSIM_DROP_NR];
	/*
	 * Overwrite mode: the consumer may miss records by design. Up to
	 * lost_bound records (the ring's count of overwritten ones) that were
	 * committed and never consumed are counted as overwritten, not lost;
	 * a duplicated, reordered or torn record still fails.
	 */
	bool lossy;
	__u64 lost_bound;
	unsigned int nr_extra;     /* transport-specific figures, reported as key=value */
	struct {
		const char *name;  /* a C identifier, e.g. "notify_dedup" */
		double value;
	} extra[RBSIM_TSTATS_EXTRA];
};

/* the figure of t's extras named name (0: none) */
double rbsim_tstats_extra(const struct rbsim_tstats *t, const char *name);

/*
 * What a transport honours beyond the workload every transport runs, and
 * which of the common figures mean something there. The engine checks the
 * options against them once (sim/run_parse.c) and the reports leave out figures a
 * transport does not have, so no transport repeats the checks.
 */
enum rbsim_cap {
	RBSIM_CAP_CONSUMER_KIND = 1 << 0, /* --consumer libbpf|batch: rb-custom's loop exists */
	RBSIM_CAP_OUTPUT        = 1 << 1, /* --use-output: a copying output call besides reserve */
	RBSIM_CAP_WAKEUP_AVAIL  = 1 << 2, /* --wakeup sampled:N, bytes:N */
	RBSIM_CAP_KERNEL        = 1 << 3, /* the running kernel's map (compare's --kernel side) */
	RBSIM_CAP_DROP_RATE     = 1 << 4, /* a refused record costs what the real call costs */
	RBSIM_CAP_NOTIFY_COUNT  = 1 << 5, /* notifications are counted */
	RBSIM_CAP_DROP_LOCK     = 1 << 6, /* lock failures are told apart from lack of space */
	RBSIM_CAP_DROP_TOO_BIG  = 1 << 7, /* a record can be too big for it (told apart) */
	RBSIM_CAP_NO_CONSUMER   = 1 << 8, /* --consumer none: consume(0) snapshots the ring once */
};

struct rbsim_transport_ops {
	const char *name;          /* --transport NAME */
	const char *summary;       /* one line for --help */
	/*
	 * Its own options, or NULL: a table (sim/options.h, no sections)
	 * whose destinations are in a struct of opts_size bytes (at most
	 * RBSIM_TOPTS_MAX), given to every callback as cfg->topts. An option
	 * of another transport is refused by `rbsim run`; two transports may
	 * share a name (--perf-pages, --trigger).
	 */
	const struct rbsim_opt *options;
	size_t opts_size;
	unsigned int caps;         /* enum rbsim_cap */
	const char *consumer_name; /* without RBSIM_CAP_CONSUMER_KIND: its consumer, for reports */

	/*
	 * Refuse what the transport cannot honour, with a one-line message
	 * naming the option and why (exit 2). Nothing may be created yet.
	 */
	int (*validate)(const struct rbsim_cfg *cfg, char *err, size_t errlen);
	/*
	 * Optional, asked once validate passed: the largest sample the ring
	 * can ever take under cfg (a larger one is a too-big drop every time),
	 * and the largest --wakeup sampled:N/bytes:N threshold (cfg->wakeup_bytes)
	 * the ring can reach, 0 when the mode has no byte threshold there. The
	 * engine refuses a workload that can never fit or never wake the
	 * consumer, and warns about one that partly cannot.
	 */
	__u64 (*max_record)(const struct rbsim_cfg *cfg);
	__u64 (*wakeup_max)(const struct rbsim_cfg *cfg);
	/*
	 * Create the ring(s), load programs; set t->priv. 0, or a negative
	 * errno with a one-line message in err: -EINVAL/-E2BIG mean bad input
	 * (exit 2), t->unavailable set means a missing privilege or kernel
	 * feature (exit 77), anything else is a failure of the run (exit 1).
	 */
	int (*setup)(struct rbsim_transport *t, char *err, size_t errlen);
	void (*teardown)(struct rbsim_transport *t); /* also after a failed setup; NULL-safe */

	int (*producer_init)(struct rbsim_transport *t, struct rbsim_producer *p); /* optional */
	void (*producer_fini)(struct rbsim_transport *t, struct rbsim_producer *p); /* optional */
	/*
	 * Produce one batch: for each size[i], reserve in place, write the
	 * record with rbsim_fill() (or the BPF equivalent), then submit, or
	 * discard when RBSIM_BATCH_DISCARD is set, with the wakeup flags of
	 * cfg->wakeup (rbsim_wakeup_flags() for BPF-ring-like transports). A
	 * failed reserve is a drop, counted in res by reason, and the batch
	 * goes on. No per-record syscall, allocation or lock besides the
	 * ring's own. Returns 0, or a negative errno that aborts the run.
	 */
	int (*produce)(struct rbsim_transport *t, struct rbsim_producer *p,
		       const struct rbsim_batch *b, struct rbsim_batch_result *res);

	int (*consumer_init)(struct rbsim_transport *t, struct rbsim_consumer *c); /* optional */
	void (*consumer_fini)(struct rbsim_transport *t, struct rbsim_consumer *c); /* optional */
	/*
	 * One consumer round: pass every available committed record, in ring
	 * order, to rbsim_record(c, data, size); discarded records are skipped.
	 * timeout_ms > 0: with cfg->poll == RBSIM_POLL_EPOLL wait up to that
	 * long for a notification first (busy mode never waits).
	 * timeout_ms == 0: do not wait, consume what is there now (the drain
	 * after producers stop; it must see records even when no notification
	 * was sent). Returns the number of records delivered, or a negative
	 * errno that aborts the run.
	 */
	int (*consume)(struct rbsim_transport *t, struct rbsim_consumer *c, int timeout_ms);

	void (*stats)(struct rbsim_transport *t, struct rbsim_tstats *st); /* after the run */
};

struct rbsim_transport {
	const struct rbsim_transport_ops *ops;
	const struct rbsim_cfg *cfg;
	void *priv;                /* the transport's state (setup) */
	/*
	 * set by a setup that failed for lack of privilege or of a kernel
	 * feature (err says which): the command skips (exit 77, or 1 with
	 * RBSIM_REQUIRE_KERNEL=1) instead of failing
	 */
	bool unavailable;
	/*
	 * the CPU the engine pins the consumer thread to (cons_pinned), set
	 * before setup; a transport may compare a producer's (its cpu) with it.
	 * cons_cpu_producers: how many producers are pinned to that CPU too
	 */
	bool cons_pinned;
	int cons_cpu;
	unsigned int cons_cpu_producers;
	/*
	 * set by a setup whose producers each write a ring no other producer
	 * writes (the BPF ring buffer's --reserve percpu): no producer's pace
	 * depends on another's, so a look at the clock that comes late is time
	 * its own thread lost (rbsim_producer.lost_ns, without a consumer; with
	 * one producer, always)
	 */
	bool own_rings;
};

/* ---- registration ---- */
#define RBSIM_TOPTS_MAX 640 /* bytes of a transport's options struct */
#define RBSIM_MAX_TRANSPORTS 32 /* registered at most (the option parsers' groups) */

/* a transport whose options struct is larger than RBSIM_TOPTS_MAX is a bug: abort() */
void rbsim_transport_register(struct rbsim_transport_ops *ops);
const struct rbsim_transport_ops *rbsim_transport_find(const char *name);
const struct rbsim_transport_ops *rbsim_transport_next(const struct rbsim_transport_ops *prev);

#define RBSIM_TRANSPORT(ident, ops_var)                                          \
	__attribute__((constructor)) static void rbsim_transport_register_##ident(void) \
	{                                                                        \
		rbsim_transport_register(&(ops_var));                            \
	}

/*
 * The BPF ring buffer's limits (kernel/bpf/ringbuf.c, both the port's and the
 * kernel's): a reservation needs new_prod_pos - cons_pos <= mask, so at most
 * ring_size - 8 bytes are ever in the ring (records are 8-aligned with their
 * 8-byte header) and a sample takes at most ring_size - 16 bytes (and
 * RINGBUF_MAX_RECORD_SZ, UINT_MAX / 4). BPF_RB_AVAIL_DATA never exceeds
 * ring_size - 8 either (with one record size, the largest multiple of its
 * footprint below that).
 */
static inline __u64 rbsim_ringbuf_max_record(const struct rbsim_cfg *cfg)
{
	__u64 n = cfg->ring_size > 16 ? cfg->ring_size - 16 : 0;

	return n < 0xffffffffULL / 4 ? n : 0xffffffffULL / 4;
}

static inline __u64 rbsim_ringbuf_wakeup_max(const struct rbsim_cfg *cfg)
{
	/* records of one size fill the ring to a multiple of their footprint */
	__u64 fp = ((__u64)cfg->size_max + 8 + 7) / 8 * 8;

	if (cfg->size_min == cfg->size_max && fp <= cfg->ring_size - 8)
		return (cfg->ring_size - 8) / fp * fp;
	return cfg->ring_size - 8;
}

/* ---- helpers for producers ---- */

/* out of line: every layout (record.h's rbsim_rec_write) and the plain pattern */
void rbsim_fill_rec(void *dst, __u32 size, __u32 producer, __u64 seq, __u64 ts_ns);
void rbsim_fill_plain(void *dst, __u32 size);

/* what rbsim_fill() keeps in the producer: call once, with p->seq at 0 */
static inline void rbsim_fill_init(const struct rbsim_cfg *cfg, struct rbsim_producer *p)
{
	p->fill_verify = cfg->verify;
	p->next_stamp = cfg->verify ? 0 : ~0ULL;
	p->w8_base = 0;
}

/* after seq: the next record to stamp (rbsim_should_stamp) or the next 2^24 block */
static inline __u64 rbsim_fill_next_event(const struct rbsim_cfg *cfg, __u64 seq)
{
	__u64 next = (seq | RBSIM_SEQ24_MASK) + 1, stamp;

	if (cfg->latency && cfg->lat_every) {
		stamp = (seq | (cfg->lat_every - 1)) + 1;
		if (stamp < next)
			next = stamp;
	}
	return next;
}

/*
 * rbsim_fill() with p->seq and p->fill_verify in the caller's locals, for a
 * loop over a batch: there they stay in registers (the ring's stores may
 * alias p as far as the compiler knows, so p->seq would be loaded and stored
 * for every record). The caller loads *seqp from p->seq before the loop and
 * stores it back after; nothing else reads p->seq meanwhile.
 */
static inline __attribute__((always_inline)) void
rbsim_fill_local(const struct rbsim_cfg *cfg, struct rbsim_producer *p, void *dst, __u32 size,
		 __u64 *seqp, const bool verify)
{
	__u64 seq = (*seqp)++, ts = 0;

	if (!verify) {
		if (size == 8)
			rbsim_st64(dst, RBSIM_PLAIN_BASE);
		else
			rbsim_fill_plain(dst, size);
		return;
	}
	if (__builtin_expect(seq == p->next_stamp, 0)) {
		/* rbsim_should_stamp(seq, cfg->lat_every), or a new 2^24 block */
		p->next_stamp = rbsim_fill_next_event(cfg, seq);
		/* (seq << 32) carries seq's bits 24-31 into the id byte: take them back out */
		p->w8_base = rbsim_compact8_word(p->id, seq, 0) - (seq << 32);
		if (cfg->latency && rbsim_should_stamp(seq, cfg->lat_every))
			ts = rbsim_ts_mark(rbsim_now_ns());
		if (size == 8)
			rbsim_st64(dst, rbsim_compact8_word(p->id, seq, (__u32)ts));
		else
			rbsim_fill_rec(dst, size, p->id, seq, ts);
		return;
	}
	if (size == 8)
		rbsim_st64(dst, (seq << 32) + p->w8_base);
	else
		rbsim_fill_rec(dst, size, p->id, seq, 0);
}

/*
 * A run of verified 8-byte records, for a loop that fills many (the
 * ringbuf transport's uniform batch): from a seq that is not the producer's
 * next event (seq != p->next_stamp), the records up to that event are each
 * the unstamped word rbsim_fill_local() writes, (seq << 32) + w8_base, so
 * the loop keeps the word and adds 1 << 32 a record instead of testing for
 * the event a record. rbsim_fill8_room(): how many of the at most `left`
 * records the run may take; rbsim_fill8_word(): the first one's word;
 * rbsim_fill8_next(): write it, return the next; rbsim_fill8_count(): how
 * many were written (the seqs to advance by).
 */
static inline __u32 rbsim_fill8_room(const struct rbsim_producer *p, __u64 seq, __u32 left)
{
	__u64 room = p->next_stamp - seq; /* >= 1: seq stays below its next event */

	return room < left ? (__u32)room : left;
}

static inline __u64 rbsim_fill8_word(const struct rbsim_producer *p, __u64 seq)
{
	return (seq << 32) + p->w8_base;
}

static inline __attribute__((always_inline)) __u64 rbsim_fill8_next(void *dst, __u64 w)
{
	rbsim_st64(dst, w);
	return w + (1ULL << 32);
}

static inline __u64 rbsim_fill8_count(__u64 w, __u64 w0)
{
	/* a run stays inside one 2^24 block: the upper half moved by the count */
	return (w - w0) >> 32;
}

/*
 * Write record number p->seq of size `size` at dst and advance p->seq: the
 * layout of sim/record.h with a timestamp when cfg wants one, or the plain
 * pattern under --no-verify. Call it between reserve and submit (for
 * --use-output: into a scratch buffer, then output). The 8-byte record is
 * written inline (one store); other sizes take a call, which is small
 * beside writing their payload. A transport that could not commit the record
 * gives its number back (p->seq--) before the next call; p->seq moves in no
 * other way, so between two events (next_stamp) seq stays in one 2^24 block,
 * the one w8_base was computed for. A stamp given back stays taken: the
 * retry is unstamped unless the transport resets next_stamp to p->seq.
 */
static inline __attribute__((always_inline)) void
rbsim_fill(const struct rbsim_cfg *cfg, struct rbsim_producer *p, void *dst, __u32 size)
{
	rbsim_fill_local(cfg, p, dst, size, &p->seq, p->fill_verify);
}

/*
 * BPF_RB_* flags for one commit under cfg->wakeup. avail_data is what
 * bpf_ringbuf_query(BPF_RB_AVAIL_DATA) returns; it is only looked at for
 * sampled/bytes, so query only when rbsim_wakeup_needs_avail() says so.
 */
static inline bool rbsim_wakeup_needs_avail(const struct rbsim_cfg *cfg)
{
	return cfg->wakeup == RBSIM_WAKEUP_SAMPLED || cfg->wakeup == RBSIM_WAKEUP_BYTES;
}

static inline __u64 rbsim_wakeup_flags(const struct rbsim_cfg *cfg, __u64 avail_data)
{
	switch (cfg->wakeup) {
	case RBSIM_WAKEUP_NONE:
		return BPF_RB_NO_WAKEUP;
	case RBSIM_WAKEUP_FORCE:
		return BPF_RB_FORCE_WAKEUP;
	case RBSIM_WAKEUP_SAMPLED:
	case RBSIM_WAKEUP_BYTES:
		/* the selftests' get_flags() */
		return avail_data >= cfg->wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	default:
		return 0;
	}
}

/* ---- the consumer side: every record goes through rbsim_record() ---- */
#include "sim/verify.h"

struct ringbuf_mmap;

/*
 * The selftests' ringbuf_custom_process_ring() (--consumer batch) on a ring
 * mapped as the kernel maps it, the port's or the kernel's: every committed
 * record to rbsim_record(c), consumer_pos stored once per drained pass.
 * Returns the number of records passed on.
 */
int rbsim_ringbuf_custom_process(const struct ringbuf_mmap *view, struct rbsim_consumer *c);

#endif /* RBSIM_TRANSPORT_H */
