/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the `rbsim run` engine, usable by other commands (e.g. `rbsim
 * compare` runs one workload on two transports): parse the run options,
 * run the workload on a transport, report the result.
 */
#ifndef RBSIM_ENGINE_H
#define RBSIM_ENGINE_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "sim/arrivals.h"
#include "sim/options.h"
#include "sim/spin.h"
#include "sim/transport.h"
#include "sim/workload.h"

enum rbsim_format { RBSIM_FMT_TEXT, RBSIM_FMT_CSV, RBSIM_FMT_JSON };

/* everything `rbsim run` was asked for (the options of sim/run_opts.c's table) */
struct rbsim_opts {
	struct rbsim_cfg cfg;
	struct rbsim_size_spec size;
	const struct rbsim_transport_ops *ops;
	char wakeup_text[32];       /* --wakeup as given, for reports */
	bool affinity;              /* -a, or implied by the CPU lists */
	struct rbsim_cpulist prod_cpus, cons_cpus;
	enum rbsim_format format;
	const char *output;         /* -o FILE, appended to */
	int out_fd;                 /* -o FILE opened by rbsim_output_open(), or -1 */
	bool out_created;           /* ... which created it */
	const char *label;          /* --label, a free text column for scripts */
	bool quiet;                 /* no progress lines */
	bool verbose;               /* -v: the options on stderr first */
	__u64 dump_sizes;           /* --dump-sizes N: print sizes and exit */
	char warning[512];          /* what of the workload cannot work (check_fit), or "" */
	int fault;                  /* --inject KIND[@N] (tests): enum rbsim_fault */
	__u64 fault_at;             /* ... at the N-th consumed record */
	__u64 seen, tseen;          /* the run's, the transport's options given (bit i: entry i) */
	/* --burst-every, --stall, --stall-every as given (cfg has them in ns) */
	__u64 burst_every_us, stall_ms, stall_every_ms;
	const char *trace_path;     /* --trace FILE, loaded into trace */
	struct rbsim_trace trace;
	/*
	 * Not an option: called on the calling thread right after the run's
	 * threads are joined and its end's snapshot taken, before its report
	 * is computed and the transport torn down, where set (rbsim model
	 * --against-real's look at the placement each run ends in,
	 * rbsim_real_point()); NULL in `rbsim run`
	 */
	void (*at_end)(void *arg);
	void *at_end_arg;
	/*
	 * For the report rows: the options given, canonical (--transport
	 * always), which `rbsim run` reads back as this run; and every option
	 * of the transport with its value, given or default.
	 */
	char options[2048];
	char transport_opts[256];
	/* the transport's options struct (ops->options' destinations); cfg.topts points here */
	struct {
		unsigned char b[RBSIM_TOPTS_MAX];
	} __attribute__((aligned(16))) topts;
};

struct rbsim_integrity {
	bool checked;               /* false under --no-verify: only the balance is checked */
	bool ok;
	__u64 lost, duplicated, reordered, torn;
	__u64 undrained;            /* left in the ring when the drain hit its bound: not lost */
	__u64 overwritten;          /* overwrite mode: committed, overwritten before consumed */
	char first[256];            /* the first discrepancy, when !ok */
};

/*
 * The run's seconds after warm-up (all of a --records run's full seconds), as
 * the main thread sampled them: what the mean hides, and what tells the
 * regime a run was in (sim/regime.h).
 */
struct rbsim_seconds {
	unsigned int n;
	double *hits, *drops;       /* records consumed, reserves failed, per s */
	double *wakeups;            /* consumer rounds that waited and took records, per s */
	double *batches;            /* produce() calls, per s */
	char *regime;               /* n letters, one per second (enum rbsim_regime's) */
};

/* the regimes of a run's seconds */
enum rbsim_regime {
	RBSIM_REGIME_CAUGHT_UP,     /* the consumer catches up and is woken for each batch */
	RBSIM_REGIME_AHEAD,         /* the producer runs ahead, the consumer rarely sleeps */
	RBSIM_REGIME_NR,
};

struct rbsim_regimes {
	unsigned int seconds;       /* classified */
	double share[RBSIM_REGIME_NR]; /* of the seconds, 0..1 */
	unsigned int switches;      /* changes from one second to the next */
	int settled;                /* enum rbsim_regime of the last second, -1 without any */
};

struct rbsim_result {
	unsigned int samples;       /* per-second samples in the mean (warm-up excluded) */
	double hits_mean, hits_stddev;   /* consumed records/s */
	double drops_mean, drops_stddev; /* failed reserve/output per s */
	double bytes_mean;          /* consumed sample bytes/s */
	double elapsed_s;           /* the whole run, warm-up and drain included */
	double cpu_user_s, cpu_sys_s; /* CPU time the run's threads used (getrusage) */
	__u64 attempted, produced, discarded, consumed, consumed_bytes;
	__u64 undrained;            /* produced, not consumed: the drain stopped at its bound */
	bool drain_cut;             /* the drain stopped at its bound, max(1 s, --duration) */
	__u64 drops[RBSIM_DROP_NR];
	struct rbsim_tstats tstats; /* notifications, wakeups, extras */
	struct rbsim_hist *hist;    /* reserve-to-consume latency, measured part */
	struct rbsim_integrity integrity;
	/* --rate: the most records a producer was behind its schedule before its last send */
	__u64 rate_lag;
	bool rate_met;              /* every producer ended within one batch of its schedule */
	double rate_offered;        /* records/s per producer over their schedules */
	unsigned int threads, cpus; /* threads started, CPUs they may run on */
	/*
	 * The consumer thread's context switches from the start to the end of
	 * its drain (getrusage(RUSAGE_THREAD)): the voluntary ones are the
	 * times it slept (in its wait, its --stall), the others the times the
	 * scheduler took its CPU. Either transport, the kernel's or the port's,
	 * counted alike; not with --consumer none, nor in virtual time.
	 */
	bool have_cons_switches;
	/* the real engine with latency stamps: records a host stop held (RBSIM_HOST_STOP_NS) */
	bool have_host_waits;
	__u64 host_waits;
	/* the real engine, paced producers: the host's stops they saw (rbsim_producer.host_stops) */
	bool have_prod_stops;
	__u64 prod_stops;
	/*
	 * The real engine, unpaced producers each on a ring of its own (one
	 * producer, or rbsim_transport.own_rings) and no consumer (not
	 * --b2b, whose consumer thread produces): the time their
	 * looks at the clock found lost (rbsim_producer.lost_ns), added up,
	 * and over the producers' measured time (producers x the measured
	 * part of the run)
	 */
	bool have_prod_lost;
	__u64 prod_lost_ns;
	double prod_lost_frac;
	__u64 cons_sleeps, cons_preempts;
	/*
	 * Virtual time only (have_peak): the most ring space committed records
	 * held at once, after a commit (the perf buffer: in one CPU's buffer;
	 * sim/vtime.h's rbsim_vtime_extra.peak_bytes)
	 */
	bool have_peak;
	__u64 peak_bytes, peak_of;  /* ... and the bytes of the ring it filled */
	int interrupted;            /* the SIGINT/SIGTERM that ended the run early, or 0 */
	bool unavailable;           /* the run failed for lack of privilege or kernel feature */
	bool oversubscribed;
	struct rbsim_seconds sec;   /* allocated: rbsim_result_free() */
	struct rbsim_regimes regime;
};

/*
 * Parse `rbsim run` arguments: 0 ok, 1 help printed (exit 0), -1 error in
 * err (exit 2). o keeps pointers into argv (and cfg.topts into o itself):
 * both must outlive the run.
 */
int rbsim_run_parse(int argc, char **argv, struct rbsim_opts *o, char *err, size_t errlen);
void rbsim_run_usage(FILE *f);
/* what a parse allocated (a --size hist:FILE, a --trace); o stays parsed otherwise */
void rbsim_opts_free(struct rbsim_opts *o);

/*
 * Another command that takes the workload options of `rbsim run` (e.g.
 * `rbsim size`): its own table (group, whose base it sets) parsed with
 * run's, errors naming `rbsim CMD --help`, and the run options in `refuse`
 * (long names, NULL-ended) refused as not applying to it. prepare (or NULL)
 * runs once every option is parsed, before the checks between them: it sets
 * what the command decides for the workload (virtual time, the ring size the
 * records must fit), given group->base. Returns as rbsim_run_parse() does,
 * except that --help prints nothing (1).
 */
int rbsim_run_parse_for(const char *cmd, struct rbsim_optgroup *group,
			const char *const *refuse,
			void (*prepare)(struct rbsim_opts *o, void *base), int argc, char **argv,
			struct rbsim_opts *o, char *err, size_t errlen);
/* the table of the generic `rbsim run` options (compare parses them too) */
const struct rbsim_opt *rbsim_run_options(void);
/* "a, b": the names of the transports that have every bit of cap (enum rbsim_cap) */
void rbsim_transports_with(unsigned int cap, char *buf, size_t len);

/*
 * Run the workload: 0 (see r->integrity), or a negative errno with the reason
 * in err: -EINVAL/-E2BIG are bad input found by the transport's setup
 * (exit 2); with r->unavailable a missing privilege or kernel feature (the
 * command skips: kcheck_unavailable()); others a failed run (exit 1).
 * r->hist is allocated; free with rbsim_result_free().
 */
int rbsim_engine_run(const struct rbsim_opts *o, struct rbsim_result *r, char *err,
		     size_t errlen);
void rbsim_result_free(struct rbsim_result *r);

/*
 * From now on the first SIGINT or SIGTERM ends a running rbsim_engine_run()
 * as its end would (producers stop, a drain of at most max(1 s, --duration),
 * the partial result with r->interrupted set); a second one kills.
 */
void rbsim_engine_catch_signals(void);

/* the consumer of the run, for reports: libbpf or batch where there is a choice, else its own */
const char *rbsim_consumer_name(const struct rbsim_opts *o);
/* the summary for people (text) on f (report_text.c) */
void rbsim_report_text(FILE *f, const struct rbsim_opts *o, const struct rbsim_result *r);
/* one CSV row (with header) or one JSON object into a malloc'ed string */
char *rbsim_report_format(const struct rbsim_opts *o, const struct rbsim_result *r,
			  enum rbsim_format fmt, bool header);
/*
 * -o FILE, opened before the run (rbsim_run_parse does it last): 0, or -1
 * with the reason in err (exit 2): it cannot be opened for writing, or what
 * it holds does not take this format (a CSV row under another header or into
 * a JSON file, ...). The run's result goes in with rbsim_report_append().
 */
int rbsim_output_open(struct rbsim_opts *o, char *err, size_t errlen);
/* close it; a file the open created and nothing was written to is removed */
void rbsim_output_close(struct rbsim_opts *o, bool wrote);
/*
 * Append to the -o file in one write (header only into an empty file); 0 or
 * -errno with the reason in err. On a failed or short write the file is cut
 * back to its size before: the row goes in whole or not at all.
 */
int rbsim_report_append(const struct rbsim_opts *o, const struct rbsim_result *r, char *err,
			size_t errlen);

/* regime.c: the regime of each second into sec->regime (allocated), the summary into out */
void rbsim_regime_classify(struct rbsim_seconds *sec, struct rbsim_regimes *out);
/* its name, and its letter in rbsim_seconds.regime */
const char *rbsim_regime_name(enum rbsim_regime g);
char rbsim_regime_letter(enum rbsim_regime g);

/* verify.c */
void rbsim_integrity_finish(struct rbsim_consumer *c, const __u64 *committed,
			    __u64 total_committed, struct rbsim_integrity *out);
/*
 * --consumer none: what one snapshot of the ring delivered must be, for
 * each producer, its newest records: ending with its last commit, one run
 * of them (at most one gap, from its seq 0). Marks in not ok otherwise.
 */
void rbsim_integrity_newest(const struct rbsim_consumer *c, const __u64 *committed,
			    struct rbsim_integrity *in);

extern const char *const rbsim_drop_names[RBSIM_DROP_NR];

#endif /* RBSIM_ENGINE_H */
