/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: calibration profiles. `rbsim calibrate` (bpf/calibrate.c) measures
 * what the running kernel pays, and what the port pays, for the steps of a
 * ring buffer run (a record, a notification, a wake-up, a trigger, a wait)
 * and writes them to a JSON file; `--profile FILE` (sim/inject.c) reads it
 * back and has the port pay the difference. The model, and the
 * format, are in sim/calibration.md.
 *
 * The API is a struct of named costs in nanoseconds (struct rbsim_costs):
 * the median of each side, and the difference the port is charged.
 */
#ifndef RBSIM_PROFILE_H
#define RBSIM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/preempt.h"

#define RBSIM_PROFILE_FORMAT "rbsim-profile"
/*
 * written; read too: version 15 (batch_gap among the spread costs: its
 * blocks across the gaps' mean), version 14 (no batch_gap: read as 0 on
 * both sides, a batch's trigger charged alone), version 13 (its blocks
 * across the gaps without wait_look's: the look from one pass, charged its
 * median), version 12 (no "spread" in "settings": read as 0, every cost
 * from one pass), version 11
 * (no wait_look: read as 0 on both sides, the wait's charge split at
 * wait_enter, the port's futex sleep comparing producer_pos), version 10
 * (nor "host_stops": read as none), version 9 (nor "halt_polling": read as
 * none), version 8 (nor "idle_wakeups": read as none), version 7 (no
 * "port_write" in "settings": read as "place"), version 6 (nor "passes":
 * read as 1), version 5 (no notify_wake: read as 0 on both sides, a
 * notification's whole charge paid before the port's wake-up), version 4
 * (nor reserve_fail: read as 0 on both sides, no charge), version 3 (nor
 * wait_enter: read as the whole wait), version 2 (nor the preemption model:
 * read as unknown) and version 1 (nor wakeup_busy)
 */
#define RBSIM_PROFILE_VERSION 16

/* the most whole measurements a profile is made of (calibrate --passes) */
#define RBSIM_PROFILE_MAX_PASSES 5

/* what a ring buffer run pays, in ns; each field is one "costs" member of the file */
struct rbsim_costs {
	double record_8;            /* one 8-byte record: reserve, write, commit, no notification */
	double record_256;          /* the same, 256 bytes */
	double record_4096;         /* the same, 4096 bytes */
	double notify;              /* the producer's side of one notification (not of the
				     * wake-up of a sleeping consumer, which both sides pay) */
	double wakeup;              /* notification to the sleeping consumer running again */
	double wakeup_busy;         /* the same while the producer goes on producing (a run's
				     * case); version 1 profiles: read as wakeup */
	double trigger_syscall;     /* one batch's trigger: getpgid() and its tracepoint */
	double trigger_raw_syscall; /* ... through the raw_tp sys_enter */
	double trigger_test_run;    /* ... BPF_PROG_TEST_RUN */
	double wait;                /* one wait on the map fd that finds records (no sleep) */
	double wait_enter;          /* the part of it before the wait re-polls the ring: the
				     * kernel's epoll_wait() up to its system call's entry;
				     * versions 1-3: read as wait */
	double reserve_fail;        /* one reservation refused for want of space (the
				     * program's attempt, no write, no commit); versions 1-4:
				     * read as 0 on both sides */
	double notify_wake;         /* from the commit that notifies to the sleeping consumer's
				     * wake-up (try_to_wake_up()), the producer going on as in
				     * wakeup_busy; versions 1-5: read as 0 on both sides */
	double wait_look;           /* where a wait decides to sleep: the delay from its call
				     * after which a record committed without a notification
				     * no longer ends it (the kernel: its re-poll inside
				     * epoll_wait(); the port: the re-poll of its
				     * RING_CONSUMER_WAIT_FUTEX_REPOLL sleep); versions 1-11:
				     * read as 0 on both sides */
	double batch_gap;           /* from a batch's last record to its producer's next
				     * batch's first, batches of RBSIM_GAP_BATCH records and a
				     * consumer on the other CPU draining them meanwhile (woken
				     * by the batch before; the kernel: trigger_syscall's path,
				     * in a run's conditions); versions 1-14: read as 0 on
				     * both sides */
};

/* the records of the batch before batch_gap's gap: --batch's default */
#define RBSIM_GAP_BATCH 500

enum rbsim_cost {
	RBSIM_COST_RECORD_8,
	RBSIM_COST_RECORD_256,
	RBSIM_COST_RECORD_4096,
	RBSIM_COST_NOTIFY,
	RBSIM_COST_WAKEUP,
	RBSIM_COST_WAKEUP_BUSY,
	RBSIM_COST_TRIGGER_SYSCALL,
	RBSIM_COST_TRIGGER_RAW_SYSCALL,
	RBSIM_COST_TRIGGER_TEST_RUN,
	RBSIM_COST_WAIT,
	RBSIM_COST_WAIT_ENTER,
	RBSIM_COST_RESERVE_FAIL,
	RBSIM_COST_NOTIFY_WAKE,
	RBSIM_COST_WAIT_LOOK,
	RBSIM_COST_BATCH_GAP,
	RBSIM_NCOSTS,
};

struct rbsim_cost_desc {
	const char *name;           /* the member of "costs", and the field of struct rbsim_costs */
	size_t off;                 /* offsetof(struct rbsim_costs, name) */
	const char *what;           /* one line for people */
};

extern const struct rbsim_cost_desc rbsim_cost_descs[RBSIM_NCOSTS];

static inline double *rbsim_cost_at(struct rbsim_costs *c, enum rbsim_cost k)
{
	return (double *)((char *)c + rbsim_cost_descs[k].off);
}

static inline double rbsim_cost_get(const struct rbsim_costs *c, enum rbsim_cost k)
{
	return *(const double *)((const char *)c + rbsim_cost_descs[k].off);
}

/* one cost on one side: its distribution over the samples taken */
struct rbsim_cost_stat {
	double median, p25, p75, min, max;
	unsigned int n;             /* samples */
	double *samples;            /* n raw samples, ns, in the order taken (malloc'ed) */
};

enum rbsim_side { RBSIM_SIDE_KERNEL, RBSIM_SIDE_PORT, RBSIM_NSIDES };

/*
 * How the port's producers write a record: the ringbuf transport's --write,
 * and in a profile how its port side wrote its records ("port_write")
 */
enum rbsim_write {
	RBSIM_WRITE_PLACE,  /* in the reservation, word by word (the pure port) */
	RBSIM_WRITE_KERNEL, /* built in a scratch buffer, then copied in as
			     * bpf/kernel_ringbuf.bpf.c does (sim/kcopy.h) */
	RBSIM_WRITE_AUTO,   /* --write only: kernel with a profile whose port side
			     * wrote so, place otherwise */
	RBSIM_WRITE_NR,
};

/* "place", "kernel", "auto", NULL */
extern const char *const rbsim_write_names[RBSIM_WRITE_NR + 1];

/* the machine a profile was made on, or the one rbsim runs on */
struct rbsim_machine {
	char host[64];
	char cpu[128];              /* /proc/cpuinfo's model name */
	unsigned int cpus;          /* online */
	char virt[64];              /* "none", or the hypervisor (kvm, xen, hyper-v, ...) */
	char kernel[96];            /* uname -r */
	char kernel_version[160];   /* uname -v */
	enum rbsim_preempt preempt; /* the kernel's preemption model (sim/preempt.h) */
	char preempt_from[64];      /* where it was read; "" in a profile before version 3 */
};

/*
 * The wake-up of a consumer whose CPU was left idle a while: the "wakeup"
 * of struct rbsim_costs timed after the consumer slept slept_ns, the
 * producer asleep meanwhile (a profile's "idle_wakeups", version 9 on;
 * virtual time's --vcosts idle=, which takes as many points).
 */
#define RBSIM_PROFILE_MAX_IDLE 8
#define RBSIM_PROFILE_IDLE_WHAT "wakeup (from the notifying commit to the sleeping consumer " \
	"running) after the consumer slept slept_ns (from its entry into its wait to the " \
	"commit; version 9: from seen asleep; the producer asleep meanwhile): its CPU idle " \
	"that long"

struct rbsim_idle_wake {
	double slept_ns;
	struct rbsim_cost_stat stat[RBSIM_NSIDES];
};

/*
 * The host's halt polling of the consumer's idle vCPU (a profile's
 * "halt_polling", version 10 on; virtual time's --vcosts haltpoll=): the
 * kernel's wake-ups after a long sleep then short ones, place by place.
 * max_ns 0: none seen (no step in the idle wake-ups) or not measured.
 */
#define RBSIM_PROFILE_HALT_PLACES 9
#define RBSIM_PROFILE_MAX_HALTS 64 /* --vcosts haltpoll='s most */
#define RBSIM_PROFILE_HALT_WHAT "the kernel's wakeup after a long nap (place 0) then after each " \
	"of 8 short naps (places 1-8), medians; halts: the slow wake-ups in a row after the long " \
	"one; max_ns: the sleep of the first idle wake-up at least twice the one before"

struct rbsim_halt_train {
	double slept_ns;            /* the long sleep, median (from the wait's entry to the commit) */
	unsigned int halts;         /* slow wake-ups in a row after it, median */
	double place_ns[RBSIM_PROFILE_HALT_PLACES];
};

struct rbsim_halt_poll {
	double max_ns;              /* the longest polled sleep; 0: none */
	double short_nap_ns;        /* the trains' short naps (a polled idle point's nap) */
	unsigned int ntrains;       /* slept_ns rising, each above max_ns */
	struct rbsim_halt_train train[RBSIM_PROFILE_MAX_IDLE];
};

/*
 * The host's stops of a busy vCPU (a profile's "host_stops", version 11 on;
 * virtual time's --vcosts hoststop=): rounds of the two calibrating CPUs
 * spinning after a second idle, every gap of 20 ms or more in their clock
 * reads a stop. period_ns 0: none seen or not measured.
 */
#define RBSIM_PROFILE_STOP_ROUNDS 4
#define RBSIM_PROFILE_STOPS_WHAT "two CPUs spinning spin_ns after 1 s idle, each round; a " \
	"stop: a gap of 20 ms or more in a CPU's clock reads; period_ns: the stops' median " \
	"length; quota_ns: what the host left the two a period from each round's first stop " \
	"on (2 periods less the time stopped), rounds pooled; burst_ns: what they overdrew at " \
	"that rate before the first stop, its median start"

struct rbsim_stop_round {
	double spin_ns;             /* both CPUs spinning this long */
	unsigned int stops;         /* gaps of 20 ms or more, either CPU */
	double stopped_ns;          /* their time */
	double first_ns;            /* the first one's start, from the spin's (0: none) */
};

struct rbsim_host_stops {
	double period_ns;           /* 0: none */
	double quota_ns, burst_ns;
	unsigned int nrounds;
	struct rbsim_stop_round round[RBSIM_PROFILE_STOP_ROUNDS];
};

struct rbsim_profile {
	unsigned int version;       /* of the file read (rbsim_profile_write() writes the latest) */
	struct rbsim_machine machine;
	char date[32];              /* UTC, ISO 8601 */
	char git[96];               /* rbsim's git description */
	char rbsim[32];             /* rbsim's release */
	char trigger_syscall[16];   /* what trigger_syscall measured: "syscall", or
				     * "raw-syscall" where syscall tracepoints are missing */
	unsigned int samples;       /* asked per cost */
	unsigned int passes;        /* calibrate --passes: each cost from the middle one of
				     * these whole measurements (versions 1-6: read as 1) */
	unsigned int spread;        /* calibrate's blocks across the gaps between passes
				     * that the spread costs come from instead
				     * (rbsim_cost_spread()); 0: none (versions 1-12:
				     * read as 0) */
	int port_write;             /* enum rbsim_write, place or kernel: how the port side's
				     * records were written (versions 1-7: read as place) */
	struct rbsim_costs side[RBSIM_NSIDES];                    /* medians, but the spread
								   * costs' block means where
								   * spread > 0 */
	struct rbsim_cost_stat stat[RBSIM_NSIDES][RBSIM_NCOSTS];  /* their spread and samples */
	unsigned int nidle;         /* idle wake-ups measured, slept_ns rising (before version 9: 0) */
	struct rbsim_idle_wake idle[RBSIM_PROFILE_MAX_IDLE];
	struct rbsim_halt_poll halt; /* before version 10: none */
	struct rbsim_host_stops stops; /* before version 11: none */
};

/*
 * Read a profile: 0, or -1 with "FILE: problem" in err (missing, unreadable,
 * not JSON, not a profile, another format version, a member missing or of
 * the wrong kind). Free it with rbsim_profile_free().
 */
int rbsim_profile_read(const char *path, struct rbsim_profile *p, char *err, size_t errlen);

/*
 * Write p to path whole or not at all (a temporary file beside it, then
 * renamed): 0, or -1 with "FILE: problem" in err.
 */
int rbsim_profile_write(const char *path, const struct rbsim_profile *p, char *err,
			size_t errlen);

void rbsim_profile_free(struct rbsim_profile *p);

/* the running machine */
void rbsim_machine_here(struct rbsim_machine *m);

/*
 * Was p made elsewhere (another kernel release, CPU model, CPU count or
 * hypervisor)? Then true, with one line naming both in msg.
 */
bool rbsim_profile_foreign(const struct rbsim_profile *p, const struct rbsim_machine *here,
			   char *msg, size_t len);

/*
 * What the port is charged: kernel - port for each cost, 0 where the port
 * pays more than the kernel (a port cannot run faster than it does).
 */
void rbsim_profile_delta(const struct rbsim_profile *p, struct rbsim_costs *delta);

/* the median, quartiles, extremes of n samples into st (samples are copied) */
int rbsim_cost_stat_set(struct rbsim_cost_stat *st, const double *samples, unsigned int n);

/*
 * The costs calibrate samples across the gaps between its passes in a
 * profile of version v (a notification, a wait, each trigger: those a host
 * moves from second to second; from version 14 the look, wait_look, the
 * other half of a polling consumer's race with the trigger; in version 15
 * alone batch_gap, the trigger in a run's conditions, whose blocks read
 * slow spells the runs beside them did not pay:
 * results/replay-vm-2026-12-07), and the figure a profile charges for them
 * when it has such blocks (settings.spread > 0):
 * the mean over the blocks of each block's median, block j being samples
 * [j * n / blocks, (j + 1) * n / blocks). A run pays the host's states in
 * proportion to their time, and its rates follow their mean; a median picks
 * one state, the block's median within it keeps an interrupt out.
 */
bool rbsim_cost_spread(unsigned int v, enum rbsim_cost k);
/* that mean, of v[0 .. n) in blocks (1 <= blocks <= n); NAN if out of memory */
double rbsim_block_mean(const double *v, unsigned int n, unsigned int blocks);
/*
 * p->side's figures of the spread costs (of p->version, 0 read as the
 * latest) set from their samples, where p->spread > 0: 0, -EINVAL if a cost
 * has fewer samples than blocks, -ENOMEM
 */
int rbsim_profile_spread_figures(struct rbsim_profile *p);

/*
 * the index of the middle one of v[0 .. n) by value: the median for an odd
 * n, the lower of the two middle ones for an even n, where a stable sort
 * would put it among equal values (calibrate --passes keeps each cost's
 * middle pass); 0 for n 0
 */
unsigned int rbsim_middle_index(const double *v, unsigned int n);

#endif /* RBSIM_PROFILE_H */
