// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/machine.c, the machine description files of `rbsim model`: every file
 * shipped in sim/machines/ parses, with a source on every figure; every kind
 * of bad file is refused with "NAME:LINE: problem" (the exact text); the
 * distances of the Linux CPU numbering the files describe.
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "sim/machine.h"
#include "sim/model.h"
#include "tests/helpers/tmpdir.h"

/* a small valid file, each bad case changes one thing in it */
#define HEAD "name Two sockets | a\ncpus 8 | a\nsockets 2 | a\nsmt 2 | a\n"
#define TOPO "cores_per_l3 2 | a\ncores_per_die 2 | a\n"
#define C2C  "c2c_smt_ns 5 | a\nc2c_l3_ns 20 | a\nc2c_die_ns n/a | a\n" \
	     "c2c_socket_ns n/a | a\nc2c_remote_ns 100 | a\n"
#define WORK "record_ns 90 | a\nconsumer_ns 60 | a\nbatch_ns 800 | a\n"
#define GOOD HEAD TOPO C2C WORK

static struct rbsim_machine mach;

Test(machine, shipped_files_parse_with_every_source)
{
	glob_t g;
	size_t i, k;
	char err[512];

	cr_assert_eq(glob("sim/machines/*.machine", 0, NULL, &g), 0, "no sim/machines/*.machine");
	cr_assert_geq(g.gl_pathc, 6, "five published machines and this one: %zu", g.gl_pathc);
	for (i = 0; i < g.gl_pathc; i++) {
		cr_assert_eq(rbsim_machine_load(g.gl_pathv[i], &mach, err, sizeof(err)), 0, "%s",
			     err);
		for (k = 0; rbsim_machine_keys[k]; k++)
			cr_expect_gt(strlen(rbsim_machine_source(&mach, rbsim_machine_keys[k])), 2,
				     "%s: %s has a source", g.gl_pathv[i], rbsim_machine_keys[k]);
		for (k = 0; k < mach.ncurves; k++)
			cr_expect_gt(strlen(mach.curve[k].source), 2, "%s: curve %s has a source",
				     g.gl_pathv[i], mach.curve[k].id);
	}
	globfree(&g);
}

Test(machine, a_good_file_read_back)
{
	static const char text[] = GOOD "# a comment\n\n"
		"curve X-1 era=6.10 consumer=no first_cpu=0 1:10 2:5.5 | t\n";
	char err[512];

	cr_assert_eq(rbsim_machine_parse("m", text, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(mach.name, "Two sockets");
	cr_expect_eq(mach.cpus, 8);
	cr_expect_eq(mach.c2c_ns[RBSIM_DIST_REMOTE], 100);
	cr_expect_lt(mach.c2c_ns[RBSIM_DIST_DIE], 0, "n/a");
	cr_expect_eq(mach.batch_ns, 800);
	cr_expect_eq(mach.ncurves, 1);
	cr_expect_str_eq(mach.curve[0].id, "X-1");
	cr_expect(mach.curve[0].pending_pos && !mach.curve[0].consumer);
	cr_expect_eq(mach.curve[0].n, 2);
	cr_expect_eq(mach.curve[0].mps[1], 5.5);
	cr_expect_str_eq(rbsim_machine_source(&mach, "cpus"), "a");
	cr_expect_null(rbsim_machine_source(&mach, "nope"));
	cr_expect_lt(mach.handoff_ns, 0, "handoff_ns left out: n/a");
	cr_expect(!mach.curve[0].overwrite, "no mode=: normal");
}

/* era=6.19 with mode=overwrite (table E's rings); mode=normal the default's */
Test(machine, an_overwrite_curve_read_back)
{
	static const char text[] = GOOD
		"curve E era=6.19 consumer=no first_cpu=0 mode=overwrite 1:30 2:9 | t\n"
		"curve N era=6.19 consumer=yes first_cpu=1 mode=normal 1:10 2:5 | t\n";
	char err[512];

	cr_assert_eq(rbsim_machine_parse("m", text, &mach, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(mach.ncurves, 2);
	cr_expect(mach.curve[0].overwrite && mach.curve[0].pending_pos, "E: overwrite, 6.19");
	cr_expect(!mach.curve[1].overwrite && mach.curve[1].pending_pos, "N: normal, 6.19");
}

/*
 * handoff_ns and handoff_cas_ns: figures a file may leave out; given, each
 * sets its own reservation's hand-off count and never the other's
 */
static void handoff_key(const char *key, enum rbsim_reserve_kind kind,
			enum rbsim_reserve_kind other, double fixed, double other_fixed)
{
	char given[1024], na[1024], twice[1024], zero[1024], err[512];
	double c2c;

	snprintf(given, sizeof(given), GOOD "%s 100 | probe\n", key);
	snprintf(na, sizeof(na), GOOD "%s n/a | not measured\n", key);
	snprintf(twice, sizeof(twice), GOOD "%s 100 | probe\n%s 90 | again\n", key, key);
	snprintf(zero, sizeof(zero), GOOD "%s 0 | probe\n", key);
	cr_assert_eq(rbsim_machine_parse("m", given, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(kind == RBSIM_RESERVE_CAS ? mach.handoff_cas_ns : mach.handoff_ns, 100);
	cr_expect_lt(kind == RBSIM_RESERVE_CAS ? mach.handoff_ns : mach.handoff_cas_ns, 0,
		     "%s: the other left n/a", key);
	cr_expect_str_eq(rbsim_machine_source(&mach, key), "probe");
	/* the measured hand-off over the transfer between the CPUs it was measured on, 0 and 1 */
	c2c = mach.c2c_ns[rbsim_machine_dist(&mach, 0, 1)];
	cr_expect_float_eq(rbsim_model_handoff(&mach, kind), 100.0 / c2c, 1e-12, "%s", key);
	cr_expect_eq(rbsim_model_handoff(&mach, other), other_fixed, "%s: not the other's", key);
	cr_assert_eq(rbsim_machine_parse("m", na, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(kind == RBSIM_RESERVE_CAS ? mach.handoff_cas_ns : mach.handoff_ns, 0);
	cr_expect_eq(rbsim_model_handoff(&mach, kind), fixed, "%s unmeasured: the code's count",
		     key);
	cr_expect_neq(rbsim_machine_parse("m", twice, &mach, err, sizeof(err)), 0);
	cr_expect(strstr(err, "given twice") && strstr(err, key), "%s", err);
	cr_expect_neq(rbsim_machine_parse("m", zero, &mach, err, sizeof(err)), 0);
	cr_expect(strstr(err, ": 0 out of range") && strstr(err, key), "%s", err);
}

/* the kernel's: its three transfers in a row unmeasured; shards take the same lock */
Test(machine, handoff_is_optional)
{
	char err[512];

	handoff_key("handoff_ns", RBSIM_RESERVE_KERNEL, RBSIM_RESERVE_CAS, 3, 2);
	cr_assert_eq(rbsim_machine_parse("m", GOOD "handoff_ns 100 | probe\n", &mach, err,
					 sizeof(err)), 0, "%s", err);
	cr_expect_eq(rbsim_model_handoff(&mach, RBSIM_RESERVE_SHARD),
		     rbsim_model_handoff(&mach, RBSIM_RESERVE_KERNEL));
}

/* the CAS reservation's: the publication's 2 transfers unmeasured */
Test(machine, handoff_cas_is_optional)
{
	handoff_key("handoff_cas_ns", RBSIM_RESERVE_CAS, RBSIM_RESERVE_KERNEL, 2, 3);
}

/* the consumer's loop: four figures a file may leave out, each n/a or a time */
Test(machine, consumer_loop_is_optional)
{
	static const char given[] = GOOD "notify_ns 180 | p\nnotify_sleep_ns 5800 | p\n"
		"wake_ns 11000 | p\npoll_ns 540 | p\n";
	static const char na[] = GOOD "notify_ns n/a | p\nwake_ns n/a | p\n";
	static const char zero[] = GOOD "poll_ns 0 | p\n";
	static const char big[] = GOOD "wake_ns 2e7 | p\n";
	char err[512];

	cr_assert_eq(rbsim_machine_parse("m", given, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(mach.notify_ns, 180);
	cr_expect_eq(mach.notify_sleep_ns, 5800);
	cr_expect_eq(mach.wake_ns, 11000);
	cr_expect_eq(mach.poll_ns, 540);
	cr_expect_str_eq(rbsim_machine_source(&mach, "poll_ns"), "p");
	cr_assert_eq(rbsim_machine_parse("m", na, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(mach.notify_ns, 0, "n/a");
	cr_expect_lt(mach.notify_sleep_ns, 0, "left out");
	cr_expect_lt(mach.wake_ns, 0, "n/a");
	cr_expect_lt(mach.poll_ns, 0, "left out");
	cr_expect_neq(rbsim_machine_parse("m", zero, &mach, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "m:15: poll_ns: 0 out of range (above 0, at most 1e+07)");
	cr_expect_neq(rbsim_machine_parse("m", big, &mach, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "m:15: wake_ns: 2e7 out of range (above 0, at most 1e+07)");
}

/*
 * the scheduler's turn and the wake-ups' quantiles (--preempt user, and
 * --against-real's draws): each optional, n/a, or a time (the slice up to a
 * second); the quantiles 2 to 20, in order
 */
/*
 * the consumer's way to sleep: three figures a file may leave out, each n/a
 * or a time, never one without the others' meaning changing (each its own)
 */
Test(machine, consumer_sleep_is_optional)
{
	static const char given[] = GOOD "announce_ns 140 | t\nwait_ns 1833 | t\n"
		"notify_wake_ns 1583 | w\n";
	static const char some[] = GOOD "wait_ns n/a | t\nannounce_ns 90 | t\n";
	static const char zero[] = GOOD "notify_wake_ns 0 | w\n";
	static const char twice[] = GOOD "wait_ns 5 | t\nwait_ns 6 | t\n";
	char err[512];

	cr_assert_eq(rbsim_machine_parse("m", given, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(mach.announce_ns, 140);
	cr_expect_eq(mach.wait_ns, 1833);
	cr_expect_eq(mach.notify_wake_ns, 1583);
	cr_expect_str_eq(rbsim_machine_source(&mach, "notify_wake_ns"), "w");
	cr_assert_eq(rbsim_machine_parse("m", some, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(mach.announce_ns, 90);
	cr_expect_lt(mach.wait_ns, 0, "n/a");
	cr_expect_lt(mach.notify_wake_ns, 0, "left out");
	cr_expect_neq(rbsim_machine_parse("m", zero, &mach, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "m:15: notify_wake_ns: 0 out of range (above 0, at most 1e+07)");
	cr_expect_neq(rbsim_machine_parse("m", twice, &mach, err, sizeof(err)), 0);
	cr_expect_str_eq(err, "m:16: wait_ns given twice");
	/* a file without them: n/a, the model's consumer sleeps at once */
	cr_assert_eq(rbsim_machine_parse("m", GOOD, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(mach.announce_ns, 0);
	cr_expect_lt(mach.wait_ns, 0);
	cr_expect_lt(mach.notify_wake_ns, 0);
}

Test(machine, turns_and_wake_quantiles_are_optional)
{
	static const char given[] = GOOD "slice_ns 3978630 | p\n"
		"wake_draw_ns 10139,10249.5,10249.5,27041 | q\n";
	static const char na[] = GOOD "slice_ns n/a | p\nwake_draw_ns n/a | q\n";
	static const struct {
		const char *line, *err;
	} bad[] = {
		{ "slice_ns 2e9", "m:15: slice_ns: 2e9 out of range (above 0, at most 1e+09)" },
		{ "slice_ns 0", "m:15: slice_ns: 0 out of range (above 0, at most 1e+09)" },
		{ "wake_draw_ns 10000", "m:15: wake_draw_ns: one value: give the quantiles of at "
		  "least two" },
		{ "wake_draw_ns 10,9", "m:15: wake_draw_ns: 9 below the value before it: "
		  "quantiles, in order" },
		{ "wake_draw_ns 10,,12", "m:15: wake_draw_ns: '' is not a number" },
		{ "wake_draw_ns 10,n/a", "m:15: wake_draw_ns: n/a is not allowed here" },
		{ "wake_draw_ns 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21",
		  "m:15: wake_draw_ns: more than 20 values" },
		{ "wake_draw_ns 10,2e7", "m:15: wake_draw_ns: 2e7 out of range (above 0, at most "
		  "1e+07)" },
	};
	char text[1024], err[512];

	cr_assert_eq(rbsim_machine_parse("m", given, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(mach.slice_ns, 3978630);
	cr_assert_eq(mach.nwake_draw, 4);
	cr_expect_eq(mach.wake_draw_ns[0], 10139);
	cr_expect_eq(mach.wake_draw_ns[1], 10249.5);
	cr_expect_eq(mach.wake_draw_ns[3], 27041);
	cr_expect_str_eq(rbsim_machine_source(&mach, "wake_draw_ns"), "q");
	cr_assert_eq(rbsim_machine_parse("m", na, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(mach.slice_ns, 0, "n/a");
	cr_expect_eq(mach.nwake_draw, 0, "n/a");
	cr_assert_eq(rbsim_machine_parse("m", GOOD, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(mach.slice_ns, 0, "left out");
	cr_expect_eq(mach.nwake_draw, 0, "left out");
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s | p\n", GOOD, bad[i].line);
		cr_expect_neq(rbsim_machine_parse("m", text, &mach, err, sizeof(err)), 0, "%u", i);
		cr_expect_str_eq(err, bad[i].err, "case %u", i);
	}
}

/* what a following consumer costs a producer (follow_ns): optional, n/a, or a time up to 1 ms */
Test(machine, follow_is_optional)
{
	static const char given[] = GOOD "follow_ns 129.56 | f\n";
	static const char na[] = GOOD "follow_ns n/a | f\n";
	static const struct {
		const char *line, *err;
	} bad[] = {
		{ "follow_ns 0", "m:15: follow_ns: 0 out of range (above 0, at most 1e+06)" },
		{ "follow_ns 2e6", "m:15: follow_ns: 2e6 out of range (above 0, at most 1e+06)" },
		{ "follow_ns fast", "m:15: follow_ns: 'fast' is not a number" },
	};
	char text[1024], err[512];

	cr_assert_eq(rbsim_machine_parse("m", given, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(mach.follow_ns, 129.56);
	cr_expect_str_eq(rbsim_machine_source(&mach, "follow_ns"), "f");
	cr_assert_eq(rbsim_machine_parse("m", na, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(mach.follow_ns, 0, "n/a");
	cr_assert_eq(rbsim_machine_parse("m", GOOD, &mach, err, sizeof(err)), 0, "%s", err);
	cr_expect_lt(mach.follow_ns, 0, "left out");
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s | p\n", GOOD, bad[i].line);
		cr_expect_neq(rbsim_machine_parse("m", text, &mach, err, sizeof(err)), 0, "%u", i);
		cr_expect_str_eq(err, bad[i].err, "case %u", i);
	}
}

struct bad_case {
	char text[700];
	char err[160];
};

static struct bad_case bad_cases[] = {
	{ "cpus 8\n", "m:1: no '| SOURCE' (every figure needs one)" },
	{ "cpus 8 |  \n", "m:1: empty source after '|'" },
	{ "cpus 8 | a\nfast yes | a\n", "m:2: unknown key 'fast'" },
	{ "cpus 8 | a\ncpus 8 | a\n", "m:2: cpus given twice" },
	{ "cpus eight | a\n", "m:1: cpus: 'eight' is not a number" },
	{ "cpus 8 9 | a\n", "m:1: cpus: expected one value, got 2" },
	{ "cpus 0 | a\n", "m:1: cpus: 0 out of range (above 0, at most 4096)" },
	{ "cpus 2.5 | a\n", "m:1: cpus: 2.5: not a whole number from 1 to 4096" },
	{ "cpus n/a | a\n", "m:1: cpus: n/a is not allowed here" },
	{ "record_ns -3 | a\n", "m:1: record_ns: -3 out of range (above 0, at most 1e+06)" },
	{ "c2c_l3_ns 1e9 | a\n", "m:1: c2c_l3_ns: 1e9 out of range (above 0, at most 100000)" },
	{ "name | a\n", "m:1: name: no value" },
	{ " | a\n", "m:1: no key before '|'" },
	{ "cpus 8 | a\x01\n", "m:1: a control or non-ASCII byte" },
	{ HEAD TOPO C2C "record_ns 90 | a\n", "m: no consumer_ns" },
	{ HEAD "cores_per_l3 3 | a\ncores_per_die 3 | a\n" C2C WORK,
	  "m: cores_per_l3 3 must divide cores_per_die 3, which must divide the 2 cores of a "
	  "socket" },
	{ "name x | a\ncpus 9 | a\nsockets 2 | a\nsmt 2 | a\n" TOPO C2C WORK,
	  "m: cpus 9 is not a multiple of smt x sockets (4)" },
	{ HEAD TOPO "c2c_smt_ns n/a | a\nc2c_l3_ns 20 | a\nc2c_die_ns n/a | a\n"
	  "c2c_socket_ns n/a | a\nc2c_remote_ns 100 | a\n" WORK,
	  "m: c2c_smt_ns is n/a, but the topology has that distance" },
	{ HEAD TOPO "c2c_smt_ns 5 | a\nc2c_l3_ns 20 | a\nc2c_die_ns 30 | a\n"
	  "c2c_socket_ns n/a | a\nc2c_remote_ns 100 | a\n" WORK,
	  "m: c2c_die_ns given, but the topology never has that distance (write n/a)" },
	{ "curve A era=5.8 consumer=yes first_cpu=1 1:10 2:5 | s\n", "m:1: curve before cpus" },
	{ GOOD "curve A era=5.9 consumer=yes first_cpu=1 1:10 2:5 | s\n",
	  "m:15: curve A: era 5.8, 6.10 or 6.19, not '5.9'" },
	{ GOOD "curve A era=6.19 consumer=no first_cpu=0 mode=sometimes 1:10 2:5 | s\n",
	  "m:15: curve A: mode=overwrite or mode=normal" },
	{ GOOD "curve A era=6.10 consumer=no first_cpu=0 mode=overwrite 1:10 2:5 | s\n",
	  "m:15: curve A: mode=overwrite needs era=6.19 (BPF_F_RB_OVERWRITE)" },
	{ GOOD "curve A era=5.8 consumer=maybe first_cpu=1 1:10 2:5 | s\n",
	  "m:15: curve A: consumer=yes or consumer=no" },
	{ GOOD "curve A era=5.8 first_cpu=1 1:10 2:5 | s\n",
	  "m:15: curve A: needs era=, consumer= and first_cpu=" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=8 1:10 2:5 | s\n",
	  "m:15: curve A: first_cpu '8' is not a CPU of the machine" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=1 2:10 3:5 | s\n",
	  "m:15: curve A: needs the 1-producer point and at least one more" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=1 1:10 | s\n",
	  "m:15: curve A: needs the 1-producer point and at least one more" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=1 1:10 3:5 2:4 | s\n",
	  "m:15: curve A: producers 2 after 3 (ascending, once each)" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=1 1:10 2:x | s\n",
	  "m:15: curve A: point 2:x: 'x' is not a number" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=1 1:10 2:5 junk | s\n",
	  "m:15: curve A: 'junk' is neither KEY=VALUE nor P:MPS" },
	{ GOOD "curve A/B era=5.8 consumer=yes first_cpu=1 1:10 2:5 | s\n",
	  "m:15: curve ID 'A/B': letters, digits, - and _ only" },
	{ GOOD "curve A era=5.8 consumer=yes first_cpu=1 1:10 2:5 | s\n"
	  "curve A era=5.8 consumer=yes first_cpu=1 1:10 2:5 | s\n", "m:16: curve A given twice" },
};

ParameterizedTestParameters(machine, bad_files_one_line)
{
	return cr_make_param_array(struct bad_case, bad_cases,
				   sizeof(bad_cases) / sizeof(bad_cases[0]));
}

ParameterizedTest(struct bad_case *c, machine, bad_files_one_line)
{
	char err[512] = "";

	cr_assert_eq(rbsim_machine_parse("m", c->text, &mach, err, sizeof(err)), -1,
		     "accepted: %s", c->text);
	cr_expect_str_eq(err, c->err);
	cr_expect_null(strchr(err, '\n'), "one line");
}

Test(machine, missing_and_binary_files)
{
	char err[512], dir[256], path[300];
	FILE *f;

	cr_expect_eq(rbsim_machine_load("sim/machines/none.machine", &mach, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "sim/machines/none.machine: No such file or directory");
	cr_expect_eq(rbsim_machine_load("sim/machines", &mach, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "sim/machines: cannot read it");
	tmp_dir(dir, sizeof(dir), "machine");
	snprintf(path, sizeof(path), "%s/nul.machine", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fwrite("cpus 8 | a\n\0", 1, 13, f);
	fclose(f);
	cr_expect_eq(rbsim_machine_load(path, &mach, err, sizeof(err)), -1);
	cr_expect(strstr(err, ": a NUL byte: not a text file"), "%s", err);
}

/* the Linux numbering the files assume: siblings cpus/smt apart, sockets in blocks */
Test(machine, distances)
{
	char err[512];

	cr_assert_eq(rbsim_machine_load("sim/machines/xeon-e5-2680v4.machine", &mach, err,
					sizeof(err)), 0, "%s", err);
	cr_expect_eq(rbsim_machine_dist(&mach, 0, 28), RBSIM_DIST_SMT);
	cr_expect_eq(rbsim_machine_dist(&mach, 1, 13), RBSIM_DIST_L3);
	cr_expect_eq(rbsim_machine_dist(&mach, 13, 14), RBSIM_DIST_REMOTE);
	cr_expect_eq(rbsim_machine_dist(&mach, 0, 42), RBSIM_DIST_REMOTE, "42: sibling of 14");
	cr_assert_eq(rbsim_machine_load("sim/machines/kunpeng-920.machine", &mach, err,
					sizeof(err)), 0, "%s", err);
	cr_expect_eq(rbsim_machine_dist(&mach, 1, 3), RBSIM_DIST_L3, "one cluster");
	cr_expect_eq(rbsim_machine_dist(&mach, 3, 4), RBSIM_DIST_DIE, "next cluster");
	cr_expect_eq(rbsim_machine_dist(&mach, 31, 32), RBSIM_DIST_SOCKET, "next die");
	cr_expect_eq(rbsim_machine_dist(&mach, 63, 64), RBSIM_DIST_REMOTE, "next socket");
	cr_assert_eq(rbsim_machine_load("sim/machines/ryzen-7950x.machine", &mach, err,
					sizeof(err)), 0, "%s", err);
	cr_expect_eq(rbsim_machine_dist(&mach, 7, 8), RBSIM_DIST_SOCKET, "the other CCD");
	cr_expect_eq(rbsim_machine_dist(&mach, 8, 24), RBSIM_DIST_SMT);
}
