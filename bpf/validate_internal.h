/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim validate: what its parts share (userspace only).
 *
 *   validate_sides.c   a ring as user space sees it, consumer steps, the
 *                      kernel side, the port side, pauses
 *   validate_report.c  describing ops and steps, comparing the two sides
 *                      after a step, the mismatch report
 *   validate_run.c     sessions, and running a script's steps on both sides
 *   validate_random.c  the random script
 *   validate_cases.c   the targeted cases
 *   validate.c         the command
 */
#ifndef RBSIM_BPF_VALIDATE_INTERNAL_H
#define RBSIM_BPF_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"
#include "bpf/validate.h"

#define CMD "validate"

#define PAUSE_TIMEOUT_MS 10000
#define MAX_PAUSE_STEPS	4	/* consumer steps taken during one pause */
#define RECLOG_LEN	4096	/* recent records kept for the mismatch report */
#define HISTORY_LEN	8	/* recent steps printed with a mismatch */

/* include/linux/bpf.h and kernel/bpf/ringbuf.c, for picking sizes at the edges */
#define DYNPTR_MAX_SIZE		((1UL << 24) - 1)
#define RINGBUF_MAX_RECORD_SZ	(UINT_MAX / 4)

struct validate_bpf;

/* ---- a ring as user space sees it: the same code reads both sides ---- */

struct ring_view {
	unsigned long *cons;		/* consumer page, read-write */
	const unsigned long *prod;	/* producer page: [0] producer_pos, [1] pending_pos */
	const __u8 *data;		/* the data area, mapped twice */
	size_t size;
};

struct ring_state {
	unsigned long cons, prod, pend;
};

static inline void view_state(const struct ring_view *v, struct ring_state *st)
{
	/* no producer runs during a snapshot; acquire anyway, as a consumer reads them */
	st->cons = smp_load_acquire(v->cons);
	st->prod = smp_load_acquire(&v->prod[0]);
	st->pend = smp_load_acquire(&v->prod[1]);
}

/* ---- consumer steps (validate_sides.c) ---- */

enum cons_kind {
	CS_CONSUME,		/* arg: records to consume (libbpf's n), ~0 for all */
	CS_SET_ABS,		/* consumer_pos = arg */
	CS_SET_PROD_REL,	/* consumer_pos = producer_pos + (long)arg */
	CS_SET_CONS_REL,	/* consumer_pos = consumer_pos + (long)arg */
	CS_SET_PEND_REL,	/* consumer_pos = pending_pos + (long)arg */
};

struct cons_step {
	int kind;
	__u64 arg;
};

struct cons_result {
	__u64 count;	/* records handed to the callback */
	__u64 sum;	/* FNV-1a over their lengths and bytes */
	bool busy_stop;	/* the walk stopped at a BUSY record */
};

/*
 * libbpf's ringbuf_process_ring() with n = k on a view: see validate_sides.c.
 * What a hostile consumer step sets consumer_pos to, from the state st.
 */
void view_consume(struct ring_view *v, __u64 k, struct cons_result *out);
unsigned long cons_target(const struct cons_step *cs, const struct ring_state *st);

/* ---- the kernel side, the port side, pauses (validate_sides.c) ---- */

struct kernel_side {
	struct validate_bpf *skel;
	int prog_fd;
	void *cons_page;
	void *prod_area;
	size_t prod_len;
	struct ring_view v;
};

struct reclog {
	unsigned long pos;	/* producer_pos the record was reserved at */
	__u32 size;
};

struct port_side {
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap mm;
	struct ring_view v;
	void *slot[VAL_SLOTS];
	bool held[VAL_SLOTS];
	__s64 res[VAL_MAX_OPS];
	/* recent reservations, to decode the records around a difference */
	struct reclog log[RECLOG_LEN];
	unsigned long nlog;
	unsigned long wrapped;	/* records that wrapped past the end of the data area */
};

struct pauser {
	int uffd;
	char *pages;
	size_t len;
};

/* the sizes of the plain bpf_ringbuf_reserve() call sites, and the payload pattern */
extern const __u64 const_sizes[VAL_NR_CONST];
extern __u8 port_pat[VAL_PAT_SIZE];

/* 0, or -1 with the reason in err */
int kernel_open(struct kernel_side *k, size_t size, char *err, size_t errlen);
void kernel_close(struct kernel_side *k);
int port_open(struct port_side *p, size_t size, char *err, size_t errlen);
void port_close(struct port_side *p);
/* one op on the port, as validate.bpf.c runs it in the kernel: its result */
__s64 port_exec(struct port_side *p, const struct val_op *op);
/* what validate.bpf.c does after its last op: release what is still held */
void port_end_run(struct port_side *p);
int pauser_open(struct pauser *pz, char *err, size_t errlen);
void pauser_close(struct pauser *pz);

/* ---- scripts and sessions (validate_run.c) ---- */

struct batch {
	struct val_op ops[VAL_MAX_OPS];
	int nops;
	/* consumer steps taken while the run is parked at its i-th pause */
	struct cons_step pstep[VAL_MAX_PAUSES][MAX_PAUSE_STEPS];
	int npstep[VAL_MAX_PAUSES];
	int npause;
};

struct stats {
	unsigned long steps;	/* steps compared, all scripts together */
	unsigned long runs, ops, pauses, busy_stops, consumed, hostile, verdicts;
	unsigned long reserved, wrapped, too_big, no_space;	/* the port's counts */
};

struct session {
	const char *label;		/* "random", or the targeted case's name */
	__u64 seed;
	size_t size;
	struct kernel_side k;
	struct port_side p;
	struct pauser *pz;		/* NULL: pauses unavailable */
	struct stats *st;
	/*
	 * Steps are numbered from 1 in each script (the random script, each
	 * targeted case): the number the mismatch report, --verbose, --steps
	 * and --inject-fault all use. limit: compare no more than this many.
	 */
	unsigned long steps, limit;
	unsigned long inject_step;	/* flip a port data byte after this step (0: never) */
	bool any_consumer;		/* a hostile step set consumer_pos: it may be anything */
	bool verbose;
	char why[240];			/* what ringbuf_map__valid() found wrong */
	char history[HISTORY_LEN][200];
	unsigned long nhist;
};

int session_open(struct session *s, size_t size, char *err, size_t errlen);
void session_close(struct session *s);
/* the script compared its last step (--steps) */
bool session_full(const struct session *s);
/* one step on both sides, compared: false (and a report) on a difference */
bool do_cons_step(struct session *s, const struct cons_step *cs);
bool run_batch(struct session *s, const struct batch *b);

/* ---- describing and comparing (validate_report.c) ---- */

void op_str(const struct val_op *op, char *buf, size_t len);
void cons_str(const struct cons_step *cs, char *buf, size_t len);
/* the step's line, kept for the report (and printed with --verbose) */
void remember(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* compare the two sides after a step; false (and a report) on any difference */
bool compare(struct session *s, const char *step, const struct val_op *ops, int from, int to,
	     const struct cons_result *kc, const struct cons_result *pc);

/* ---- the scripts (validate_random.c, validate_cases.c) ---- */

bool run_random(struct session *s, unsigned long steps);

struct tscript;

struct tcase {
	const char *name;
	size_t ring;	/* 0: the --ring-size */
	void (*fn)(struct tscript *t, size_t rs);
	unsigned long random_steps;	/* instead of fn: a short random run on this ring */
};

extern const struct tcase tcases[];
extern const size_t nr_tcases;

/* one targeted case in session s (opened on tc->ring): false on a difference */
bool run_case(struct session *s, const struct tcase *tc);

#endif /* RBSIM_BPF_VALIDATE_INTERNAL_H */
