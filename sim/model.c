// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the many-CPU contention model (sim/model.h). The constants below
 * are counts of cache-line transfers read off the code, never fitted to a
 * table; sim/README.md "The many-CPU model" gives each its source.
 */
#include <math.h>
#include <string.h>

#include "sim/model.h"

/*
 * Transfers on the serial chain of one kernel reservation while another
 * producer waits (ringbuf/ringbuf.c __bpf_ringbuf_reserve(), the queued
 * lock of ringbuf/rqspinlock.h):
 *   1 the lock word, handed to the next waiter (qspinlock's head spins on it)
 *   1 the producer_pos/pending_pos line, written by the previous holder
 *   1 the record's header line (16-byte records: 4 to a 64-byte line), whose
 *     previous header the previous holder wrote
 */
#define KERNEL_CHAIN_2 3.0
/*
 * unless the machine file measured the hand-off (handoff_ns, rbsim model
 * --probe: the port's two producers on one ring, a record of the two at
 * once): then the measured hand-off over the transfer between the same CPUs
 * is the count. It need not be 3: the lines' fetches overlap in part where
 * the hardware fetches the lines of queued stores at once (1.4-2.4 with the
 * VM's vCPUs 197-233 ns apart), and the pending waiter's own trips on the
 * lock word and the commits add to them (3.0-3.5 with them 32-34 ns apart;
 * results/model-real-vm-2026-12-05-7)
 */
static double measured_chain(double ns, const struct rbsim_machine *m, double fixed)
{
	double c2c = m->c2c_ns[rbsim_machine_dist(m, 0, 1)];

	return ns > 0 && c2c > 0 ? ns / c2c : fixed;
}
/*
 * With a third producer two more land inside the critical section: the
 * next arrival's xchg_tail on the lock word (qspinlock queues by swapping
 * its tail into the lock word), which the holder's unlock must fetch back,
 * and an earlier holder's commit xchg on the shared header line, which the
 * holder's header write must fetch back
 */
#define KERNEL_CHAIN_MORE 2.0
/*
 * With a consumer and a waiter always queued (three producers or more), the
 * consumer's reads land between two writers of the same lines: its
 * smp_load_acquire() of producer_pos (A1) and of each header's len (A2)
 * take those lines to the consumer's CPU, and the next holder's writes must
 * fetch them back, at the consumer-producer distance
 */
#define CONSUMER_CHAIN 2.0
/*
 * The CAS reservation (ringbuf/reserve_cas.c) runs two stages, and a
 * reserver claims its space while its predecessor still publishes, so a
 * record costs the longer stage, not their sum:
 *   the claim: each success leaves every other contender with a stale
 *   reserve_pos, which it learns only by failing one CAS, each an exclusive
 *   fetch of the line: p - 1 failures a success at saturation (the retry
 *   after a failure finds the line there);
 *   the publication: the wait for producer_pos (C2), a line the predecessor
 *   stored (1), and the record's header line, whose previous header the
 *   predecessor wrote: the header store waits in the store buffer, but the
 *   store of producer_pos (R1) becomes visible only after it (stores leave
 *   in order), so the successor's C2 waits for it too (1)
 */
#define CAS_CHAIN_FIXED 2.0
/*
 * unless the machine file measured the CAS hand-off (handoff_cas_ns, rbsim
 * model --probe: the port's two producers reserving by CAS on one ring at
 * once): then the measured time a record over the transfer between the
 * same CPUs is the publication's count. With two producers the publication
 * is the longer stage (the claim fails once a success, one transfer), so
 * the probe measures it: 2.2 transfers with the vCPUs 219-227 ns apart, and
 * 3.2-3.4 in the real runs with them 28-36 ns apart, where the fixed 2 put
 * the model at 1.6 times the real rate (results/model-real-vm-2026-12-06).
 * Past two producers the claim's failures grow with them; the publication
 * stays.
 */
double rbsim_model_handoff(const struct rbsim_machine *m, enum rbsim_reserve_kind kind)
{
	if (kind == RBSIM_RESERVE_CAS)
		return measured_chain(m->handoff_cas_ns, m, CAS_CHAIN_FIXED);
	return measured_chain(m->handoff_ns, m, KERNEL_CHAIN_2);
}

/*
 * Between a producer and the consumer on another CPU, per record, the
 * loads that stall (a store waits in the store buffer: the consumer's
 * smp_store_release() of consumer_pos, the producer's WRITE_ONCE() of a
 * header and its R1 store of producer_pos are not charged):
 *   the producer's smp_load_acquire(consumer_pos) (A3, ringbuf/ringbuf.c
 *   __bpf_ringbuf_reserve(), before the lock; reserve_cas.c's loop), a line
 *   the consumer stored after its last record (R3, ringbuf/consumer.c
 *   ringbuf_process_ring()): one transfer each time the consumer stored
 *   since (the closed form: every record; the simulation counts the stores,
 *   fewer while the consumer stalls on producer_pos, PC_PASS); the commit's
 *   second load of it, A3 in bpf_ringbuf_commit(), finds the line there.
 * The commit's fully ordered xchg() on a header line the consumer loaded
 * since (3 records in 4 while it keeps up) waits for that line too, but its
 * fetch overlaps the load's: counted as a second transfer (1.75 a record)
 * the model put one producer at 0.55 to 0.74 of the real rate for the
 * shared rings on this VM (results/vm-2026-12-01-8), as the hand-off's
 * three lines measured 2.1 transfers, not 3 (handoff_ns)
 */
#define PC_PRODUCER 1.0
/*
 * the consumer's smp_load_acquire(hdr->len) (A2, ringbuf_process_ring())
 * of a header line the producer wrote: 16-byte records (8 bytes and the
 * header), 4 to a 64-byte line, the first load of a line fetching it
 */
#define PC_CONSUMER 0.25
/*
 * the consumer's smp_load_acquire(producer_pos) (A1, ringbuf_process_ring()),
 * once a pass: it walks the records up to the position it loaded, then
 * loads it again; a line the producers stored since (records came) is
 * fetched from the last writer. The simulation counts the passes; the
 * closed form has none (it has no passes: its consumer is a rate)
 */
#define PC_PASS 1.0

void rbsim_model_pc(const struct rbsim_machine *m, struct rbsim_pc *pc)
{
	pc->producer = PC_PRODUCER;
	/*
	 * a machine file with follow_ns comes from rbsim model --probe (none
	 * other measures it), whose consumer_ns reads records written on the
	 * other CPU (cost_sample(), sim/model_probe.c): their lines' transfers
	 * are in it already. The published tables' consumer_ns come from
	 * back-to-back runs on one CPU, and take them on top.
	 */
	pc->consumer = m->follow_ns > 0 ? 0 : PC_CONSUMER;
	pc->pass = PC_PASS;
}

/*
 * An overwrite-mode ring (6.19) that is full: the kernel reservation walks
 * overwrite_pos under the lock over the record its new one overwrites,
 * reading that record's header: with the model's records of one 16-byte
 * footprint, the slot after the new record's. Three times in four it is on
 * the line the previous holder wrote (the header link, charged already),
 * once in four on a line last written a lap before, which the holder
 * fetches inside the critical section and the next holder then takes from
 * it: a quarter of a transfer a record more on the chain. The port's CAS
 * reservation has no overwrite mode (ringbuf_map__set_reserve() refuses
 * one): cas is charged as in normal mode.
 */
#define OVERWRITE_CHAIN (16.0 / 64.0)

void rbsim_model_chain(enum rbsim_reserve_kind kind, unsigned int contenders, bool consumer,
		       bool overwrite, double handoff, struct rbsim_chain *ch)
{
	memset(ch, 0, sizeof(*ch));
	if (contenders < 2)
		return; /* one producer keeps every line in its cache */
	if (kind == RBSIM_RESERVE_CAS) {
		ch->prev = handoff;
		ch->other = 1;
		ch->overlap = true;
	} else {
		ch->prev = handoff + (overwrite ? OVERWRITE_CHAIN : 0);
		if (contenders >= 3) {
			/* KERNEL_CHAIN_MORE: the commit comes from the previous holder */
			ch->prev += KERNEL_CHAIN_MORE - 1;
			ch->next = 1;
		}
	}
	if (contenders >= 3 && consumer)
		ch->consumer = CONSUMER_CHAIN;
}

double rbsim_chain_transfers(const struct rbsim_chain *ch, unsigned int contenders)
{
	double other = ch->other * (contenders - 1);

	if (ch->overlap)
		return (ch->prev > other ? ch->prev : other) + ch->next;
	return ch->prev + ch->next + other;
}

unsigned int rbsim_model_cpu(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
			     unsigned int i)
{
	return (cfg->first_cpu + i) % m->cpus;
}

unsigned int rbsim_model_consumer_cpu(const struct rbsim_machine *m,
				      const struct rbsim_model_cfg *cfg)
{
	return (cfg->first_cpu + m->cpus - 1) % m->cpus;
}

double rbsim_model_c2c(const struct rbsim_machine *m, unsigned int a, unsigned int b)
{
	if (a == b)
		return 0; /* two threads on one CPU (past the CPU count): no transfer */
	return m->c2c_ns[rbsim_machine_dist(m, a, b)];
}

double rbsim_model_cycle(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg)
{
	/* record_ns is at the tables' batch 50: the trigger's cost spread over another batch */
	double cycle = cfg->record_ns + m->batch_ns * (1.0 / cfg->batch - 1.0 / 50);

	return cycle < 1 ? 1 : cycle;
}

/*
 * Mean transfer latency between successive owners of a line passed among
 * producers first .. first + n - 1 (indices): a queued lock and the
 * CAS word's retries serve requesters in arrival order, which has nothing to
 * do with where they sit, so every ordered pair of distinct producers counts
 * the same
 */
static double mean_c2c(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		       unsigned int first, unsigned int n)
{
	double sum = 0;
	unsigned int i, j;

	if (n < 2)
		return 0;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i != j)
				sum += rbsim_model_c2c(m, rbsim_model_cpu(m, cfg, first + i),
						       rbsim_model_cpu(m, cfg, first + j));
	return sum / ((double)n * (n - 1));
}

/* mean latency between the consumer's CPU and producers first .. first + n - 1 */
static double consumer_c2c(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
			   unsigned int first, unsigned int n)
{
	unsigned int ccpu = rbsim_model_consumer_cpu(m, cfg), i;
	double sum = 0;

	for (i = 0; i < n; i++)
		sum += rbsim_model_c2c(m, ccpu, rbsim_model_cpu(m, cfg, first + i));
	return sum / n;
}

/* the threads of the run on cpu: producers (all rings) and the consumer */
static unsigned int threads_on(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
			       unsigned int cpu)
{
	unsigned int i, k = 0;

	for (i = 0; i < cfg->producers; i++)
		k += rbsim_model_cpu(m, cfg, i) == cpu;
	if (cfg->consumer && rbsim_model_consumer_cpu(m, cfg) == cpu)
		k++;
	return k ? k : 1;
}

/*
 * producer i's stall a record on the consumer_pos line (0 on the consumer's
 * CPU, or none); where the machine measured what a consumer right behind
 * costs a record (follow_ns), that
 */
static double pc_stall(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
		       unsigned int i)
{
	double c2c;
	struct rbsim_pc pc;

	if (!cfg->consumer)
		return 0;
	rbsim_model_pc(m, &pc);
	c2c = rbsim_model_c2c(m, rbsim_model_cpu(m, cfg, i), rbsim_model_consumer_cpu(m, cfg));
	if (m->follow_ns > 0 && c2c > 0)
		return m->follow_ns;
	return pc.producer * c2c;
}

/* one ring with n producers (indices first ..): its rate bound and chain */
static double ring_rate(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg,
			unsigned int first, unsigned int n, double cycle,
			struct rbsim_model_point *pt)
{
	double tr, lat = mean_c2c(m, cfg, first, n), serial, rate, rho;
	struct rbsim_chain ch;
	unsigned int i;

	/* at saturation every producer of the ring contends; each link at the mean distance */
	rbsim_model_chain(cfg->reserve.kind, n, cfg->consumer, cfg->overwrite,
			  rbsim_model_handoff(m, cfg->reserve.kind), &ch);
	tr = rbsim_chain_transfers(&ch, n);
	serial = tr * lat;
	if (ch.consumer) {
		tr += ch.consumer;
		serial += ch.consumer * consumer_c2c(m, cfg, first, n);
		lat = serial / tr;
	}
	/*
	 * each producer: its own work, stretched by the threads it shares its
	 * CPU with (past the CPU count, as the bench wraps), plus its pass
	 * through the chain
	 */
	rate = 0;
	for (i = 0; i < n; i++)
		rate += 1 / (cycle * threads_on(m, cfg, rbsim_model_cpu(m, cfg, first + i)) +
			     pc_stall(m, cfg, first + i) + serial);
	if (serial > 0 && rate > 1 / serial)
		rate = 1 / serial;
	if (serial >= pt->serial_ns) {
		pt->serial_ns = serial;
		pt->transfers = tr;
		pt->c2c_ns = lat;
		pt->saturated = serial > 0 && rate >= 1 / serial * 0.999;
		/* a queued waiter waits for the others ahead of it (M/D/1 below saturation) */
		rho = serial * rate;
		pt->wait_ns = pt->saturated ? (n - 1) * serial :
			      rho < 1 ? rho / (2 * (1 - rho)) * serial : 0;
	}
	return rate;
}

void rbsim_model_point(const struct rbsim_machine *m, const struct rbsim_model_cfg *cfg_in,
		       unsigned int producers, struct rbsim_model_point *pt)
{
	struct rbsim_model_cfg run = *cfg_in, *cfg = &run;
	unsigned int per = producers, i, ccpu, sharing = 0;
	double cycle, rate = 0, cap;
	struct rbsim_pc pc;

	memset(pt, 0, sizeof(*pt));
	pt->producers = producers;
	run.producers = producers;
	cycle = rbsim_model_cycle(m, cfg);
	pt->cycle_ns = cycle;
	if (cfg->reserve.kind == RBSIM_RESERVE_SHARD)
		per = cfg->reserve.per;
	for (i = 0; i < producers; i += per)
		rate += ring_rate(m, cfg, i, producers - i < per ? producers - i : per, cycle, pt);
	if (cfg->consumer) {
		/* the consumer's CPU, shared with the producers that wrapped onto it */
		ccpu = rbsim_model_consumer_cpu(m, cfg);
		sharing = threads_on(m, cfg, ccpu);
		/* its work and the header lines it fetches from the producers' CPUs */
		rbsim_model_pc(m, &pc);
		cap = 1 / ((m->consumer_ns + pc.consumer * consumer_c2c(m, cfg, 0, producers)) *
			   sharing);
		if (rate > cap) {
			pt->drops_mps = (rate - cap) * 1e3;
			rate = cap;
			pt->consumer_bound = true;
		}
	}
	pt->mps = rate * 1e3;
}

void rbsim_model_cfg_curve(const struct rbsim_machine *m, struct rbsim_model_cfg *cfg,
			   const struct rbsim_curve *c)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->consumer = c->consumer;
	cfg->first_cpu = c->first_cpu;
	cfg->overwrite = c->overwrite;
	cfg->batch = 50;
	/* the point paid the consumer_pos transfer the model charges on top */
	cfg->record_ns = 1e3 / c->mps[0] - pc_stall(m, cfg, 0);
	if (cfg->record_ns < 1)
		cfg->record_ns = 1;
}

int rbsim_model_curve_cfg(const struct rbsim_machine *m, const struct rbsim_curve *c,
			  const struct rbsim_model_how *how, struct rbsim_model_cfg *cfg,
			  char *err, size_t len)
{
	struct rbsim_model_point one;
	double lo, hi, target = c->mps[0];
	unsigned int i;
	int ret;

	rbsim_model_cfg_curve(m, cfg, c);
	if (how->engine == RBSIM_MODEL_CLOSED || !cfg->consumer)
		return 0; /* the closed form charges one a record: exact already */
	/*
	 * the work lies between the point less a stall every record and the
	 * whole point (no stall); the rate falls as the work grows: bisect
	 * until the simulation's point is the table's to 1e-5
	 */
	lo = cfg->record_ns;
	hi = 1e3 / target;
	for (i = 0; i < 40; i++) {
		ret = rbsim_model_eval(m, cfg, 1, how, &one, err, len);
		if (ret)
			return ret;
		if (fabs(one.mps - target) <= 1e-5 * target)
			break;
		if (one.mps > target)
			lo = cfg->record_ns;
		else
			hi = cfg->record_ns;
		cfg->record_ns = (lo + hi) / 2;
	}
	return 0;
}

int rbsim_model_check(const struct rbsim_machine *m, const struct rbsim_curve *c,
		      const struct rbsim_model_how *how, struct rbsim_model_check *k, char *err,
		      size_t len)
{
	struct rbsim_model_cfg cfg;
	struct rbsim_model_point one, pt;
	double pub = 0, mod = 0;
	unsigned int i;
	int ret;

	memset(k, 0, sizeof(*k));
	ret = rbsim_model_curve_cfg(m, c, how, &cfg, err, len);
	if (!ret)
		ret = rbsim_model_eval(m, &cfg, 1, how, &one, err, len);
	for (i = 1; !ret && i < c->n; i++) {
		ret = rbsim_model_eval(m, &cfg, c->p[i], how, &pt, err, len);
		if (c->p[i] == 2) {
			k->pub_step = c->mps[i] / c->mps[0];
			k->model_step = pt.mps / one.mps;
		}
		if (c->p[i] >= 16 && c->p[i] <= 52) {
			pub += c->mps[i];
			mod += pt.mps;
			k->plateau_points++;
		}
	}
	if (ret)
		return ret;
	if (k->pub_step > 0)
		k->step_ok = (k->pub_step > 1) == (k->model_step > 1);
	if (k->plateau_points) {
		k->pub_plateau = pub / k->plateau_points / c->mps[0];
		k->model_plateau = mod / k->plateau_points / one.mps;
		k->plateau_err = k->model_plateau / k->pub_plateau - 1;
		k->plateau_ok = k->plateau_err <= RBSIM_MODEL_PLATEAU_TOL &&
				k->plateau_err >= -RBSIM_MODEL_PLATEAU_TOL;
	}
	return 0;
}
