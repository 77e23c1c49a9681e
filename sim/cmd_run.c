// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim run: drive a transport with producer threads and one consumer under
 * a chosen workload, the way the selftests' bench drives its ringbuf
 * benchmarks (tools/testing/selftests/bpf/bench.c and
 * benchs/bench_ringbufs.c), and report what it did.
 *
 * This file: the command (the options are in run_opts.c, their checks in
 * run_parse.c).
 * Each transport brings its own options (ops->options, as the selftests'
 * argp children); the threads are in engine*.c, the reports in report.c.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "sim/rbsim.h"
#include "sim/engine.h"
#include "sim/kernel_check.h"
#include "sim/vtime.h"

static void dump_sizes(const struct rbsim_opts *o)
{
	__u32 *sizes = calloc(o->dump_sizes, sizeof(*sizes));
	struct rbsim_rng rng;
	unsigned int p;
	__u64 i;

	if (!sizes)
		return;
	for (p = 0; p < o->cfg.producers; p++) {
		rbsim_rng_seed(&rng, o->cfg.seed, p);
		rbsim_gen_sizes(&o->size, o->cfg.discard_pct, &rng, sizes, (__u32)o->dump_sizes);
		printf("producer %u:", p);
		for (i = 0; i < o->dump_sizes; i++)
			printf(" %u%s", RBSIM_BATCH_SIZE(sizes[i]),
			       sizes[i] & RBSIM_BATCH_DISCARD ? "d" : "");
		printf("\n");
	}
	free(sizes);
}

/* the summary (and the -o row); the exit status of a run that ended */
static int report(struct rbsim_opts *o, const struct rbsim_result *r)
{
	/* the shells' status of a command ended by a signal */
	int ret = r->interrupted ? 128 + r->interrupted :
		  r->integrity.ok ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
	char err[512];

	if (o->output) {
		/* the summary is printed whether or not the file takes the row */
		rbsim_report_text(stdout, o, r);
		fflush(stdout);
		if (rbsim_report_append(o, r, err, sizeof(err))) {
			fprintf(stderr, "rbsim run: %s\n", err);
			ret = RBSIM_EXIT_FAIL;
			rbsim_output_close(o, false);
		} else {
			rbsim_output_close(o, true);
		}
	} else if (o->format == RBSIM_FMT_TEXT) {
		rbsim_report_text(stdout, o, r);
	} else {
		char *s = rbsim_report_format(o, r, o->format, true);

		if (s)
			fputs(s, stdout);
		free(s);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rbsim run: writing the summary to stdout: %s\n", strerror(errno));
		ret = RBSIM_EXIT_FAIL;
	}
	return ret;
}

static int cmd_run(int argc, char **argv)
{
	static struct rbsim_opts o;
	struct rbsim_result r;
	char err[512];
	int ret;

	ret = rbsim_run_parse(argc, argv, &o, err, sizeof(err));
	if (ret > 0)
		return RBSIM_EXIT_OK;
	if (ret < 0) {
		rbsim_opts_free(&o);
		return rbsim_usage_error("run", "%s", err);
	}
	if (o.dump_sizes) {
		dump_sizes(&o);
		rbsim_opts_free(&o);
		return RBSIM_EXIT_OK;
	}
	if (o.verbose)
		fprintf(stderr, "rbsim run: options: %s\nrbsim run: transport options: %s\n",
			o.options, o.transport_opts[0] ? o.transport_opts : "none");
	if (o.warning[0])
		fprintf(stderr, "rbsim run: warning: %s\n", o.warning);

	/* past RLIMIT_FSIZE (the ring's memfd, the -o file) a call fails (EFBIG), nothing dies */
	signal(SIGXFSZ, SIG_IGN);
	if (o.cfg.virtual_time) {
		struct rbsim_vtime_opts vo = { .fault = o.fault, .fault_at = o.fault_at };

		ret = rbsim_vtime_run(&o.cfg, &o.size, &vo, &r, NULL, err, sizeof(err));
	} else {
		rbsim_engine_catch_signals();
		ret = rbsim_engine_run(&o, &r, err, sizeof(err));
	}
	if (ret) {
		rbsim_result_free(&r);
		rbsim_output_close(&o, false);
		rbsim_opts_free(&o);
		/* the one rule of every command: 77 skipped, 1 with RBSIM_REQUIRE_KERNEL=1 */
		if (r.unavailable)
			return kcheck_unavailable("rbsim run", err);
		fprintf(stderr, "rbsim run: %s\n", err);
		return ret == -EINVAL || ret == -E2BIG ? RBSIM_EXIT_USAGE : RBSIM_EXIT_FAIL;
	}
	ret = report(&o, &r);
	rbsim_result_free(&r);
	rbsim_opts_free(&o);
	return ret;
}

RBSIM_COMMAND(run, "run", "drive a transport with producers and a consumer; report "
	      "throughput, latency, integrity", cmd_run);
