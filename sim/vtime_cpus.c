// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the virtual-time engine's many-CPU model (struct rbsim_vtime_cpus
 * in sim/vtime.h; sim/vtime.md "Many CPUs"), the engine of `rbsim model`.
 *
 * Each producer sits on a virtual CPU of a described machine and runs
 * batches: the trigger (trigger_ns), then per record its own work (own_ns)
 * and the reservation, which passes through the port as a record does in
 * any virtual run. Two resources are handed in arrival order:
 *
 *   a ring's reservation (the lock, or the CAS word): free at free_at; a
 *     producer that asks while it is held or others wait joins the queue
 *     (qspinlock's MCS queue is first come, first served); its hold is the
 *     hand-off's chain: the transfers rbsim_model_chain() (sim/model.c)
 *     counts for the producers taking part, each at the latency between the
 *     CPUs it joins (the previous holder's, the next waiter's, each other
 *     contender's, the consumer's), never a mean;
 *   a CPU: producers that share one take turns a batch at a time (a batch
 *     ends at a system call's return, where the scheduler can switch; the
 *     reservation itself runs with preemption off). A producer keeps its CPU
 *     while it waits for the lock, as a spinning waiter does.
 *
 * Fractions of a ns are carried from one charge to the next, so that the
 * mean of the charges is the figure, not its rounding.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/machine.h"
#include "sim/model.h"
#include "sim/reserve.h"
#include "sim/workload.h"
#include "sim/vtime_int.h"

/* a resource handed in arrival order */
struct vt_res {
	__u64 free_at;             /* a lock: its hold ends */
	int holder;                /* a lock: the last holder; a CPU: its owner; -1: none */
	unsigned int *q, qh, qn, cap; /* waiting producers, in arrival order */
	double carry;              /* a lock: the holds' fractions of a ns */
	double held;               /* a lock: its holds in the window, ns */
	__u64 acq;                 /* a lock: its acquisitions in the window */
};

enum { VC_WANT_CPU, VC_WANT_LOCK, VC_COMMIT };

#define LAT_MAX 1024

struct vt_cpus_prod {
	unsigned int cpu, ring;
	int state;
	unsigned int left;         /* records left in the batch */
	__u64 asked;               /* when it asked for the lock */
	bool queued;
	bool yields;               /* on the consumer's CPU: it stops while the consumer runs */
	double carry;
	double pc_ns;              /* its stall on a consumer_pos the consumer stored since */
	/*
	 * pc_ns is the machine's follow_ns: paid at each reservation while
	 * the consumer is awake on its ring and within a batch of its newest
	 * record (cons_near()), stores or not
	 */
	bool follow;
	__u64 seen;                /* the consumer's stores of its ring's consumer_pos it saw */
	bool loaded;               /* this record's load of consumer_pos is done */
	/* --preempt user, VC_COMMIT: its record, reserved and not committed yet */
	void *rec;
	unsigned int rec_buf;
};

struct vt_cpus {
	struct rbsim_vtime_cpus *in;
	struct vt_res *locks, *cpus;
	struct vt_cpus_prod *p;
	double *lat;               /* c2c() by producer pair, up to LAT_MAX producers */
	double handoff;            /* rbsim_model_handoff() of the machine, the variant */
	unsigned int nrings, ncpus, nprod, batch;
	bool user;                 /* --preempt user: in->user */
	__u64 slice;               /* its scheduler's turn, ns */
	struct rbsim_rng turn_rng; /* --preempt user: where in its batch a producer's turn ends */
	bool window;
	__u64 seen;                /* reservations before the window */
	__u64 from;                /* the window opened */
	struct rbsim_vtime_cpus_out at; /* the counters when the window opened */
};

static void push(struct vt_res *r, unsigned int id)
{
	r->q[(r->qh + r->qn++) % r->cap] = id;
}

static unsigned int pop(struct vt_res *r)
{
	unsigned int id = r->q[r->qh];

	r->qh = (r->qh + 1) % r->cap;
	r->qn--;
	return id;
}

static inline unsigned int queued(const struct vt_res *r, unsigned int k)
{
	return r->q[(r->qh + k) % r->cap];
}

/* d ns with the fractions carried: whole ns now, the rest with the next charge */
static __u64 charge(double *carry, double d)
{
	double x = *carry + d;
	__u64 n = (__u64)x;

	*carry = x - (double)n;
	return n;
}

/* vp's next event at t; none past the run's end */
static void at(struct vt *vt, struct vt_prod *vp, __u64 t)
{
	vp->t = t >= vt->end_ns ? VT_NEVER : t;
}

/* a parked producer's turn comes at t (past the run's end it stays parked: the run is over) */
static void wake(struct vt *vt, unsigned int id, __u64 t)
{
	if (t < vt->end_ns)
		vt_heap_earlier(vt, &vt->prods[id], t);
}

/* the latency between producers a and b (b == nprod: the consumer) */
static double c2c(const struct vt_cpus *mc, unsigned int a, unsigned int b)
{
	if (mc->lat)
		return mc->lat[a * (mc->nprod + 1) + b];
	return rbsim_model_c2c(mc->in->m, mc->p[a].cpu,
			       b < mc->nprod ? mc->p[b].cpu : (unsigned int)mc->in->consumer_cpu);
}

/*
 * vp takes ring l at s: the hold is the chain of the hand-off from the last
 * holder, for the producers taking part now (it, the last holder if
 * another, those queued); the record runs through the port at s
 */
static void take(struct vt *vt, struct vt_prod *vp, struct vt_res *l, __u64 s)
{
	struct vt_cpus *mc = vt->mc;
	struct rbsim_vtime_cpus *in = mc->in;
	unsigned int id = vp->p.id, c, k;
	int prev = l->holder;
	bool handed = prev >= 0 && (unsigned int)prev != id;
	struct rbsim_chain ch;
	double h = 0, others = 0, tr;
	__u64 hold;

	c = 1 + handed + l->qn;
	rbsim_model_chain(in->reserve, c, in->consumer_cpu >= 0, in->overwrite, mc->handoff,
			  &ch);
	if (handed) {
		h += ch.prev * c2c(mc, id, (unsigned int)prev);
		others += c2c(mc, id, (unsigned int)prev);
	}
	if (l->qn)
		h += ch.next * c2c(mc, id, queued(l, 0));
	for (k = 0; ch.other && k < l->qn; k++)
		others += c2c(mc, id, queued(l, k));
	/* cas: the claim (the failures) and the publication overlap (sim/model.c) */
	if (ch.overlap)
		h = h > ch.other * others ? h : ch.other * others;
	else
		h += ch.other * others;
	if (ch.consumer)
		h += ch.consumer * c2c(mc, id, mc->nprod);
	tr = rbsim_chain_transfers(&ch, c) + ch.consumer;
	/*
	 * the window: after warm_records reservations, for window_records and
	 * until a twentieth as many were consumed
	 */
	vt->now = s;
	if (!mc->window && ++mc->seen == in->warm_records)
		vt_cpus_mark(vt, false);
	else if (mc->window && in->out.acquisitions >= in->window_records &&
		 vt->c->ctr.consumed - mc->at.consumed >= in->window_records / 20 &&
		 s - mc->from >= in->window_ns)
		vt_cpus_mark(vt, true);
	hold = charge(&l->carry, h);
	l->free_at = s + hold;
	l->holder = (int)id;
	if (mc->window) {
		in->out.acquisitions++;
		in->out.wait_ns += (double)(s - mc->p[id].asked);
		in->out.hold_ns += (double)hold;
		in->out.transfers += tr;
		in->out.c2c_ns += h;
		l->held += (double)hold;
		l->acq++;
	}
	vt_record(vt, vp);
	/* the next in the queue takes it when this hold ends */
	if (l->qn)
		wake(vt, queued(l, 0), l->free_at);
}

/* vp's reservation is done at t: its next record, or its batch ends and its CPU may pass on */
static void next(struct vt *vt, struct vt_prod *vp, __u64 t)
{
	struct vt_cpus *mc = vt->mc;
	struct vt_cpus_prod *x = &mc->p[vp->p.id];
	struct vt_res *cpu = &mc->cpus[x->cpu];

	if (--x->left) {
		x->asked = t + charge(&x->carry, mc->in->own_ns);
		at(vt, vp, x->asked);
		return;
	}
	x->state = VC_WANT_CPU;
	if (!cpu->qn) {
		at(vt, vp, t);
		return;
	}
	/* another thread's turn on this CPU: it has the CPU from t, this one waits */
	cpu->holder = (int)pop(cpu);
	wake(vt, (unsigned int)cpu->holder, t);
	push(cpu, vp->p.id);
	vp->t = VT_PARKED;
}

static inline struct rbsim_vtime_cpus_out *in_out(struct vt_cpus *mc)
{
	return &mc->in->out;
}

/*
 * the consumer's stores of ring b's consumer_pos so far: libbpf's one a
 * record (those done and not yet taken from the port included), the
 * passes' at each pass's end
 */
static __u64 cons_stores(const struct vt *vt, unsigned int b)
{
	return vt->fifo[b].done + (vt->multi ? 0 : vt->cons.done_untaken);
}

/*
 * the consumer near ring b's producers: no more than a batch behind its
 * newest record. follow_ns is what a consumer right behind costs (its
 * probe's consumer looks at producer_pos every 1.7 records); one further
 * behind walks to a producer_pos far ahead, looks at it once a walk, and
 * the model charges its producers nothing for it. The bound stands for the
 * walk's length, not the distance (results/follow-near-vm-2026-12-07: a
 * probe's consumer that kept looking cost its producer 50-55 ns a record
 * 8 to 1024 records behind; the real rows read alike with any bound from 8
 * to 4096 records, and a transfer at each consumer_pos store while not
 * near put the percpu row of 2 producers back at x0.66)
 */
static bool cons_near(const struct vt *vt, const struct vt_cpus *mc, unsigned int b)
{
	const struct vt_fifo *f = &vt->fifo[b];

	return f->tail - f->claim <= mc->batch;
}

/*
 * vp committed by t: its notifications, which the producer pays after its
 * commit, outside the lock (irq_work_queue() in the kernel; the ready
 * list, and the wake-up call, an eventfd write or a futex wake, for a
 * consumer asleep, in the port)
 */
static void notified(struct vt *vt, struct vt_prod *vp, __u64 t)
{
	struct vt_cpus *mc = vt->mc;
	struct vt_cpus_prod *x = &mc->p[vp->p.id];

	if (mc->window) {
		in_out(mc)->notes += vt->notes;
		in_out(mc)->woke += vt->woke + vt->calls;
	}
	next(vt, vp, t + (vt->notes ? charge(&x->carry, vt->woke * mc->in->notify_sleep_ns +
					     vt->calls * mc->in->notify_wake_ns +
					     (vt->notes - vt->woke - vt->calls) *
					     mc->in->notify_ns) : 0));
}

/* a batch's time: the trigger and its records' own work */
static double batch_ns(const struct vt_cpus *mc)
{
	return mc->in->trigger_ns + mc->batch * mc->in->own_ns;
}

void vt_cpus_step(struct vt *vt, struct vt_prod *vp)
{
	struct vt_cpus *mc = vt->mc;
	unsigned int id = vp->p.id;
	struct vt_cpus_prod *x = &mc->p[id];
	struct vt_res *r;
	__u64 t = vp->t;

	if (x->yields && !mc->user && vt_cons_on_cpu(vt)) {
		/*
		 * the consumer, woken on this CPU, runs until it sleeps (it
		 * preempts the producer, which resumes then): asked again at the
		 * consumer's next step, the records' and the lock's state as
		 * they are
		 */
		if (mc->window)
			in_out(mc)->yields++;
		at(vt, vp, vt->cons.t > t ? vt->cons.t : t + 1);
		return;
	}
	if (x->yields && mc->user && vt_cons_running(vt, t)) {
		/*
		 * --preempt user: the consumer, woken, preempts the producer
		 * wherever it is (a record held included) and keeps the CPU
		 * while it runs, a turn of the scheduler's slice at least; past
		 * it, still running (a held record keeps it polling), it waits a
		 * slice while this producer runs
		 */
		__u64 turn = vt->cons.cpu_from + mc->slice, next_t, end;

		if (t < turn) {
			if (mc->window)
				in_out(mc)->yields++;
			next_t = vt->cons.t > t ? vt->cons.t : t + 1;
			at(vt, vp, next_t < turn ? next_t : turn);
			return;
		}
		/*
		 * the turn ends at a tick, which falls anywhere in the
		 * producer's records: drawn within one batch's time, where a
		 * fixed slice would end each turn at the same point of a
		 * record (holding it every time, or never; results/
		 * model-states-vm-2026-12-07)
		 */
		end = t + mc->slice + (__u64)(batch_ns(mc) * rbsim_rng_unit(&mc->turn_rng));
		vt_cons_yield(vt, t, end);
		vt->cons.cpu_from = end;
		if (mc->window)
			in_out(mc)->turns++;
	}
	if (x->state == VC_COMMIT) {
		/* --preempt user: its held record's commit, then its notifications */
		vt->now = t;
		vt_rb_commit(vt, x->rec, x->rec_buf);
		x->rec = NULL;
		x->state = VC_WANT_LOCK;
		notified(vt, vp, t);
		return;
	}
	if (x->state == VC_WANT_CPU) {
		r = &mc->cpus[x->cpu];
		if (r->holder >= 0 && (unsigned int)r->holder != id) {
			push(r, id);
			vp->t = VT_PARKED;
			return;
		}
		/* its CPU: the batch's trigger, then the first record's own work */
		r->holder = (int)id;
		x->left = mc->batch;
		x->state = VC_WANT_LOCK;
		x->asked = t + charge(&x->carry, mc->in->trigger_ns + mc->in->own_ns);
		at(vt, vp, x->asked);
		return;
	}
	r = &mc->locks[x->ring];
	if (!x->queued && !x->loaded && x->pc_ns > 0) {
		/*
		 * its load of consumer_pos, before the lock (A3 in
		 * __bpf_ringbuf_reserve()): a line the consumer stored since
		 * stalls it for the transfer, then it asks for the lock. With
		 * follow_ns, every line the two share: whenever the consumer
		 * is awake on its ring (in a round, polling, or a pass of its
		 * ring) and near (cons_near()), which keeps taking them back,
		 * as the probe's does
		 */
		__u64 st = cons_stores(vt, x->ring);
		bool stall = x->follow ? vt_cons_follows(vt, x->ring) && cons_near(vt, mc, x->ring) :
				       st != x->seen;

		x->loaded = true;
		x->seen = st;
		if (stall) {
			if (mc->window)
				in_out(mc)->pc_stalls++;
			x->asked = t + charge(&x->carry, x->pc_ns);
			at(vt, vp, x->asked);
			return;
		}
	}
	x->loaded = false;
	if (x->queued) {
		/* its turn: it heads the queue, and the hold before it ended now */
		pop(r);
		x->queued = false;
	} else if (r->qn || r->free_at > t) {
		push(r, id);
		x->queued = true;
		vp->t = r->qn == 1 ? r->free_at : VT_PARKED;
		return;
	}
	/*
	 * --preempt user: a producer on the consumer's CPU commits when its
	 * hold ends, a step of its own the consumer may preempt (the record
	 * held, its header BUSY, meanwhile)
	 */
	vt->hold = mc->user && x->yields;
	vt->held_rec = NULL;
	take(vt, vp, r, t);
	vt->hold = false;
	if (vt->err)
		return;
	if (vt->held_rec) {
		x->rec = vt->held_rec;
		x->rec_buf = vt->held_buf;
		x->state = VC_COMMIT;
		at(vt, vp, r->free_at);
		return;
	}
	notified(vt, vp, r->free_at);
}

static int res_init(struct vt_res *r, unsigned int cap)
{
	r->holder = -1;
	r->cap = cap ? cap : 1;
	r->q = calloc(r->cap, sizeof(*r->q));
	return r->q ? 0 : -ENOMEM;
}

int vt_cpus_setup(struct vt *vt, char *err, size_t errlen)
{
	struct rbsim_vtime_cpus *in = vt->vo->cpus;
	struct vt_cpus *mc = calloc(1, sizeof(*mc));
	unsigned int i, *ncpu = NULL, *nring = NULL;

	vt->mc = mc;
	if (!mc)
		goto oom;
	mc->in = in;
	mc->handoff = rbsim_model_handoff(in->m, in->reserve);
	mc->user = in->user;
	mc->slice = in->slice_ns;
	memset(&in->out, 0, sizeof(in->out));
	mc->batch = vt->cfg->batch ? vt->cfg->batch : 1;
	mc->ncpus = in->m->cpus;
	vt->per = in->per ? in->per : vt->nprod;
	mc->nrings = (vt->nprod + vt->per - 1) / vt->per;
	if (vt->kind != VT_RINGBUF || vt->cfg->consumer != RBSIM_CONSUMER_LIBBPF ||
	    vt->cfg->b2b || rbsim_paced(vt->cfg) || vt->cfg->records) {
		snprintf(err, errlen, "the many-CPU model runs the ring buffer's producers back "
			 "to back for a time, the libbpf consumer");
		return -EINVAL;
	}
	vt->nbuf = mc->nrings;
	mc->p = calloc(vt->nprod, sizeof(*mc->p));
	mc->locks = calloc(mc->nrings, sizeof(*mc->locks));
	mc->cpus = calloc(mc->ncpus, sizeof(*mc->cpus));
	ncpu = calloc(mc->ncpus, sizeof(*ncpu));
	nring = calloc(mc->nrings, sizeof(*nring));
	if (!mc->p || !mc->locks || !mc->cpus || !ncpu || !nring)
		goto oom;
	for (i = 0; i < vt->nprod; i++) {
		if (in->cpu[i] >= mc->ncpus) {
			snprintf(err, errlen, "producer %u on CPU %u of %u", i, in->cpu[i],
				 mc->ncpus);
			free(ncpu);
			free(nring);
			return -EINVAL;
		}
		mc->p[i].cpu = in->cpu[i];
		mc->p[i].ring = i / vt->per;
		ncpu[in->cpu[i]]++;
		nring[i / vt->per]++;
	}
	for (i = 0; i < mc->ncpus; i++)
		if (res_init(&mc->cpus[i], ncpu[i]))
			goto oom;
	mc->nprod = vt->nprod;
	if (vt->nprod <= LAT_MAX) {
		unsigned int j, n1 = vt->nprod + 1;

		mc->lat = calloc((size_t)n1 * n1, sizeof(*mc->lat));
		if (!mc->lat)
			goto oom;
		for (i = 0; i < vt->nprod; i++)
			for (j = 0; j < n1; j++)
				mc->lat[i * n1 + j] = j == vt->nprod && in->consumer_cpu < 0 ? 0 :
					rbsim_model_c2c(in->m, in->cpu[i], j < vt->nprod ? in->cpu[j] :
							(unsigned int)in->consumer_cpu);
	}
	for (i = 0; i < mc->nrings; i++)
		if (res_init(&mc->locks[i], nring[i]))
			goto oom;
	/*
	 * a producer on the consumer's CPU yields it while the consumer runs:
	 * woken, the consumer preempts it and runs until it sleeps again
	 */
	for (i = 0; i < vt->nprod; i++) {
		mc->p[i].yields = (int)mc->p[i].cpu == in->consumer_cpu;
		if (mc->p[i].yields && mc->user && !mc->slice) {
			snprintf(err, errlen, "--preempt user: producer %u shares the consumer's "
				 "CPU %u, and %s has no slice_ns (the scheduler's turn; rbsim "
				 "model --probe measures it)", i, mc->p[i].cpu, in->m->name);
			free(ncpu);
			free(nring);
			return -EINVAL;
		}
		mc->p[i].pc_ns = in->consumer_cpu < 0 ? 0 : in->pc_producer *
				 rbsim_model_c2c(in->m, in->cpu[i], (unsigned int)in->consumer_cpu);
		/* measured (follow_ns) for a producer off the consumer's CPU */
		if (in->follow_ns > 0 && in->consumer_cpu >= 0 &&
		    in->cpu[i] != (unsigned int)in->consumer_cpu) {
			mc->p[i].pc_ns = in->follow_ns;
			mc->p[i].follow = true;
		}
	}
	free(ncpu);
	free(nring);
	return 0;
oom:
	free(ncpu);
	free(nring);
	snprintf(err, errlen, "out of memory");
	return -ENOMEM;
}

void vt_cpus_start(struct vt *vt)
{
	struct vt_cpus *mc = vt->mc;
	struct rbsim_rng rng;
	unsigned int i;

	/* the threads start at different times, as real ones do: within one batch's time */
	rbsim_rng_seed(&rng, vt->cfg->seed, 0x6d637075);
	for (i = 0; i < vt->nprod; i++)
		vt->prods[i].free_ns = (__u64)(batch_ns(mc) * rbsim_rng_unit(&rng));
	/* a stream of its own ("turn"), so that drawing the turns moves no other draw */
	rbsim_rng_seed(&mc->turn_rng, vt->cfg->seed, 0x7475726e);
}

/* the counters that the window's figures are differences of */
static void counters(const struct vt *vt, struct rbsim_vtime_cpus_out *o)
{
	const struct vt_cons *k = &vt->cons;
	double rec = (double)k->rec_ns + k->rec_frac;
	unsigned int i;
	__u64 done;
	int d;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < vt->nprod; i++) {
		const struct rbsim_producer *p = &vt->prods[i].p;

		o->attempted += p->attempted;
		o->committed += p->ctr.committed;
		for (d = 0; d < RBSIM_DROP_NR; d++)
			o->dropped += p->ctr.drops[d];
	}
	o->consumed = vt->c->ctr.consumed;
	o->pp_stalls = k->pp_stalls;
	o->wakeups = k->wakeups;
	o->spins = k->spins;
	/*
	 * several rings: the consumer hands a ring's pass over at its end; the
	 * records of the pass in progress done by now count
	 */
	if (vt->multi && k->st == VC_BUSY && vt->now > k->pass_t && rec > 0) {
		done = (__u64)((double)(vt->now - k->pass_t) / rec);
		o->consumed += done < k->owed ? done : k->owed;
	}
}

void vt_cpus_mark(struct vt *vt, bool end)
{
	struct vt_cpus *mc = vt->mc;
	struct rbsim_vtime_cpus_out *o = &mc->in->out, now;
	unsigned int i;

	/* the records the libbpf consumer is done with count as consumed now */
	vt_cons_flush(vt);
	counters(vt, &now);
	if (!end) {
		mc->at = now;
		mc->window = true;
		mc->from = vt->now;
		return;
	}
	/* the run ends here: nothing after the window */
	mc->window = false;
	vt->end_ns = vt->now + 1;
	o->attempted = now.attempted - mc->at.attempted;
	o->committed = now.committed - mc->at.committed;
	o->consumed = now.consumed - mc->at.consumed;
	o->dropped = now.dropped - mc->at.dropped;
	o->pp_stalls = now.pp_stalls - mc->at.pp_stalls;
	o->wakeups = now.wakeups - mc->at.wakeups;
	o->spins = now.spins - mc->at.spins;
	o->window_ns = (double)(vt->now - mc->from);
	for (i = 0; i < mc->nrings; i++) {
		if (mc->locks[i].held >= o->busiest_hold) {
			o->busiest_hold = mc->locks[i].held;
			o->busiest_acq = (double)mc->locks[i].acq;
		}
	}
}

void vt_cpus_release(struct vt *vt, __u64 t)
{
	struct vt_cpus *mc = vt->mc;
	unsigned int i;

	/* the run is over: the records still held are committed, for the drain */
	for (i = 0; i < mc->nprod; i++) {
		if (mc->p[i].state != VC_COMMIT)
			continue;
		vt->now = t;
		vt_rb_commit(vt, mc->p[i].rec, mc->p[i].rec_buf);
		mc->p[i].rec = NULL;
		mc->p[i].state = VC_WANT_LOCK;
	}
}

void vt_cpus_free(struct vt *vt)
{
	struct vt_cpus *mc = vt->mc;
	unsigned int i;

	if (!mc)
		return;
	for (i = 0; mc->cpus && i < mc->ncpus; i++)
		free(mc->cpus[i].q);
	for (i = 0; mc->locks && i < mc->nrings; i++)
		free(mc->locks[i].q);
	free(mc->lat);
	free(mc->cpus);
	free(mc->locks);
	free(mc->p);
	free(mc);
	vt->mc = NULL;
}
