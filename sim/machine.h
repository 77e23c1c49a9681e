/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: machine description files for `rbsim model` (sim/machines/NAME.machine,
 * the format in sim/README.md "Machine files"). One figure a line, each
 * with its source:
 *
 *   # comment
 *   KEY VALUE | SOURCE
 *   curve ID era=5.8|6.10|6.19 consumer=yes|no first_cpu=N [mode=normal|overwrite]
 *         P:MPS ... | SOURCE
 *
 * Every key once, none unknown, every number in its range, a source on
 * every line; a distance level the topology never reaches may be n/a.
 * Parsed strictly: the first problem is "FILE:LINE: problem" (exit 2).
 */
#ifndef RBSIM_MACHINE_H
#define RBSIM_MACHINE_H

#include <stdbool.h>
#include <stddef.h>

/* distances between two CPUs, nearest first */
enum rbsim_dist {
	RBSIM_DIST_SMT,     /* two threads of one core */
	RBSIM_DIST_L3,      /* two cores sharing an L3 (CCX, cluster, Intel socket) */
	RBSIM_DIST_DIE,     /* same die, another L3 */
	RBSIM_DIST_SOCKET,  /* same socket, another die */
	RBSIM_DIST_REMOTE,  /* another socket */
	RBSIM_DIST_NR,
};

#define RBSIM_WAKE_DRAW 20 /* wake_draw_ns: quantiles at most */
#define RBSIM_MACHINE_MAX_CURVES 4
#define RBSIM_CURVE_MAX_POINTS 32

/* a published producers-throughput table, run on this machine */
struct rbsim_curve {
	char id[16];
	bool pending_pos;          /* era=6.10 (and later): the pending_pos scan; 5.8: none */
	bool overwrite_era;        /* era=6.19: overwrite mode exists (a map flag) */
	bool consumer;             /* a consumer thread (rb-libbpf), or none (rb-prod) */
	bool overwrite;            /* mode=overwrite: a BPF_F_RB_OVERWRITE ring (6.19) */
	unsigned int first_cpu;    /* producer i on CPU first_cpu + i - 1 (the bench's -a) */
	unsigned int n;
	unsigned int p[RBSIM_CURVE_MAX_POINTS];
	double mps[RBSIM_CURVE_MAX_POINTS]; /* M records/s */
	char source[256];
};

struct rbsim_machine {
	char name[128];
	unsigned int cpus, sockets, smt, cores_per_l3, cores_per_die;
	double c2c_ns[RBSIM_DIST_NR]; /* < 0: n/a (a level the topology never reaches) */
	double record_ns;         /* one producer's ns per record, the reference workload */
	double consumer_ns;       /* the libbpf consumer's ns per record */
	double batch_ns;          /* one trigger (a system call running a batch), per batch */
	double handoff_ns;        /* < 0: n/a; the kernel's reservation handed between CPUs 0
				     and 1 under the queued lock, with every line it moves: a
				     record of two producers on one ring (rbsim model --probe) */
	double handoff_cas_ns;    /* < 0: n/a; the same with the CAS reservation (--reserve
				     cas, ringbuf/reserve_cas.c) */
	/*
	 * The consumer's loop (rbsim model --probe), each < 0 where n/a: the
	 * notification's cost is in record_ns then, a woken consumer runs
	 * batch_ns later, and its rounds cost only their records.
	 * notify_ns, notify_sleep_ns: what the committing producer pays for a
	 * notification to a consumer awake (polling), and to one asleep in its
	 * wait; wake_ns: how long after the latter the consumer runs; poll_ns:
	 * a round of the consumer's loop that finds records, beyond them
	 */
	double notify_ns, notify_sleep_ns, wake_ns, poll_ns;
	/*
	 * slice_ns: the scheduler's turn for two busy threads on one CPU
	 * (rbsim model --probe), the turns of a consumer and the producer
	 * beside it under --preempt user; < 0: n/a
	 */
	double slice_ns;
	/*
	 * wake_draw_ns: quantiles of the wake-ups (rbsim model --probe and
	 * --against-real: the middle of each twentieth of those measured),
	 * their spread: the model draws each wake-up as wake_ns times one of
	 * them, each equally likely, over their median; nwake_draw 0: n/a
	 * (every wake-up wake_ns)
	 */
	double wake_draw_ns[RBSIM_WAKE_DRAW];
	unsigned int nwake_draw;
	/*
	 * follow_ns: what a libbpf consumer consuming right behind a producer
	 * costs the producer a record, beyond its own work (rbsim model
	 * --probe: the lines the two share, at the rate they meet); the model
	 * charges it in place of the consumer_pos transfer; < 0: n/a (the
	 * transfer)
	 */
	double follow_ns;
	/*
	 * The consumer's way to sleep (the port's futex wait), each < 0 where
	 * n/a (then a consumer whose poll after a round finds nothing sleeps
	 * at once): announce_ns, from a round that caught up, with no
	 * notification come, to the consumer's announcement of its sleep
	 * (ring_consumer's waiting flag, just before its futex wait);
	 * wait_ns, the futex wait call that finds a change (EAGAIN), half of
	 * it on the way in to its compare, half back; notify_wake_ns, what a
	 * notification costs the committing producer for a consumer that
	 * announced its sleep and is not asleep (the FUTEX_WAKE_OP)
	 */
	double announce_ns, wait_ns, notify_wake_ns;
	unsigned int ncurves;
	struct rbsim_curve curve[RBSIM_MACHINE_MAX_CURVES];
	char source[RBSIM_DIST_NR + 21][256]; /* the source of each key, for the listing */
};

/* the key of each figure, in file order; rbsim_machine_source() gives its source */
extern const char *const rbsim_machine_keys[];

/* parse path: 0, or -1 with "PATH:LINE: problem" (or "PATH: problem") in err */
int rbsim_machine_load(const char *path, struct rbsim_machine *m, char *err, size_t len);
/* parse text (named name in messages): as rbsim_machine_load() */
int rbsim_machine_parse(const char *name, const char *text, struct rbsim_machine *m, char *err,
			size_t len);

/* the distance between CPUs a and b (a != b) under m's Linux numbering */
enum rbsim_dist rbsim_machine_dist(const struct rbsim_machine *m, unsigned int a,
				   unsigned int b);
/* the source given for key (NULL: no such key) */
const char *rbsim_machine_source(const struct rbsim_machine *m, const char *key);
extern const char *const rbsim_dist_names[RBSIM_DIST_NR];

#endif /* RBSIM_MACHINE_H */
