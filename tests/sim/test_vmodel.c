// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual-time engine's many-CPU model (sim/vtime_cpus.c, `rbsim model
 * --engine vtime`) on a toy machine whose answers are known exactly: the
 * reservation handed between producers at a known distance, each hand-off
 * charged rbsim_model_chain()'s transfers at that distance; the queue's
 * next waiter; agreement with the closed form where it is exact (one
 * producer, two saturated, the consumer's bound); every variant's records
 * verified; the same seed giving the same figures.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>

#include "sim/machine.h"
#include "sim/model.h"
#include "tests/helpers/timeout.h"

/* 2 sockets x 2 cores, no SMT: CPUs 0-1 socket 0 (40 ns apart), 2-3 socket 1; 120 ns across */
static const char toy[] =
	"name toy | t\ncpus 4 | t\nsockets 2 | t\nsmt 1 | t\ncores_per_l3 2 | t\n"
	"cores_per_die 2 | t\nc2c_smt_ns n/a | t\nc2c_l3_ns 40 | t\nc2c_die_ns n/a | t\n"
	"c2c_socket_ns n/a | t\nc2c_remote_ns 120 | t\nrecord_ns 10 | t\n"
	"consumer_ns 5 | t\nbatch_ns 0 | t\n";

static struct rbsim_machine m;
static struct rbsim_model_cfg cfg;
static const struct rbsim_model_how vt = { .engine = RBSIM_MODEL_VTIME, .seed = 1 };
static const struct rbsim_model_how cf = { .engine = RBSIM_MODEL_CLOSED };

static void setup(void)
{
	char err[256];

	cr_assert_eq(rbsim_machine_parse("toy", toy, &m, err, sizeof(err)), 0, "%s", err);
	memset(&cfg, 0, sizeof(cfg));
	/* 10 ns of own work a record, no trigger: a reservation chain of 120 ns saturates */
	cfg.record_ns = 10;
	cfg.batch = 50;
	cfg.first_cpu = 0; /* no consumer: producers from CPU 0 */
}

TestSuite(vmodel, .init = setup, .timeout = RBSIM_TEST_TIMEOUT(60));

static void point(unsigned int producers, const struct rbsim_model_how *how,
		  struct rbsim_model_point *pt)
{
	char err[256];
	int ret = rbsim_model_eval(&m, &cfg, producers, how, pt, err, sizeof(err));

	/* the vtime engine refuses to answer when a record is lost, duplicated or torn */
	cr_assert_eq(ret, 0, "%u producers: %s", producers, err);
}

static void expect_mps(const struct rbsim_model_point *pt, double mps, double tol)
{
	cr_expect(fabs(pt->mps - mps) <= tol * mps, "%u producers: %.6f M/s, expected %.6f",
		  pt->producers, pt->mps, mps);
}

/* one producer keeps every line: its own work sets the rate, exactly as the closed form says */
Test(vmodel, one_producer_runs_at_its_own_pace)
{
	struct rbsim_model_point pt, c;

	point(1, &vt, &pt);
	point(1, &cf, &c);
	expect_mps(&pt, 100, 1e-9);
	expect_mps(&c, 100, 1e-9);
	cr_expect_eq(pt.transfers, 0);
	cr_expect_eq(pt.wait_ns, 0);
}

/*
 * Two producers on CPUs 0 and 1 (one L3): the reservation goes back and
 * forth, each hand-off 3 transfers at 40 ns; own work (10 ns) is shorter
 * than the other's hold, so the chain sets the rate: 1 / 120 ns, and each
 * waits the other's hold less its own work
 */
Test(vmodel, two_producers_alternate_at_their_distance)
{
	struct rbsim_model_point pt, c;

	point(2, &vt, &pt);
	expect_mps(&pt, 1000.0 / 120, 1e-9);
	cr_expect_float_eq(pt.transfers, 3, 1e-12);
	cr_expect_float_eq(pt.c2c_ns, 40, 1e-9);
	cr_expect_float_eq(pt.serial_ns, 120, 1e-9);
	cr_expect_float_eq(pt.wait_ns, 110, 1e-9);
	cr_expect(pt.saturated);
	/* where the closed form is exact, they agree */
	point(2, &cf, &c);
	expect_mps(&c, pt.mps, 1e-9);
}

/* on CPUs 1 and 2 (two sockets) the same hand-off crosses them: 3 x c2c_remote_ns */
Test(vmodel, a_remote_hand_off_costs_the_remote_latency)
{
	struct rbsim_model_point pt;

	cfg.first_cpu = 1;
	point(2, &vt, &pt);
	expect_mps(&pt, 1000.0 / 360, 1e-9);
	cr_expect_float_eq(pt.c2c_ns, 120, 1e-9);
}

/*
 * Three producers on CPUs 0, 1, 2, saturated: served in arrival order, a
 * fixed cycle; each hand-off from P to X while W waits next costs 4
 * transfers from P's CPU and 1 (W's xchg_tail) from W's: round the cycle
 * 0 -> 1 -> 2 -> 0 that is (4x40 + 120) + (4x120 + 120) + (4x120 + 40) =
 * 1400 ns for 3 records (either direction of the cycle). The closed form
 * charges the mean distance, 93.3 ns, for 5 transfers: 466.7 ns too, by
 * the symmetry of three CPUs.
 */
Test(vmodel, three_producers_pay_the_distance_of_each_hand_off)
{
	struct rbsim_model_point pt;

	point(3, &vt, &pt);
	/* the window (200000 reservations) ends inside a cycle: within 1e-5 */
	expect_mps(&pt, 3000.0 / 1400, 1e-5);
	cr_expect_float_eq(pt.transfers, 5, 1e-12);
	cr_expect(fabs(pt.c2c_ns - 1400.0 / 15) < 1e-3, "%.6f ns a transfer", pt.c2c_ns);
	/* each waits for the other two's holds, less its own work */
	cr_expect(fabs(pt.wait_ns - (1400.0 - 1400.0 / 3 - 10)) < 1e-2, "wait %.6f ns",
		  pt.wait_ns);
}

/*
 * Four producers, two a socket: the queue's order is the order they first
 * arrived in (the seed's), and the cycle's hand-offs cross the sockets 2
 * or 4 times in 4: the rate is one of the two, never the closed form's
 * mean (every pair alike)
 */
Test(vmodel, the_queue_order_sets_the_distances)
{
	struct rbsim_model_point pt, c;
	/* cycle 0 1 2 3: each X after P with W next: 4 c2c(P, X) + c2c(W, X) */
	double two = (4 * 40 + 120) + (4 * 120 + 40) + (4 * 40 + 120) + (4 * 120 + 40);
	double four = 4 * (4 * 120 + 120);

	point(4, &vt, &pt);
	cr_expect(fabs(pt.mps - 4000 / two) < 1e-6 || fabs(pt.mps - 4000 / four) < 1e-6 ||
		  fabs(pt.mps - 4000 / ((4 * 120 + 40) * 2 + (4 * 120 + 120) * 2)) < 1e-6,
		  "%.6f M/s: not a cycle of the queue", pt.mps);
	point(4, &cf, &c);
	cr_expect(fabs(pt.mps - c.mps) > 1e-3, "the simulation charges distances, not their mean");
}

/* the same seed gives the same figures; the start differs with another */
Test(vmodel, deterministic)
{
	struct rbsim_model_point a, b;

	m.batch_ns = 200; /* a trigger a batch: the start phase matters */
	point(4, &vt, &a);
	point(4, &vt, &b);
	cr_expect_eq(memcmp(&a, &b, sizeof(a)), 0, "same seed, same point");
}

/*
 * the consumer's bound: many rings, each producer alone, the consumer sets
 * the rate. Its 200 ns a record and a quarter of a header line from CPUs
 * 1-3 (40, 120, 120 ns from CPU 0) outlast a producer's 10 ns and its
 * stall on consumer_pos (40 or 120 ns at each of the consumer's stores, one
 * a record): the rings stay full, and the simulation's consumer walks a
 * whole ring (1024 records of 16 bytes) from each load of producer_pos,
 * which stalls it at the mean distance, 280 / 3 ns
 */
Test(vmodel, percpu_meets_the_consumers_bound)
{
	struct rbsim_model_point pt, c;
	char why[64];

	cr_assert_eq(rbsim_reserve_parse("percpu", &cfg.reserve, why, sizeof(why)), 0);
	cfg.consumer = true;
	cfg.first_cpu = 1;
	m.consumer_ns = 200;
	point(3, &vt, &pt);
	point(3, &cf, &c);
	cr_expect_gt(pt.pp_stalls, 0);
	cr_expect_lt(pt.pp_stalls, 2.0 / 1024, "a load a ring's walk: %g a record", pt.pp_stalls);
	expect_mps(&pt, 1e3 / (200 + 280.0 / 12 + pt.pp_stalls * 280.0 / 3), 1e-4);
	expect_mps(&c, 1e3 / (200 + 280.0 / 12), 1e-9);
	cr_expect(pt.consumer_bound);
	cr_expect_gt(pt.drops_mps, 20, "drops %g", pt.drops_mps);
}

/*
 * libbpf's consumer of several rings stores consumer_pos after each record,
 * and the space of each comes back at once, not at the end of its walk:
 * percpu, producers on CPUs 1 and 2 (40 and 120 ns from the consumer's CPU
 * 0), 10 ns an attempt, the consumer 500 ns a record and a quarter of a
 * header line at the mean distance (20 ns). The rings stay full; the
 * consumer stays on the ring it took first, whose producer refills it as it
 * goes (libbpf's loop while producer_pos moves, ringbuf_process_ring()),
 * and that producer, refused in between, stalls once on each store: one
 * stall a record consumed (a walk's end would give one a ring's 1024
 * records). Its loads of producer_pos stall at the mean distance, 80 ns.
 */
Test(vmodel, libbpf_on_several_rings_stores_each_record)
{
	struct rbsim_model_point pt;
	char why[64];
	double attempts;

	cr_assert_eq(rbsim_reserve_parse("percpu", &cfg.reserve, why, sizeof(why)), 0);
	cfg.consumer = true;
	cfg.first_cpu = 1;
	m.consumer_ns = 500;
	point(2, &vt, &pt);
	attempts = pt.mps + pt.drops_mps;
	cr_expect(fabs(pt.pc_stalls * attempts / pt.mps - 1) < 1e-3,
		  "stalls a record consumed: %g", pt.pc_stalls * attempts / pt.mps);
	cr_expect_lt(pt.pp_stalls, 2.0 / 1024, "a load a walk of the full ring: %g",
		     pt.pp_stalls);
	expect_mps(&pt, 1e3 / (500 + 20 + pt.pp_stalls * 80), 1e-4);
}

Test(vmodel, one_producer_stalls_on_each_consumer_store)
{
	struct rbsim_model_point pt, c;

	cfg.consumer = true;
	cfg.first_cpu = 1;
	point(1, &vt, &pt);
	point(1, &cf, &c);
	expect_mps(&pt, 7e3 / 310, 1e-5);
	expect_mps(&c, 20, 1e-9);
	cr_expect(fabs(pt.pc_stalls - 6.0 / 7) < 1e-4, "6 stalls in 7 reservations: %g",
		  pt.pc_stalls);
	/* the consumer's share of the cycle: 7 x 15 + 5 passes x 40 = 305 ns */
	cr_expect(fabs(pt.pp_stalls - 5.0 / 7) < 1e-4, "5 passes in 7 records: %g",
		  pt.pp_stalls);
	cr_expect_eq(c.pp_stalls, 0, "the closed form has no passes");
}

/*
 * the machine's follow_ns (100 ns here) in place of the transfer: paid at
 * each reservation that finds the consumer awake on the ring and no more
 * than a batch (50 records) behind its newest record, stores or not. A
 * consumer of 500 ns a record is never asleep and stores once a record, but
 * its producer, refused at the full ring and trying many times between,
 * finds it a ring behind: no attempt stalls (10 ns each), where the
 * transfer (no follow_ns) was paid once a store. Its consumer_ns, from
 * rbsim model --probe as follow_ns is, holds the header lines: 500 ns a
 * record. The closed form pays follow_ns every record, 10 + 100 ns, up to
 * the consumer's bound
 */
Test(vmodel, follow_ns_is_paid_only_near_the_producer)
{
	struct rbsim_model_point pt, c, t;

	cfg.consumer = true;
	cfg.first_cpu = 1;
	m.consumer_ns = 500;
	point(1, &vt, &t);
	m.follow_ns = 100;
	point(1, &vt, &pt);
	point(1, &cf, &c);
	cr_expect_eq(pt.pc_stalls, 0, "%g", pt.pc_stalls);
	cr_expect(fabs(pt.mps + pt.drops_mps - 1e3 / 10) < 1e-3 * 1e3 / 10, "%g + %g attempts",
		  pt.mps, pt.drops_mps);
	expect_mps(&pt, 1e3 / (500 + pt.pp_stalls * 40), 1e-4);
	cr_expect_gt(t.pc_stalls, 0, "the transfer: a stall a store, %g", t.pc_stalls);
	cr_expect_lt(t.pc_stalls, 0.5, "%g", t.pc_stalls);
	expect_mps(&c, 1e3 / 500, 1e-9);
}

/* no store since its last load: no stall (no consumer at all here) */
Test(vmodel, no_consumer_no_stall)
{
	struct rbsim_model_point pt;

	point(1, &vt, &pt);
	expect_mps(&pt, 100, 1e-5);
	cr_expect_eq(pt.pc_stalls, 0);
}

/* every variant's records through the port verify (rbsim_model_eval() checks them) */
Test(vmodel, every_variant_verifies)
{
	static const char *const names[] = { "kernel", "cas", "shard:2", "percpu" };
	struct rbsim_model_point pt;
	char why[64];
	unsigned int i;

	cfg.consumer = true;
	cfg.first_cpu = 1;
	for (i = 0; i < 4; i++) {
		cr_assert_eq(rbsim_reserve_parse(names[i], &cfg.reserve, why, sizeof(why)), 0);
		point(3, &vt, &pt);
		cr_expect_gt(pt.mps, 0, "%s", names[i]);
	}
}

/* cas: each hand-off also pays one failed CAS per other contender, from its CPU */
Test(vmodel, cas_pays_each_contender)
{
	struct rbsim_model_point pt;
	char why[64];

	cr_assert_eq(rbsim_reserve_parse("cas", &cfg.reserve, why, sizeof(why)), 0);
	point(2, &vt, &pt);
	/* the publication's 2 overlapping the other's 1 failure, all at 40 ns: 2 */
	expect_mps(&pt, 1000.0 / 80, 1e-9);
	cr_expect_float_eq(pt.transfers, 2, 1e-12);
}

/* the toy machine with the consumer's loop measured: figures given as KEY VALUE lines */
static void loop_keys(const char *keys)
{
	char text[1024], err[256];

	snprintf(text, sizeof(text), "%s%s", toy, keys);
	cr_assert_eq(rbsim_machine_parse("toy", text, &m, err, sizeof(err)), 0, "%s", err);
	cfg.consumer = true;
	cfg.first_cpu = 1;
}

/*
 * A consumer woken at once (wake_ns n/a: batch_ns, 0 here) that sleeps as
 * soon as it caught up (poll_ns n/a): every commit finds it asleep and
 * notifies, and its producer pays notify_sleep_ns for each, not notify_ns:
 * 10 ns of its own, 40 for the consumer_pos line, then the notification
 */
Test(vmodel, a_sleeping_consumer_costs_each_notification)
{
	static const double sleep_ns[] = { 100, 1000 };
	struct rbsim_model_point pt;

	for (unsigned int i = 0; i < 2; i++) {
		char keys[128];

		snprintf(keys, sizeof(keys), "notify_ns 7 | t\nnotify_sleep_ns %g | t\n",
			 sleep_ns[i]);
		loop_keys(keys);
		point(1, &vt, &pt);
		expect_mps(&pt, 1e3 / (50 + sleep_ns[i]), 1e-4);
		cr_expect(fabs(pt.notes - 1) < 1e-3, "a notification a record: %g", pt.notes);
		cr_expect(fabs(pt.woke - 1) < 1e-3, "each to a consumer asleep: %g", pt.woke);
	}
}

/*
 * A consumer that polls again after each round (poll_ns) finds the records
 * that came meanwhile and never sleeps while they keep coming within the
 * poll: the notifications it gets (when a round caught up) find it awake and
 * cost notify_ns, so a record costs its producer 10 ns, 40 for each
 * consumer_pos line stored since its last load, and 7 for each
 * notification. Without poll_ns the same consumer sleeps each time it
 * caught up, and each commit pays notify_sleep_ns (50 + 100 ns a record).
 */
Test(vmodel, a_polling_consumer_is_notified_awake)
{
	struct rbsim_model_point awake, asleep;

	loop_keys("notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\npoll_ns 200 | t\n");
	point(1, &vt, &awake);
	cr_expect_gt(awake.notes, 0, "its rounds catch up, and the next commit notifies it");
	cr_expect_eq(awake.woke, 0, "never asleep: %g", awake.woke);
	expect_mps(&awake, 1e3 / (10 + 40 * awake.pc_stalls + 7 * awake.notes), 1e-3);
	loop_keys("notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\n");
	point(1, &vt, &asleep);
	expect_mps(&asleep, 1e3 / 150, 1e-4);
	cr_expect(fabs(asleep.woke - 1) < 1e-3, "asleep at each: %g", asleep.woke);
}

/*
 * right behind it: a consumer that polls again after each round (poll_ns)
 * and keeps up with a producer of 10 + 100 ns a record is on the ring and
 * near it at almost every reservation, each paying follow_ns
 */
Test(vmodel, follow_ns_is_paid_right_behind_the_producer)
{
	struct rbsim_model_point pt;

	loop_keys("notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\npoll_ns 200 | t\n"
		  "follow_ns 100 | t\n");
	point(1, &vt, &pt);
	cr_expect_gt(pt.pc_stalls, 0.9, "%g", pt.pc_stalls);
	cr_expect_eq(pt.woke, 0, "never asleep: %g", pt.woke);
	expect_mps(&pt, 1e3 / (10 + 100 * pt.pc_stalls + 7 * pt.notes), 1e-3);
}

/*
 * The consumer's way to sleep, measured (announce_ns, wait_ns,
 * notify_wake_ns): after a round that caught up it announces its sleep
 * announce_ns later, unless records came, and is on its way into its futex
 * wait for wait_ns / 2. Announced at once (1 ns) into a wait of 2 us, it
 * is on its way when the next record comes (a record takes the producer
 * 10 ns and 40 for a consumer_pos line): that commit finds it caught up,
 * and its notification is a wake call, 900 ns, never a sleeper's wake-up
 * (the wait's compare sees the record: EAGAIN, and a round). Each record
 * then costs its producer 10 ns, 40 a line stored since, 7 a notification
 * to the consumer awake and 900 a call. Announcing after 60 ns, longer
 * than the records are apart, it is never on its way when one comes:
 * notified awake only, at 7 ns, as the consumer that polls again.
 */
Test(vmodel, a_consumer_on_its_way_to_sleep_costs_a_wake_call)
{
	static const char loop[] = "notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\n"
				   "poll_ns 200 | t\n";
	struct rbsim_model_point pt, late;
	char keys[512];

	snprintf(keys, sizeof(keys), "%sannounce_ns 1 | t\nwait_ns 2000 | t\n"
		 "notify_wake_ns 900 | t\n", loop);
	loop_keys(keys);
	point(1, &vt, &pt);
	cr_expect_gt(pt.woke, 0, "wake calls: %g a record", pt.woke);
	cr_expect_leq(pt.woke, pt.notes, "each a notification");
	expect_mps(&pt, 1e3 / (10 + 40 * pt.pc_stalls + 7 * (pt.notes - pt.woke) + 900 * pt.woke),
		   1e-3);
	snprintf(keys, sizeof(keys), "%sannounce_ns 60 | t\nwait_ns 2000 | t\n"
		 "notify_wake_ns 900 | t\n", loop);
	loop_keys(keys);
	point(1, &vt, &late);
	cr_expect_gt(late.notes, 0, "its rounds catch up, and the next commit notifies it");
	cr_expect_eq(late.woke, 0, "never on its way, never asleep: %g", late.woke);
	expect_mps(&late, 1e3 / (10 + 40 * late.pc_stalls + 7 * late.notes), 1e-3);
}

/*
 * Without a record by the wait's compare the consumer sleeps, and the next
 * notification is a sleeper's: announced at once, 2 ns on its way in, with
 * records 50 ns apart; the three figures only together (one left out: the
 * consumer polls again and sleeps as before)
 */
Test(vmodel, a_consumer_past_its_compare_sleeps)
{
	static const char loop[] = "notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\n"
				   "poll_ns 200 | t\n";
	struct rbsim_model_point pt, partial, polling;
	char keys[512];

	snprintf(keys, sizeof(keys), "%sannounce_ns 1 | t\nwait_ns 4 | t\n"
		 "notify_wake_ns 900 | t\n", loop);
	loop_keys(keys);
	point(1, &vt, &pt);
	cr_expect(fabs(pt.woke - pt.notes) < 1e-9, "every notification to a sleeper: %g of %g",
		  pt.woke, pt.notes);
	cr_expect_gt(pt.woke, 0, "asleep: %g a record", pt.woke);
	expect_mps(&pt, 1e3 / (10 + 40 * pt.pc_stalls + 100 * pt.woke), 1e-3);
	snprintf(keys, sizeof(keys), "%sannounce_ns 1 | t\nwait_ns 4 | t\n", loop);
	loop_keys(keys);
	point(1, &vt, &partial);
	loop_keys(loop);
	point(1, &vt, &polling);
	cr_expect_float_eq(partial.mps, polling.mps, 1e-12, "without notify_wake_ns: as before");
	cr_expect_float_eq(partial.woke, polling.woke, 1e-12);
}

/*
 * follow_ns is paid while the consumer is on the ring, not while it is in
 * its futex wait: neither on the way in (to the compare) nor, the compare
 * having found a record (EAGAIN), on the way back to its round, wait_ns / 2
 * each. With a wait of 2 us, announced at once, the consumer is in the
 * system call for 2 us of each cycle (a cycle: one notification, the one
 * to it on its way in, a wake call), and the records reserved meanwhile do
 * not stall: at most 1 - 2 us / the cycle of the reservations stall. Each
 * record costs its producer 10 ns, 30 for each reservation that stalled
 * and 900 for a wake call. (Before the way back was left out, 0.88 of the
 * reservations stalled here, against a bound of 0.37.)
 */
Test(vmodel, follow_ns_is_not_paid_while_the_consumer_waits)
{
	struct rbsim_model_point pt;
	double cycle_ns;

	loop_keys("notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\npoll_ns 200 | t\n"
		  "announce_ns 1 | t\nwait_ns 2000 | t\nnotify_wake_ns 900 | t\n"
		  "follow_ns 30 | t\n");
	point(1, &vt, &pt);
	cr_expect_gt(pt.pc_stalls, 0, "stalls while the consumer is on the ring: %g",
		     pt.pc_stalls);
	cr_expect_gt(pt.woke, 0, "wake calls: %g a record", pt.woke);
	cr_expect(fabs(pt.woke - pt.notes) < 1e-9, "each notification a wake call: %g of %g",
		  pt.woke, pt.notes);
	expect_mps(&pt, 1e3 / (10 + 30 * pt.pc_stalls + 900 * pt.woke), 1e-3);
	cycle_ns = 1e3 / pt.mps / pt.notes;
	cr_expect_leq(pt.pc_stalls, 1 - 2000 / cycle_ns,
		      "stalls a record %g: the consumer waits 2000 of each %.0f ns", pt.pc_stalls,
		      cycle_ns);
}

/*
 * A producer on the consumer's CPU stops while the consumer runs (woken, the
 * consumer preempts it and runs until it sleeps, as perf sched showed on
 * the 2-vCPU VM: the consumer left its CPU asleep, the producer preempted):
 * producers on the toy's CPUs from CPU 1, the consumer on CPU 0; a fourth
 * producer wraps onto CPU 0, beside the consumer. The records verify.
 */
Test(vmodel, a_producer_yields_to_the_consumer_on_its_cpu)
{
	struct rbsim_model_point alone, shared;
	char why[64];

	cr_assert_eq(rbsim_reserve_parse("percpu", &cfg.reserve, why, sizeof(why)), 0);
	loop_keys("notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\npoll_ns 200 | t\n");
	point(3, &vt, &alone);
	cr_expect_eq(alone.yields, 0, "3 producers on CPUs 1-3: none with the consumer");
	point(4, &vt, &shared);
	cr_expect_gt(shared.yields, 0, "the fourth, on CPU 0, is put off");
	cr_expect_gt(shared.mps, alone.mps * 0.99, "it adds what it makes while the consumer sleeps");
}

/*
 * --preempt user: the port on threads. The fourth producer, on the
 * consumer's CPU 0, commits in a step of its own that the consumer, woken,
 * preempts: its record held, its header BUSY, the consumer polls at it
 * until its turn of the CPU (slice_ns) is over, and the two take turns.
 * Each turn gives the producer a whole slice after the consumer ran one:
 * at most one turn in two slices. A consumer asleep has caught up, so a
 * record held at its head keeps its notification from coming: it is the
 * wake-up's latency (2 us here) in which the producer beside it reserves
 * before the consumer runs. The held records verify (point() asserts it).
 * With the kernel's preemption off (the default) none of it.
 */
Test(vmodel, a_held_record_keeps_the_consumer_polling_until_its_turn_ends)
{
	struct rbsim_model_point kern, user;
	const double slice = 100000;
	char keys[256];

	snprintf(keys, sizeof(keys), "notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 2000 | t\n"
		 "poll_ns 200 | t\nslice_ns %.0f | t\n", slice);
	loop_keys(keys);
	point(4, &vt, &kern);
	cr_expect_eq(kern.spins, 0, "preemption off: no record held");
	cr_expect_eq(kern.turns, 0, "preemption off: no turns");
	cfg.user = true;
	point(4, &vt, &user);
	cr_expect_gt(user.spins, 0, "the consumer polled at a held record");
	cr_expect_gt(user.turns, 0, "the producer beside it had turns");
	cr_expect_leq(user.turns, 1e9 / (2 * slice) * 1.04, "%.1f turns a second of %.0f ns",
		      user.turns, slice);
}

/*
 * --preempt user: a producer's turn ends at a tick that falls anywhere in
 * its records (drawn within a batch's time), not a fixed slice after it
 * began, where the consumer would come back to it at the same point of a
 * record every turn: holding one each time (polling through its own turn,
 * the ring left full), or never. The 2-vCPU guest's figures of
 * results/vm-2026-12-07-6 (cas, 2 producers, the second on the consumer's
 * CPU; its wake-ups not drawn): with a fixed slice, hand-offs of 67.0, 69.8
 * and 72.6 ns put the rate anywhere from 4.8 to 10.8 M records/s
 * (results/model-states-vm-2026-12-07); drawn, 7.8 to 8.5.
 */
Test(vmodel, a_turn_ends_anywhere_in_the_producers_records, .timeout = RBSIM_TEST_TIMEOUT(120))
{
	static const double handoff[] = { 67.0, 69.8, 72.6 };
	struct rbsim_model_point pt;
	double lo = 0, hi = 0;
	char why[64];

	for (unsigned int k = 0; k < 3; k++) {
		char text[1024], err[256];

		snprintf(text, sizeof(text),
			 "name vm2 | t\ncpus 2 | t\nsockets 1 | t\nsmt 1 | t\ncores_per_l3 2 | t\n"
			 "cores_per_die 2 | t\nc2c_smt_ns n/a | t\nc2c_l3_ns 27.44 | t\n"
			 "c2c_die_ns n/a | t\nc2c_socket_ns n/a | t\nc2c_remote_ns n/a | t\n"
			 "record_ns 12.72 | t\nconsumer_ns 5.61 | t\nbatch_ns 50 | t\n"
			 "handoff_ns 410 | t\nhandoff_cas_ns %.1f | t\nnotify_ns 29 | t\n"
			 "notify_sleep_ns 6079 | t\nwake_ns 14837 | t\npoll_ns 150 | t\n"
			 "slice_ns 3974562 | t\nfollow_ns 70.02 | t\nannounce_ns 140 | t\n"
			 "wait_ns 411 | t\nnotify_wake_ns 361 | t\n", handoff[k]);
		cr_assert_eq(rbsim_machine_parse("vm2", text, &m, err, sizeof(err)), 0, "%s", err);
		cr_assert_eq(rbsim_reserve_parse("cas", &cfg.reserve, why, sizeof(why)), 0);
		cfg.consumer = true;
		cfg.first_cpu = 1;
		cfg.record_ns = 12.72;
		cfg.user = true;
		point(2, &vt, &pt);
		cr_expect_gt(pt.turns, 0, "hand-off %.1f ns: the two took turns", handoff[k]);
		lo = k ? fmin(lo, pt.mps) : pt.mps;
		hi = fmax(hi, pt.mps);
	}
	cr_expect_leq(hi, lo * 1.35, "hand-offs 67.0 to 72.6 ns: %.3f to %.3f M/s", lo, hi);
}

/* --preempt user needs the scheduler's turn only where a producer shares the consumer's CPU */
Test(vmodel, user_threads_need_the_slice_only_beside_the_consumer)
{
	struct rbsim_model_point pt;
	char err[256];

	loop_keys("notify_ns 7 | t\nnotify_sleep_ns 100 | t\nwake_ns 20 | t\npoll_ns 200 | t\n");
	cfg.user = true;
	point(3, &vt, &pt);
	cr_expect_eq(pt.turns, 0, "3 producers on CPUs 1-3: no turns");
	cr_expect_eq(pt.spins, 0, "none of them holds a record across the consumer's run");
	cr_expect_eq(rbsim_model_eval(&m, &cfg, 4, &vt, &pt, err, sizeof(err)), -EINVAL);
	cr_expect_str_eq(err, "--preempt user: producer 3 shares the consumer's CPU 0, and toy "
			 "has no slice_ns (the scheduler's turn; rbsim model --probe measures it)");
}
