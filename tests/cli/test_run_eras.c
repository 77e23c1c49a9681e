// SPDX-License-Identifier: GPL-2.0-only
/*
 * `rbsim run --kernel VER [--overwrite]`: the ring buffer port as another
 * release's, from the outside: the era reaches the rows, overwrite mode's
 * losses are counted record for record and pass the verifier, bad eras are
 * refused with one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "tests/helpers/cli.h"
#include "tests/helpers/timeout.h"

TestSuite(run_eras, .timeout = RBSIM_TEST_TIMEOUT(60));

static struct cli_run run_buf;

/* a figure of the extra object (the transport's own), asserted present */
static double extra_num(const char *json, const char *name)
{
	cr_assert_not_null(strstr(json, "\"extra\":{"), "an extra object");
	return cli_json_num(strstr(json, "\"extra\":{"), name);
}

/* every era runs the same workload; the rows say which one ran */
Test(run_eras, the_era_in_the_row)
{
	static const char *const eras[] = { "5.8", "5.13", "6.10", "6.12", "6.15", "6.17", "6.18",
					    "6.19" };
	struct cli_run *r = &run_buf;
	char opts[200], want[200];
	unsigned int i;

	for (i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const char *const argv[] = { "rbsim", "run", "--kernel", eras[i], "-p", "2",
					     "--records", "20000", "--ring-size", "16K",
					     "--format", "json", "-q", NULL };

		cli_exec_argv(r, argv);
		cli_assert_run_ok(r);
		cr_assert(cli_json_value(r->out, "transport_opts", opts, sizeof(opts)), "opts");
		/* then the calibration options, which this run leaves at their defaults */
		snprintf(want, sizeof(want), "--kernel %s --reserve kernel --lock ttas --wait futex "
			 "--write place --profile none --profile-trigger syscall "
			 "--profile-preempt auto", eras[i]);
		cr_expect_str_eq(opts, want, "%s: the era in transport_opts", eras[i]);
		cr_expect_eq(cli_json_num(r->out, "consumed"), cli_json_num(r->out, "produced"),
			     "%s: every record consumed", eras[i]);
	}
	/* the default is 6.18, and says so */
	{
		static const char *const argv[] = { "rbsim", "run", "--records", "1000",
						    "--format", "json", "-q", NULL };

		cli_exec_argv(r, argv);
		cli_assert_run_ok(r);
		cr_assert(cli_json_value(r->out, "transport_opts", opts, sizeof(opts)), "opts");
		cr_expect_str_eq(opts, "--kernel 6.18 --reserve kernel --lock ttas --wait futex "
				 "--write place --profile none --profile-trigger syscall "
				 "--profile-preempt auto",
				 "the default era");
	}
}

/*
 * overwrite mode, 2 producers and a slow consumer on a small ring: what is
 * consumed passes the verifier (no torn, duplicated or reordered record),
 * and every record produced is either consumed or counted as overwritten
 */
Test(run_eras, overwrite_losses_accounted)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "-p", "2", "--records", "200000", "--size",
					    "uniform:8-120", "--ring-size", "16K", "--consumer-work",
					    "1us", "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	char s[64];
	double produced, consumed, lost;

	cli_exec_argv(r, argv);
	cli_assert_run_ok(r);
	cr_assert(cli_json_value(r->out, "integrity", s, sizeof(s)), "integrity");
	cr_expect_str_eq(s, "ok", "the verifier passes");
	cr_expect_eq(cli_json_num(r->out, "lost"), 0, "no loss but overwriting");
	cr_expect_eq(cli_json_num(r->out, "torn"), 0, "no torn record delivered");
	cr_expect_eq(cli_json_num(r->out, "duplicated"), 0, "no duplicate");
	produced = cli_json_num(r->out, "produced");
	consumed = cli_json_num(r->out, "consumed");
	lost = extra_num(r->out, "ow_lost_records");
	cr_expect_eq(consumed + lost, produced, "consumed %.0f + overwritten %.0f = produced %.0f",
		     consumed, lost, produced);
	cr_expect_leq(lost, extra_num(r->out, "overwritten"), "no more lost than overwritten");
	cr_expect_eq(lost > 0, extra_num(r->out, "ow_lost_bytes") + extra_num(r->out,
		     "ow_dropped") > 0, "the reader counted its losses");
}

/* overwrite mode forgives only missing records: a duplicate still fails */
Test(run_eras, overwrite_still_catches_a_duplicate)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "--records", "5000", "--inject", "dup@100",
					    "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	char s[64];

	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 1, "FAIL: %s", r->err);
	cr_assert(cli_json_value(r->out, "integrity", s, sizeof(s)), "integrity");
	cr_expect_str_eq(s, "FAIL", "a duplicate is not overwriting");
}

/* bad eras: exit 2, one line naming the problem, nothing run */
Test(run_eras, bad_input)
{
	static const struct {
		const char *args[6];
		const char *says;
	} cases[] = {
		{ { "--kernel", "4.19" }, "--kernel 4.19: no era of the port for this release "
					 "(5.8 to 6.19)" },
		{ { "--kernel", "7.0" }, "--kernel 7.0: no era" },
		{ { "--kernel", "6" }, "--kernel 6: not a kernel release" },
		{ { "--kernel", "0.0" }, "--kernel 0.0: not a kernel release" },
		{ { "--kernel", "6.15x" }, "--kernel 6.15x: not a kernel release" },
		{ { "--overwrite" }, "--overwrite: kernel 6.18 has no overwrite mode" },
		{ { "--kernel", "6.17", "--overwrite" }, "--overwrite: kernel 6.17 has no" },
		{ { "--kernel", "6.19", "--overwrite", "--consumer", "batch" },
		  "--overwrite: --consumer batch (rb-custom) cannot read" },
		{ { "--transport", "perfbuf", "--kernel", "6.15" },
		  "--kernel does not apply to --transport perfbuf" },
		{ { "--transport", "perfbuf", "--consumer", "none" },
		  "--consumer none does not apply to --transport perfbuf: only ringbuf can run "
		  "producers alone" },
		{ { "--consumer", "none", "--b2b" }, "--b2b needs a consumer; --consumer none "
						     "runs producers only" },
		{ { "--consumer", "none", "--consumer-work", "1us" }, "--consumer-work needs a "
								      "consumer" },
		{ { "--consumer", "none", "--poll", "busy" }, "--poll needs a consumer" },
		{ { "--consumer", "none", "--inject", "dup" }, "--inject needs a consumer" },
		{ { "--consumer", "none", "--cons-affinity", "0" }, "--cons-affinity needs a "
								    "consumer" },
		{ { "--consumer", "none", "--wakeup", "sampled:500" }, "--wakeup sampled:500: "
		  "--consumer none has no consumer to wake" },
	};
	struct cli_run *r = &run_buf;
	unsigned int i, j;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *argv[12] = { "rbsim", "run" };

		for (j = 0; j < 6 && cases[i].args[j]; j++)
			argv[2 + j] = cases[i].args[j];
		argv[2 + j] = "--records";
		argv[3 + j] = "10";
		cli_exec_argv(r, argv);
		cr_expect_eq(r->status, 2, "%s: exit 2", cases[i].says);
		cr_expect_eq(cli_lines(r->err), 1, "one line: %s", r->err);
		cr_expect_not_null(strstr(r->err, cases[i].says), "'%s' says '%s'", r->err,
				   cases[i].says);
		cr_expect_str_empty(r->out, "nothing on stdout");
	}
}

/*
 * --nmi-rate: handlers marked as NMI reserve on the producer threads. Their
 * failures are theirs, not the workload's: produced + drops = attempted,
 * and outside NMI a spinlock era never fails for the lock
 */
Test(run_eras, nmi_analog_accounted)
{
	static const char *const eras[] = { "6.17", "6.15" };
	struct cli_run *r = &run_buf;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		const char *const argv[] = { "rbsim", "run", "--kernel", eras[i], "-p", "2",
					     "--nmi-rate", "2000", "-d", "1", "-w", "0",
					     "--format", "json", "-q", NULL };
		double nmi, fails;

		cli_exec_argv(r, argv);
		cli_assert_run_ok(r);
		cr_expect_eq(cli_json_num(r->out, "produced") + cli_json_num(r->out,
			     "drops_no_space") + cli_json_num(r->out, "drops_lock") +
			     cli_json_num(r->out, "drops_too_big"), cli_json_num(r->out, "attempted"),
			     "%s: produced + drops = attempted", eras[i]);
		nmi = extra_num(r->out, "nmi_reserves");
		fails = extra_num(r->out, "nmi_lock_fails") + extra_num(r->out, "nmi_no_space");
		cr_expect_gt(nmi, 0, "%s: a one-second run saw the 2000/s timer", eras[i]);
		cr_expect_leq(fails, nmi, "%s: failures among the handler's reserves", eras[i]);
		if (!strcmp(eras[i], "6.17"))
			cr_expect_eq(cli_json_num(r->out, "drops_lock"), 0,
				     "6.17: a spinlock outside NMI never fails");
	}
}

/* --no-verify checks the balance only: the records missing are the overwritten ones */
Test(run_eras, overwrite_losses_without_verify)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "-p", "2", "--records", "200000", "--ring-size", "16K",
					    "--consumer-work", "1us", "--no-verify", "--format",
					    "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	char s[64];

	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 0, "exit %d: %s", r->status, r->err);
	cr_assert(cli_json_value(r->out, "integrity", s, sizeof(s)), "integrity");
	cr_expect_str_eq(s, "counts-ok", "the balance holds");
	cr_expect_eq(cli_json_num(r->out, "consumed") + extra_num(r->out, "ow_lost_records"),
		     cli_json_num(r->out, "produced"), "consumed + overwritten = produced");
}

/*
 * --consumer none, the selftests' --rb-bench-producer: 8-byte records take
 * 16 bytes of ring and a 16 KiB ring holds at most 16384 - 8 bytes of them,
 * 1023 records. Normal mode: the first 1023 fit, every later reserve fails
 * for space; overwrite mode: every reserve succeeds, all but the newest 1023
 * are overwritten. Either way one snapshot at the end finds the 1023 the
 * ring holds, and the verifier finds them whole, in order and the newest.
 */
#define FITS ((16384 - 8) / 16)

static void producers_only(const char *const *argv, double attempted)
{
	struct cli_run *r = &run_buf;
	char s[64];

	cli_exec_argv(r, argv);
	cli_assert_run_ok(r);
	cr_assert(cli_json_value(r->out, "integrity", s, sizeof(s)), "integrity");
	cr_expect_str_eq(s, "ok", "the snapshot passes the verifier");
	cr_assert(cli_json_value(r->out, "consumer", s, sizeof(s)), "consumer");
	cr_expect_str_eq(s, "none", "the consumer column");
	cr_expect_eq(cli_json_num(r->out, "attempted"), attempted, "attempted");
	cr_expect_eq(cli_json_num(r->out, "consumed"), FITS, "the snapshot holds what fits");
	cr_expect_eq(cli_json_num(r->out, "lat_samples"), 0, "no consumer, no latency");
	cr_expect_eq(cli_json_num(r->out, "notifications"), 0, "BPF_RB_NO_WAKEUP throughout");
	/* hits are the producers' commits over the run, not the snapshot's records */
	cr_expect_gt(cli_json_num(r->out, "hits_mean_mps") * 1e6 * cli_json_num(r->out,
		     "elapsed_s"), 0.99 * cli_json_num(r->out, "produced"), "hits = produced/s");
}

Test(run_eras, producers_only_overwrite)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "--consumer", "none", "--records", "100000",
					    "--ring-size", "16K", "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;

	producers_only(argv, 100000);
	cr_expect_eq(cli_json_num(r->out, "produced"), 100000, "produced = attempted");
	cr_expect_eq(extra_num(r->out, "overwritten"), 100000 - FITS,
		     "overwritten = produced - what fits");
	cr_expect_eq(extra_num(r->out, "ow_lost_records"), 100000 - FITS,
		     "the verifier forgave exactly the overwritten ones");
	cr_expect_null(strstr(r->out, "ow_dropped"), "no reader: no lost reads reported");
}

/*
 * past the 24 bits of seq an 8-byte record carries (2^24 + 2^23 + 100000
 * records): the snapshot's records, widened from 0, read whole wraps low
 * (the first one's low bits in the upper half of a wrap: widened behind 0,
 * and the run crosses no wrap) and are still the newest in a row (a timed
 * run of the bench's overwrite section passes 2^24 within its first
 * second, and failed so in 1 s runs that ended in such a stretch)
 */
#define PAST_SEQ_WIDTH 25265824
#define PAST_SEQ_WIDTH_TEXT_(n) #n
#define PAST_SEQ_WIDTH_TEXT(n) PAST_SEQ_WIDTH_TEXT_(n)
Test(run_eras, producers_only_past_the_seq_width)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "--consumer", "none", "--records",
					    PAST_SEQ_WIDTH_TEXT(PAST_SEQ_WIDTH),
					    "--ring-size", "16K", "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;

	producers_only(argv, PAST_SEQ_WIDTH);
	cr_expect_eq(extra_num(r->out, "ow_lost_records"), PAST_SEQ_WIDTH - FITS,
		     "the verifier forgave exactly the overwritten ones");
}

/* two producers: one may lap the other whole; the ring still holds 1023 records */
Test(run_eras, producers_only_overwrite_2p)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "--consumer", "none", "-p", "2", "--records",
					    "200000", "--size", "8", "--ring-size", "16K",
					    "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	double produced;

	producers_only(argv, 200000);
	produced = cli_json_num(r->out, "produced");
	/* a reserve fails only where it would overwrite another producer's BUSY record */
	cr_expect_eq(produced + cli_json_num(r->out, "drops_no_space") +
		     cli_json_num(r->out, "drops_lock"), 200000, "produced + drops = attempted");
	cr_expect_eq(extra_num(r->out, "overwritten"), produced - FITS,
		     "overwritten = produced - what fits");
	cr_expect_eq(cli_json_num(r->out, "threads"), 2, "no consumer thread counted");
}

Test(run_eras, producers_only_normal_mode)
{
	static const char *const argv[] = { "rbsim", "run", "--consumer", "none", "--records",
					    "100000", "--ring-size", "16K", "--format", "json",
					    "-q", NULL };
	struct cli_run *r = &run_buf;

	producers_only(argv, 100000);
	cr_expect_eq(cli_json_num(r->out, "produced"), FITS, "the ring fills");
	cr_expect_eq(cli_json_num(r->out, "drops_no_space"), 100000 - FITS,
		     "then every reserve fails for space");
}

/* the summary says what it measured */
Test(run_eras, producers_only_text)
{
	static const char *const argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite",
					    "--consumer", "none", "--records", "5000", "-q", NULL };
	struct cli_run *r = &run_buf;

	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 0, "exit 0: %s", r->err);
	cr_expect_not_null(strstr(r->out, "integrity      ok"), "%s", r->out);
	cr_expect_not_null(strstr(r->out, "consumer none/epoll, wakeup none"), "%s", r->out);
	cr_expect_not_null(strstr(r->out, "no consumer    hits are the producers' commits (the "
				  "selftests' --rb-bench-producer)"), "%s", r->out);
	cr_expect_not_null(strstr(r->out, "ns per produced record"), "%s", r->out);
	cr_expect_not_null(strstr(r->out, "latency        none measured (no consumer)"), "%s",
			   r->out);
}

/*
 * The reader's losses account for the records lost, record for record, with
 * one record size (32 bytes: 40 of ring): every byte the reader jumped over
 * because overwrite_pos had passed it is ow_lost_bytes (a record copied,
 * then dropped because it was overwritten during the copy, included, as
 * consumer_ring_overwrite_stats says), so ow_lost_bytes / 40 is the records
 * lost; ow_dropped, the lost reads, are some of them. Both are figures of
 * the row and of the summary.
 */
Test(run_eras, overwrite_lost_reads_reported)
{
	const char *argv[] = { "rbsim", "run", "--kernel", "6.19", "--overwrite", "-p", "2",
			       "--records", "200000", "--size", "32", "--ring-size", "16K",
			       "--consumer-work", "1us", "--format", "json", "-q", NULL };
	struct cli_run *r = &run_buf;
	double lost, skipped, dropped;

	cli_exec_argv(r, argv);
	cli_assert_run_ok(r);
	lost = extra_num(r->out, "ow_lost_records");
	skipped = extra_num(r->out, "ow_lost_bytes");
	dropped = extra_num(r->out, "ow_dropped");
	cr_expect_gt(lost, 0, "a slow reader on a 16 KiB ring loses records");
	cr_expect_eq(skipped / 40, lost, "skipped %.0f bytes / 40 = lost %.0f", skipped, lost);
	cr_expect_leq(dropped, lost, "lost reads %.0f among the lost %.0f", dropped, lost);
	cr_expect_eq(cli_json_num(r->out, "consumed") + lost, cli_json_num(r->out, "produced"),
		     "consumed + lost = produced");
	/* the text summary names the figure too */
	argv[16] = "text";
	cli_exec_argv(r, argv);
	cr_assert_eq(r->status, 0, "exit 0: %s", r->err);
	cr_expect_not_null(strstr(r->out, "\n  ow_dropped     "), "%s", r->out);
}
