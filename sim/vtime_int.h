/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the virtual-time engine's own state, shared by its files: vtime.c
 * (the scheduler: producers, ticks, the run and its result), vtime_cons.c
 * (the consumer's states and the stalls), vtime_ringbuf.c and
 * vtime_perfbuf.c (the ports behind it). One thread: no word is shared.
 * Not for the rest of rbsim: the interface is sim/vtime.h.
 */
#ifndef RBSIM_VTIME_INT_H
#define RBSIM_VTIME_INT_H

#include <stdbool.h>
#include <linux/types.h>

#include "ringbuf/consumer.h"
#include "ringbuf/kernel_compat.h"
#include "ringbuf/perfbuf.h"
#include "sim/arrivals.h"
#include "sim/hist.h"
#include "sim/perfbuf_sample.h"
#include "sim/vtime.h"

#define VT_NEVER (~0ULL)
#define VT_SIZES 256 /* record sizes drawn at a time, per producer */

/*
 * A ring's committed records, in ring order: when each was produced, its
 * size, whether its latency is measured. done <= claim <= tail: the records
 * from done on are still in the ring; those before claim are the
 * consumer's already (it has started on them, they leave the ring at its
 * next store of consumer_pos or data_tail); those from claim on it has not
 * looked at yet.
 */
struct vt_entry {
	__u64 t;
	__u32 size;
	__u32 stamped;
};

/*
 * hole: the entry held, reserved and not committed (its header still BUSY
 * in the port's ring), where the consumer stops; VT_NEVER: none. Only the
 * many-CPU model holds a record across events (sim/vtime_cpus.c, --preempt
 * user): the producer on the consumer's CPU, which keeps that CPU from the
 * other producers there until its commit, so one at a time.
 */
struct vt_fifo {
	struct vt_entry *e;
	__u64 mask, done, claim, tail;
	__u64 bytes;               /* the ring space of the entries from done to tail */
	__u64 hole;
};

/* the records the consumer may start on: up to the first held one */
static inline __u64 vt_fifo_waiting(const struct vt_fifo *f)
{
	return (f->hole < f->tail ? f->hole : f->tail) - f->claim;
}

/* the next record is held: the ring has data (producer_pos moved) that the consumer cannot take */
static inline bool vt_fifo_stuck(const struct vt_fifo *f)
{
	return f->hole == f->claim;
}

/* a producer: its schedule, when it is free again, its record stream */
struct vt_prod {
	struct rbsim_producer p;   /* seq, rng, rbsim_fill()'s state, counters */
	struct rbsim_sched s;
	__u64 t;                   /* its next attempt (VT_NEVER: done) */
	__u64 free_ns;             /* busy with its last record until then */
	__u64 late_ns;             /* how late its last attempt was on its schedule */
	__u64 last_ns;             /* its last attempt */
	__u32 sizes[VT_SIZES];
	unsigned int nsizes;       /* drawn and not yet used: sizes[VT_SIZES - nsizes ..] */
};

/*
 * The consumer, as the states of its loop (sim/vtime_cons.c):
 *   SLEEP  in epoll_wait(), until a notification (+ wake_ns) makes it WAKE
 *   WAKE   epoll_wait() returns at t: a poll round starts, poll_ns later ROUND
 *   ROUND  at t it looks at the ring(s): claims records (BUSY) or ends the
 *          round (SLEEP, or IDLE under --poll busy, or DONE after the drain)
 *   BUSY   the claimed records are done at t: the port consumes them
 *   IDLE   --poll busy, nothing there: a commit starts a round (poll_ns later)
 *   REPOLL the many-CPU model's consumer with the machine's poll_ns: after
 *          a round that caught up it polls again, and at t starts a round
 *          if records came (epoll is level-triggered on the map) or SLEEPs
 *   ANNOUNCE  the same with the machine's way to sleep (in->announce):
 *          after a round that caught up, at t it announces its sleep and
 *          WAITs, or starts a round if records came
 *   WAIT   announced, on its way into its futex wait: at t (the compare)
 *          it goes back to a round if records came (EAGAIN) or SLEEPs; a
 *          notification meanwhile is a wake call
 *   DONE   drained (or never runs: fill_only)
 */
enum vt_cstate { VC_SLEEP, VC_WAKE, VC_ROUND, VC_BUSY, VC_IDLE, VC_REPOLL, VC_DONE,
		  VC_ANNOUNCE, VC_WAIT };

struct vt_cons {
	enum vt_cstate st;
	__u64 t;                   /* when the state's next step happens (VT_NEVER: none) */
	__u64 rec_ns;              /* each record: record_ns + --consumer-work */
	double rec_frac, rec_carry; /* the many-CPU model: a fraction of a ns more, carried */
	__u64 owed;                /* BUSY: records claimed, taken from the port at t */
	__u64 pass_t;              /* BUSY after a pass's claims: when the pass began */
	/*
	 * libbpf on several rings: a walk of ring buf in progress, to the
	 * record walk_end, its records going back to the port as they are done
	 */
	bool walking;
	__u64 walk_end;
	__u64 back_at;             /* ROUND: its system call returns (a wait's EAGAIN) then */
	/*
	 * libbpf: records the consumer is done with that the port has not
	 * been asked for yet (vt_cons_flush() says when it must be)
	 */
	__u64 done_untaken;
	__u64 untaken_bytes;       /* ... and the ring space they hold */
	unsigned int buf;          /* BUSY: from this buffer (perf: a CPU; ringbuf: 0) */
	__u64 round_n;             /* records of this round */
	bool waited;               /* this round began with a wait: a wake-up if it finds records */
	unsigned int *round_bufs;  /* perf: the buffers this poll reported, in index order */
	unsigned int round_nb, round_pos;
	__u64 stall_next;          /* the first stall not yet over (VT_NEVER: none) */
	__u64 wakeups;
	bool draining, cut;
	__u64 drain_end;           /* the drain's bound (VT_NEVER: none) */
	/*
	 * the many-CPU model, --preempt user: the consumer has its CPU from
	 * here on while it runs (a producer sharing that CPU had it before)
	 */
	__u64 cpu_from;
	__u64 spins;               /* its polls again at once at a held record */
	__u64 idle_t;              /* when its last round ended */
	__u64 sleep_t;             /* SLEEP: since when (the wake-up's cost may depend on it) */
	struct rbsim_rng wake_rng; /* --vcosts spread=drawn: the wake-ups' own stream */
	__u64 haltpoll_w;          /* --vcosts haltpoll=: the host's polling window of its CPU */
	__u64 hs_from, hs_to;      /* --vcosts hoststop=: its CPU stopped over [from, to) */
	/*
	 * the many-CPU model: its load of a ring's producer_pos (A1) stalls
	 * pp_ns when the producers stored it since its last load; pp_end[b]:
	 * the records of ring b its last load showed (libbpf walks to there
	 * before it loads again); pp_pending: a load in progress
	 */
	double pp_ns, pp_carry;
	__u64 *pp_end;
	bool pp_pending;
	__u64 pp_stalls;
};

/*
 * --vcosts hoststop= (sim/vtime_host.c): each CPU of the run, the
 * producers' and then the consumer's (--vplace apart), as the host counts
 * its use: the time it halted in the current period (idle beyond what the
 * host polled), counted up to counted_to; stopped until stop_to
 */
struct vt_hcpu {
	__u64 counted_to;
	__u64 halted;
	__u64 stop_to;
	__u64 window;              /* a producer's CPU: the host's polling window (haltpoll=) */
	__u64 used;                /* in the period that just ended */
	__u64 stops;
};

struct vt_host {
	unsigned int n;            /* CPUs: nprod, + 1 with the consumer apart */
	struct vt_hcpu *cpu;
	__u64 next;                /* the current period's end (VT_NEVER: none) */
	__s64 bucket;              /* the quota left, BURST at most */
	struct rbsim_rng rng;      /* which CPU the host stops: a stream of its own */
};

enum vt_kind { VT_RINGBUF, VT_PERFBUF };

struct vt_pbuf;
struct vt_rbuf;
struct vt_cpus;

/* a producer waiting for a resource its turn gives it (sim/vtime_cpus.c) */
#define VT_PARKED (VT_NEVER - 1)

struct vt {
	const struct rbsim_cfg *cfg;
	struct rbsim_cfg fill_cfg;  /* cfg without stamps: rbsim_fill() never reads the clock */
	const struct rbsim_size_spec *size;
	const struct rbsim_vtime_opts *vo;
	enum vt_kind kind;
	unsigned int nprod, nbuf;
	struct vt_prod *prods;
	unsigned int *heap;         /* producers by (t, id) */
	unsigned int *hpos;         /* each producer's place in the heap */
	unsigned int nheap;
	bool multi;                 /* several buffers: the consumer passes over each in turn */
	struct vt_fifo *fifo;       /* one per buffer */
	struct vt_cons cons;
	struct rbsim_consumer *c;   /* the verifier: every record goes through rbsim_record() */
	struct rbsim_hist *hist;    /* latency from production to the consumer taking it */
	bool paced;                 /* rbsim_paced(cfg) */
	__u32 const_size;           /* every record this size (no trace, no discard), or 0 */
	__u64 now;                  /* the producer event being run */
	unsigned int notes;         /* notifications of the record being produced */
	unsigned int calls;         /* of them, wake calls to a consumer on its way to sleep */
	bool refused;               /* it was refused for want of space (vcosts.refuse_ns) */
	unsigned int woke;          /* those that found the consumer asleep in its wait */
	/*
	 * the many-CPU model, --preempt user: the record being produced is
	 * reserved and written but not committed (vt_rb_commit() commits it);
	 * held_rec: its sample, held_buf: its ring
	 */
	bool hold;
	void *held_rec;
	unsigned int held_buf;
	bool b2b_pending;           /* --b2b: a notification since the consumer last looked */
	bool *ready;                /* perf: a buffer notified since the consumer last took it */
	__u64 end_ns;               /* a timed run's end: warm-up + duration (VT_NEVER: records) */
	__u64 measure_from;         /* latency counts from here (the end of the warm-up) */
	__u64 first_drop_ns;
	__u64 peak_bytes;           /* the most ring space held at once, after a commit */
	__u64 next_tick;            /* the next whole second (VT_NEVER: past the run) */
	int err;                    /* a failure of the port (negative errno), or 0 */
	char why[160];
	struct vt_cpus *mc;         /* the many-CPU model (vo->cpus), or NULL */
	struct vt_host *host;       /* --vcosts hoststop=, or NULL */
	bool host_moved;            /* a stop moved a producer's next attempt */
	/* the ports */
	struct bpf_ringbuf_map *map; /* the ring (several: maps[0]) */
	struct bpf_ringbuf_map **maps;
	struct vt_rbuf *rbufs;      /* several rings: the notify hooks' contexts */
	unsigned int per;           /* several rings: producers per ring */
	struct ring_consumer *rc;
	struct consumer_ring *ring;
	struct ringbuf_mmap view;
	unsigned char *scratch;     /* --use-output and the perf buffer: the record's copy */
	struct perf_event_array *parr;
	struct perfbuf_consumer *pb;
	struct vt_pbuf *pbufs;      /* the notify hooks' contexts */
	size_t pages;
	__u64 perf_lost;            /* the LOST records' counts */
	struct perfbuf_ooo ooo;
	/* the take in progress: records left to hand over, the ring's entries */
	__u64 take_left;
	struct vt_fifo *take_fifo;
};

/* vtime.c: vp's record through the port at vp->t (vt->now), counted; and the heap */
void vt_record(struct vt *vt, struct vt_prod *vp);
/* when vp attempts its next record, from its free_ns and schedule (VT_NEVER: it is done) */
void vt_attempt(struct vt *vt, struct vt_prod *vp);
/* vp's next attempt moved earlier, to t */
void vt_heap_earlier(struct vt *vt, struct vt_prod *vp, __u64 t);

/* vtime_ringbuf.c: commit the record vt_record() held (vt->hold) in ring buf, at vt->now */
void vt_rb_commit(struct vt *vt, void *rec, unsigned int buf);
/* vtime_cons.c: the consumer is on its CPU at t: in a state that runs, and its turn begun */
bool vt_cons_running(const struct vt *vt, __u64 t);
/*
 * the many-CPU model: the consumer is on its CPU at ring b (a round, a
 * poll, busy polling; with several rings, a pass of b or the last one), so
 * the lines it shares with b's producers keep moving
 */
bool vt_cons_follows(const struct vt *vt, unsigned int b);

/* vtime_cpus.c: the many-CPU model */
int vt_cpus_setup(struct vt *vt, char *err, size_t errlen);
/* vp's event at vp->t: its CPU, the reservation, the record; its next event set */
void vt_cpus_step(struct vt *vt, struct vt_prod *vp);
/* the producers' first events (their free_ns, before the heap is built) */
void vt_cpus_start(struct vt *vt);
/* the window opens at vt->now (end: closes, and the run ends): figures into vo->cpus->out */
void vt_cpus_mark(struct vt *vt, bool end);
/* the run is over at t: records held (--preempt user) are committed */
void vt_cpus_release(struct vt *vt, __u64 t);
void vt_cpus_free(struct vt *vt);
/* vtime_host.c: --vcosts hoststop= */
int vt_host_setup(struct vt *vt, char *err, size_t errlen);
void vt_host_free(struct vt *vt);
/* vp attempts a record at vt->now: its CPU's idle time since it was free, counted */
void vt_host_prod_runs(struct vt *vt, struct vt_prod *vp);
/* the consumer, asleep since `from` in a polling window w, woken at `to`: counted */
void vt_host_cons_slept(struct vt *vt, __u64 from, __u64 to, __u64 w);
/* the period ending at vt->host->next (everything before it run): the host's decision */
void vt_host_period(struct vt *vt);
/* the stall windows' time in [0, t) (--stall D every E: [kE, kE + D), k >= 1) */
__u64 vt_stall_time(const struct vt *vt, __u64 t);
/* heap: vp's next attempt moved later */
void vt_heap_later(struct vt *vt, struct vt_prod *vp);

/* vtime_cons.c */
void vt_cons_init(struct vt *vt);
/* a commit at vt->now notified (the notify hooks): wake a sleeping consumer (true: it slept) */
bool vt_cons_notified(struct vt *vt);
/* the consumer runs now (a round, its records, its poll after one): not asleep or waking */
bool vt_cons_on_cpu(const struct vt *vt);
/* --vplace shared: the first producer took the consumer's CPU from `from` to `to` */
void vt_cons_yield(struct vt *vt, __u64 from, __u64 to);
/* a poll round starts at t (--b2b: the consumer thread polls after each batch) */
void vt_cons_poll(struct vt *vt, __u64 t, bool waited);
/* a commit at vt->now under --poll busy: an idle consumer starts a round */
void vt_cons_committed(struct vt *vt);
/* run the consumer to time T: every step due at or before it */
void vt_cons_run(struct vt *vt, __u64 T);
static inline void vt_cons_until(struct vt *vt, __u64 T)
{
	if (vt->cons.t <= T)
		vt_cons_run(vt, T);
}
/* the producers are done at T: drain what is left (bounded by drain_end) */
void vt_cons_drain(struct vt *vt, __u64 T);
/* libbpf: the records the consumer is done with, taken from the port now */
void vt_cons_flush(struct vt *vt);
/* a record handed over by the port: checks it against its entry, then the verifier */
int vt_deliver(struct vt *vt, const void *data, __u32 size);

/* vtime_ringbuf.c, vtime_perfbuf.c: the ports */
int vt_rb_setup(struct vt *vt, char *err, size_t errlen);
void vt_rb_teardown(struct vt *vt);
int vt_rb_produce(struct vt *vt, struct vt_prod *vp, __u32 size);
int vt_rb_take(struct vt *vt, unsigned int buf, __u64 n);
/* past the discarded records the consumer has not walked over yet (no record is taken) */
void vt_rb_discards(struct vt *vt);
void vt_rb_stats(struct vt *vt, struct rbsim_tstats *st);

int vt_pb_setup(struct vt *vt, char *err, size_t errlen);
void vt_pb_teardown(struct vt *vt);
int vt_pb_produce(struct vt *vt, struct vt_prod *vp, __u32 size);
int vt_pb_take(struct vt *vt, unsigned int buf, __u64 n);
void vt_pb_stats(struct vt *vt, struct rbsim_tstats *st);

/* the fifo of buffer buf made twice as large: 0 or -ENOMEM */
int vt_fifo_grow(struct vt *vt, unsigned int buf);

/*
 * the ring space a record of size bytes holds: the ring buffer's header and
 * padding to 8; the perf buffer's sample header, the u32 of its size and
 * padding to 8
 */
static inline __u64 vt_footprint(const struct vt *vt, __u32 size)
{
	return vt->kind == VT_RINGBUF ? round_up((__u64)size + BPF_RINGBUF_HDR_SZ, 8) :
					8 + round_up((__u64)size + 4, 8);
}

/* the buffer a producer's records go to: its ring (the model's shard:K, percpu), its CPU's */
static inline unsigned int vt_buf_of(const struct vt *vt, const struct rbsim_producer *p)
{
	if (vt->kind == VT_PERFBUF)
		return p->id;
	return vt->nbuf > 1 ? p->id / vt->per : 0;
}

/* a committed record's entry at the tail of buffer buf's fifo: 0 or -ENOMEM */
static inline int vt_fifo_push(struct vt *vt, unsigned int buf, __u64 t, __u32 size,
			       bool stamped)
{
	struct vt_fifo *f = &vt->fifo[buf];
	struct vt_entry *e;

	if (__builtin_expect(f->tail - f->done > f->mask, 0) && vt_fifo_grow(vt, buf))
		return -ENOMEM;
	e = &f->e[f->tail++ & f->mask];
	e->t = t;
	e->size = size;
	e->stamped = stamped;
	f->bytes += vt_footprint(vt, size);
	return 0;
}

/* the entry just pushed at buf's tail, not committed after all: it goes back */
static inline void vt_fifo_unpush(struct vt *vt, unsigned int buf)
{
	struct vt_fifo *f = &vt->fifo[buf];

	f->tail--;
	f->bytes -= vt_footprint(vt, f->e[f->tail & f->mask].size);
}

/* what produce returns besides 0 (committed): a drop, by reason, or a discard */
#define VT_DISCARDED 1
#define VT_DROP(reason) (2 + (reason))

#endif /* RBSIM_VTIME_INT_H */
