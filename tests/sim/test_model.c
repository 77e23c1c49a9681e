// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/model.c, the many-CPU contention model of `rbsim model`: its
 * arithmetic on a machine built in the test (transfer counts, mean
 * latencies, shared CPUs, the consumer's bound, the batch), and issue 14's
 * check against the published curves of sim/machines/: which tables it
 * reproduces (the 1 to 2 producer step in the published direction, the
 * plateau within 35%) and which it misses (sim/README.md says why).
 */
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>

#include "sim/machine.h"
#include "sim/model.h"

/* 2 sockets x 2 cores x 2 threads: CPUs 0-1 socket 0, 2-3 socket 1, 4-7 their siblings */
static const char toy[] =
	"name toy | t\ncpus 8 | t\nsockets 2 | t\nsmt 2 | t\ncores_per_l3 2 | t\n"
	"cores_per_die 2 | t\nc2c_smt_ns 10 | t\nc2c_l3_ns 40 | t\nc2c_die_ns n/a | t\n"
	"c2c_socket_ns n/a | t\nc2c_remote_ns 100 | t\nrecord_ns 100 | t\n"
	"consumer_ns 50 | t\nbatch_ns 500 | t\n";

static struct rbsim_machine m;
static struct rbsim_model_cfg cfg;
static struct rbsim_model_point pt;

static void setup(void)
{
	char err[256];

	cr_assert_eq(rbsim_machine_parse("toy", toy, &m, err, sizeof(err)), 0, "%s", err);
	memset(&cfg, 0, sizeof(cfg));
	cfg.record_ns = 100;
	cfg.batch = 50;
	cfg.first_cpu = 0; /* no consumer: producers from CPU 0 */
}

TestSuite(model, .init = setup);

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-9 * (1 + fabs(b));
}

Test(model, one_producer_runs_at_its_own_pace)
{
	rbsim_model_point(&m, &cfg, 1, &pt);
	cr_expect(near(pt.mps, 10), "1e3 / 100 ns: %g", pt.mps);
	cr_expect_eq(pt.transfers, 0);
	cr_expect_eq(pt.serial_ns, 0);
}

/* CPUs 0 and 1 share an L3: 3 transfers of 40 ns; 2 / (100 + 120) < 1 / 120 */
Test(model, two_producers_pay_three_transfers)
{
	rbsim_model_point(&m, &cfg, 2, &pt);
	cr_expect_eq(pt.transfers, 3);
	cr_expect(near(pt.c2c_ns, 40));
	cr_expect(near(pt.serial_ns, 120));
	cr_expect(near(pt.mps, 1e3 / 120), "the chain bounds it: %g", pt.mps);
	cr_expect(pt.saturated);
}

/*
 * an overwrite-mode ring (table E's): the kernel reservation's walk reads a
 * lap-old header line once in four records, a quarter of a transfer more
 * on the chain (3.25 at two producers, 5.25 from the third); cas, which has
 * no overwrite mode in the port, and one producer pay as before
 */
Test(model, overwrite_walk_adds_a_quarter_transfer)
{
	struct rbsim_chain ch;

	cfg.overwrite = true;
	rbsim_model_point(&m, &cfg, 2, &pt);
	cr_expect(near(pt.transfers, 3.25), "%g", pt.transfers);
	cr_expect(near(pt.mps, 1e3 / 130), "the chain bounds it: %g", pt.mps);
	rbsim_model_point(&m, &cfg, 3, &pt);
	cr_expect(near(pt.transfers, 5.25), "%g", pt.transfers);
	rbsim_model_point(&m, &cfg, 1, &pt);
	cr_expect_eq(pt.transfers, 0);
	rbsim_model_chain(RBSIM_RESERVE_KERNEL, 2, false, true, 3, &ch);
	cr_expect(near(ch.prev, 3.25) && ch.next == 0 && ch.other == 0);
	rbsim_model_chain(RBSIM_RESERVE_CAS, 2, false, true, 2, &ch);
	cr_expect(near(ch.prev, 2) && ch.other == 1, "cas as in normal mode: %g", ch.prev);
}

/*
 * CPUs 0-3: of the 12 ordered pairs, 4 within a socket (40 ns) and 8 across
 * (100 ns): mean 80 ns; 5 transfers from the third producer on
 */
Test(model, more_producers_pay_five_at_the_mean_distance)
{
	rbsim_model_point(&m, &cfg, 4, &pt);
	cr_expect_eq(pt.transfers, 5);
	cr_expect(near(pt.c2c_ns, 80), "%g", pt.c2c_ns);
	cr_expect(near(pt.mps, 1e3 / 400), "%g", pt.mps);
	cr_expect(near(pt.wait_ns, 3 * 400), "three holders ahead: %g", pt.wait_ns);
}

/*
 * a consumer on CPU 7 (sibling of 3) with producers on CPUs 0-2: from the
 * third producer on two more transfers, at the consumer-producer mean
 * ((100 + 100 + 40) / 3 = 80 ns) beside 5 at the producers' mean (3 pairs
 * of 40, 100, 100: 80 ns)
 */
Test(model, consumer_reads_join_the_chain)
{
	cfg.consumer = true;
	cfg.first_cpu = 0;
	rbsim_model_point(&m, &cfg, 2, &pt);
	cr_expect_eq(pt.transfers, 3, "not with two producers");
	rbsim_model_point(&m, &cfg, 3, &pt);
	cr_expect_eq(pt.transfers, 7);
	cr_expect(near(pt.serial_ns, 5 * 80 + 2 * 80), "%g", pt.serial_ns);
}

/*
 * cas: a failure a contender in the claim, overlapping the publication's 2
 * (producer_pos and the header line): the longer of the two
 */
Test(model, cas_pays_a_transfer_per_contender)
{
	cfg.reserve.kind = RBSIM_RESERVE_CAS;
	rbsim_model_point(&m, &cfg, 2, &pt);
	cr_expect_eq(pt.transfers, 2, "the publication's 2, not 2 + 1");
	rbsim_model_point(&m, &cfg, 3, &pt);
	cr_expect_eq(pt.transfers, 2);
	rbsim_model_point(&m, &cfg, 4, &pt);
	cr_expect_eq(pt.transfers, 3, "3 failures, the publication under them");
	rbsim_model_point(&m, &cfg, 8, &pt);
	cr_expect_eq(pt.transfers, 7);
}

/*
 * cas with the hand-off measured (handoff_cas_ns, CPUs 0 and 1 40 ns
 * apart): the publication takes the measured count, 132 / 40 = 3.3; the
 * claim's failures pass it from 5 producers; the kernel's chain unmoved
 */
Test(model, cas_publication_as_measured)
{
	m.handoff_cas_ns = 132;
	cfg.reserve.kind = RBSIM_RESERVE_CAS;
	rbsim_model_point(&m, &cfg, 2, &pt);
	cr_expect(near(pt.transfers, 3.3), "%g", pt.transfers);
	cr_expect(near(pt.serial_ns, 132), "%g", pt.serial_ns);
	/* 2 / (100 + 132) > 1 / 132: saturated, the chain's rate */
	cr_expect(near(pt.mps, 1e3 / 132), "%g", pt.mps);
	rbsim_model_point(&m, &cfg, 4, &pt);
	cr_expect(near(pt.transfers, 3.3), "3 failures under the publication: %g", pt.transfers);
	rbsim_model_point(&m, &cfg, 5, &pt);
	cr_expect_eq(pt.transfers, 4);
	cfg.reserve.kind = RBSIM_RESERVE_KERNEL;
	rbsim_model_point(&m, &cfg, 2, &pt);
	cr_expect_eq(pt.transfers, 3, "the lock's count, not the CAS hand-off's");
}

/* one ring a producer: no chain; each its own pace; a consumer bounds them all */
Test(model, percpu_scales_until_the_consumer)
{
	cfg.reserve.kind = RBSIM_RESERVE_SHARD;
	cfg.reserve.per = 1;
	rbsim_model_point(&m, &cfg, 4, &pt);
	cr_expect(near(pt.mps, 40), "4 x 10: %g", pt.mps);
	cr_expect_eq(pt.transfers, 0);
	cfg.consumer = true;
	cfg.first_cpu = 1;
	rbsim_model_point(&m, &cfg, 4, &pt);
	/*
	 * the consumer on CPU 0, producers on 1-4 (40, 100, 100 and 10 ns from it):
	 * 50 ns + a quarter of a header line's transfer at their mean, 62.5 ns
	 */
	cr_expect(near(pt.mps, 1e3 / 65.625), "1e3 / 65.625 ns: %g", pt.mps);
	/* each producer: 100 ns + its load of consumer_pos from CPU 0 */
	cr_expect(near(pt.drops_mps, 1e3 / 140 + 2 * 1e3 / 200 + 1e3 / 110 - 1e3 / 65.625),
		  "the rest refused: %g", pt.drops_mps);
	cr_expect(pt.consumer_bound);
}

/* the loads that stall between a producer and the consumer, counted from the code */
Test(model, producer_consumer_transfers)
{
	struct rbsim_pc pc;

	rbsim_model_pc(&m, &pc);
	cr_expect_eq(pc.producer, 1, "consumer_pos, once a consumer store");
	cr_expect_eq(pc.consumer, 0.25, "a header line of 4 16-byte records");
	/* a file of rbsim model --probe's (follow_ns): its consumer_ns has the lines */
	m.follow_ns = 80;
	rbsim_model_pc(&m, &pc);
	cr_expect_eq(pc.producer, 1);
	cr_expect_eq(pc.consumer, 0, "measured on records written on the other CPU");
}

/* one producer on CPU 1, the consumer on CPU 0 (40 ns): 100 + 40 ns a record */
Test(model, one_producer_pays_the_consumer_pos_line)
{
	cfg.consumer = true;
	cfg.first_cpu = 1;
	rbsim_model_point(&m, &cfg, 1, &pt);
	cr_expect(near(pt.mps, 1e3 / 140), "%g", pt.mps);
	cr_expect(!pt.consumer_bound, "the consumer: 50 + 40 / 4 ns a record");
	cr_expect_eq(pt.transfers, 0, "none on the reservation's chain");
}

/* a table's 1-producer point paid the transfer: the model's point is the table's */
Test(model, a_curve_lends_its_point_less_the_transfer)
{
	struct rbsim_curve c = { .consumer = true, .first_cpu = 1, .n = 1 };
	struct rbsim_model_cfg cc;

	c.p[0] = 1;
	c.mps[0] = 5;
	rbsim_model_cfg_curve(&m, &cc, &c);
	cr_expect(near(cc.record_ns, 200 - 40), "%g", cc.record_ns);
	rbsim_model_point(&m, &cc, 1, &pt);
	cr_expect(near(pt.mps, 5), "%g", pt.mps);
}

/* shard:K with K >= producers is the kernel's one ring */
Test(model, one_shard_is_the_kernel)
{
	struct rbsim_model_point one;

	rbsim_model_point(&m, &cfg, 4, &one);
	cfg.reserve.kind = RBSIM_RESERVE_SHARD;
	cfg.reserve.per = 4;
	rbsim_model_point(&m, &cfg, 4, &pt);
	cr_expect(near(pt.mps, one.mps));
	cr_expect(near(pt.serial_ns, one.serial_ns));
}

/* past the CPU count producers share CPUs: 16 on 8 CPUs, each at half its pace */
Test(model, wrapped_producers_share_their_cpus)
{
	cfg.reserve.kind = RBSIM_RESERVE_SHARD;
	cfg.reserve.per = 1;
	rbsim_model_point(&m, &cfg, 16, &pt);
	cr_expect(near(pt.mps, 16 * 1e3 / 200), "%g", pt.mps);
}

/* --batch spreads batch_ns over another count: batch 10 adds 500/10 - 500/50 = 40 ns */
Test(model, batch_moves_the_cycle)
{
	cfg.batch = 10;
	rbsim_model_point(&m, &cfg, 1, &pt);
	cr_expect(near(pt.cycle_ns, 140), "%g", pt.cycle_ns);
}

static void check(const char *file, const char *id, const struct rbsim_model_how *how,
		  bool step, bool plateau)
{
	struct rbsim_machine pm;
	struct rbsim_model_check k;
	char err[512];
	unsigned int i;

	cr_assert_eq(rbsim_machine_load(file, &pm, err, sizeof(err)), 0, "%s", err);
	for (i = 0; i < pm.ncurves && strcmp(pm.curve[i].id, id); i++)
		;
	cr_assert_lt(i, pm.ncurves, "%s: no curve %s", file, id);
	cr_assert_eq(rbsim_model_check(&pm, &pm.curve[i], how, &k, err, sizeof(err)), 0, "%s",
		     err);
	cr_expect_eq(k.plateau_points, 10, "%s: 10 points from 16 to 52", id);
	cr_expect_eq(k.step_ok, step, "%s: step published %.3f, model %.3f", id, k.pub_step,
		     k.model_step);
	cr_expect_eq(k.plateau_ok, plateau, "%s: plateau published %.3f, model %.3f (%+.0f%%)",
		     id, k.pub_plateau, k.model_plateau, 100 * k.plateau_err);
}

static const struct rbsim_model_how vtime = { .engine = RBSIM_MODEL_VTIME, .seed = 1 };
static const struct rbsim_model_how closed = { .engine = RBSIM_MODEL_CLOSED };

/*
 * Issue 14's check, curve by curve, for the default engine (virtual time)
 * and the closed form: every table reproduced but E on the Kunpeng (its
 * step up at 2 producers and its plateau: sim/README.md "Where it misses"
 * says which effect the model lacks)
 */
Test(model, published_tables, .timeout = 120)
{
	const struct rbsim_model_how *how[] = { &vtime, &closed };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		check("sim/machines/xeon-e5-2680v4.machine", "A", how[i], true, true);
		check("sim/machines/ryzen-7950x.machine", "B", how[i], true, true);
		check("sim/machines/sapphire-rapids.machine", "C-raw", how[i], true, true);
		check("sim/machines/sapphire-rapids.machine", "C-rq", how[i], true, true);
		check("sim/machines/epyc-9654.machine", "D", how[i], true, true);
		check("sim/machines/epyc-9654.machine", "E", how[i], true, true);
		check("sim/machines/kunpeng-920.machine", "D", how[i], true, true);
		check("sim/machines/kunpeng-920.machine", "E", how[i], false, false);
	}
}
