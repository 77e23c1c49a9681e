/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim size: what sim/cmd_size.c (the options, the search) and
 * sim/size_report.c (text, CSV, JSON, the plot) share. Not for the rest of
 * rbsim.
 */
#ifndef RBSIM_SIZE_H
#define RBSIM_SIZE_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "sim/engine.h"

#define SZ_NEVER (~0ULL)

/* size's own options (the workload's are run's, sim/run_opts.c) */
struct sz_opts {
	double max_drop;           /* --max-drop: the drop fraction allowed */
	__u64 max_p99_us;          /* --max-p99 US, 0: none */
	double confidence;         /* --confidence, of the drop fraction's interval */
	__u64 seeds;               /* --seeds: runs per size, seeds --seed .. --seed + N - 1 */
	__u64 min_ring, max_ring;  /* --min-ring, --max-ring: the sizes searched, bytes */
	const char *plot;          /* --plot FILE.png */
	bool perf;                 /* --transport perfbuf: sizes are pages per CPU */
};

/* one ring size, measured over the seeds */
struct sz_point {
	__u64 ring;                /* bytes of one ring (the perf buffer: of each CPU's) */
	unsigned int seeds;
	double drop, drop_lo, drop_hi; /* the mean drop fraction, its confidence interval */
	__u64 p99_ns;              /* the worst seed's p99 latency (0: none measured) */
	__u64 overflow_ns;         /* a stall from an empty ring overflows it after this
				    * (SZ_NEVER: not within the run) */
	__u64 phys, virt;          /* bytes: physical pages, user address space mapped */
	__u64 mem_usage;           /* what the kernel charges the map (0: the perf buffer) */
	__u64 peak_bytes;          /* the most space records held at once, the worst seed's */
	__u64 records;             /* records simulated for this size, every seed */
	double wall_s;             /* wall time they took */
	/* --vcosts hoststop=: the periods the host stopped a CPU (the consumer's), seeds' mean */
	double host_stops, host_stops_cons;
	bool meets;
};

struct sz_result {
	const struct rbsim_opts *o;
	const struct sz_opts *so;
	struct sz_point *pts;      /* every size measured, smallest first */
	unsigned int n;
	int advised;               /* index in pts of the smallest size that meets, or -1 */
	/*
	 * the advised size again with the consumer placed the other way
	 * (--vplace): how much the advice hangs on where the consumer runs;
	 * valid with other_vplace >= 0 (-1: not measured, --b2b or no advice)
	 */
	struct sz_point other;
	int other_vplace;          /* enum rbsim_vplace */
	/*
	 * with --vcosts hoststop= and an advice: the search again without the
	 * host's stops, the size it advises (0: none up to --max-ring)
	 */
	bool nostop_searched;
	__u64 nostop_advised;
};

/* the report in o->format: text, CSV (a row per size) or JSON */
void sz_report(FILE *f, const struct sz_result *res);
/* the plot into tmp (rbsim_plot_tmp(), sim/plot.h): 0, or -1 (gnuplot failed) */
int sz_plot(const struct sz_result *res, const char *tmp);

/* a ring size as text: 4 KiB, 512 KiB, 8 MiB */
const char *sz_bytes(__u64 v, char *buf, size_t len);
/* a duration as text: 120 ns, 4.1 us, 12.3 ms, 1.50 s */
const char *sz_time(__u64 ns, char *buf, size_t len);

#endif /* RBSIM_SIZE_H */
