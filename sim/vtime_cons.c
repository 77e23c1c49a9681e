// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the virtual-time engine's consumer (states in sim/vtime_int.h).
 *
 * It is advanced lazily: before each producer event at T the scheduler runs
 * it to T (vt_cons_until()), so its steps and the producers' commits happen
 * in time order, a step at the same time as a commit first. A record it
 * takes at a decision point was committed before it: every commit in the
 * ring happened at an earlier event. Where it starts on a record (claims
 * it) the record's latency is taken; where it is done with records the port
 * consumes them: the batch consumer's walk and the perf buffer's read a pass
 * at a time (consumer_pos or data_tail stored once at its end), so the ring
 * frees its space exactly when the real consumer's store would.
 *
 * libbpf's consumer stores consumer_pos after each record. Asking the port
 * for the records done by each producer event (a few at a time) would cost
 * a consume_n() call per event; the records done are taken in one call when
 * anything could tell the difference instead (vt_cons_flush()): before a
 * reserve that might not fit otherwise, before a BPF_RB_AVAIL_DATA query
 * (sampled and bytes wake-ups), when the round ends (the adaptive commit
 * rule compares consumer_pos with the record's position only once the
 * consumer has caught up, and it has then), at each tick and at the end.
 * A commit while the consumer is still busy sees consumer_pos behind the
 * record either way, so it notifies or not as it would.
 *
 * Stalls (--stall D every --stall-every E): the windows [kE, kE + D), k >= 1,
 * in which the consumer does nothing: work that would run into one is
 * pushed past it, a wake-up inside one happens at its end. With --vplace
 * shared the first producer's busy stretches push it too (vt_cons_yield()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ringbuf/kernel_compat.h"
#include "sim/vtime_int.h"

/* t moved out of the stall window it falls in (the cursor moves on as time does) */
static inline __u64 out_of_window(struct vt *vt, __u64 t)
{
	struct vt_cons *k = &vt->cons;
	const struct rbsim_cfg *cfg = vt->cfg;

	if (k->stall_next == VT_NEVER)
		return t;
	while (k->stall_next + cfg->stall_ns <= t)
		k->stall_next += cfg->stall_every_ns;
	return t >= k->stall_next ? k->stall_next + cfg->stall_ns : t;
}

/* ... and out of the host's stop of its CPU (hoststop=), and of a stall after that */
static inline __u64 out_of_stall(struct vt *vt, __u64 t)
{
	const struct vt_cons *k = &vt->cons;

	t = out_of_window(vt, t);
	if (unlikely(t < k->hs_to) && t >= k->hs_from)
		t = out_of_window(vt, k->hs_to);
	return t;
}

/*
 * when work of d ns started at s is done: each stall window it runs into
 * adds D, the host's stop its length (the two not merged where they meet)
 */
static inline __u64 vt_finish(struct vt *vt, __u64 s, __u64 d)
{
	const struct rbsim_cfg *cfg = vt->cfg;
	const struct vt_cons *k = &vt->cons;
	__u64 f, w;

	if (likely(k->stall_next == VT_NEVER && k->hs_to <= s))
		return s + d;
	s = out_of_stall(vt, s);
	f = s + d;
	if (k->hs_from >= s && k->hs_from < f)
		f += k->hs_to - k->hs_from;
	if (k->stall_next == VT_NEVER)
		return f;
	for (w = k->stall_next; w < f; w += cfg->stall_every_ns)
		f += cfg->stall_ns;
	return f;
}

void vt_cons_init(struct vt *vt)
{
	struct vt_cons *k = &vt->cons;
	const struct rbsim_cfg *cfg = vt->cfg;

	k->rec_ns = cfg->vcosts.record_ns + cfg->consumer_work_ns;
	if (vt->mc) {
		/* the model's consumer: its figure (producers on its CPU yield to it) */
		const struct rbsim_vtime_cpus *in = vt->vo->cpus;
		double ns = in->consumer_cpu < 0 ? 0 : in->consumer_ns;

		k->rec_ns = (__u64)ns;
		k->rec_frac = ns - (double)k->rec_ns;
		k->pp_ns = in->consumer_cpu < 0 ? 0 : in->pp_ns;
	}
	k->t = VT_NEVER;
	k->st = cfg->poll == RBSIM_POLL_BUSY ? VC_IDLE : VC_SLEEP;
	if (vt->vo && vt->vo->fill_only)
		k->st = VC_DONE;
	k->stall_next = cfg->stall_ns ? cfg->stall_every_ns : VT_NEVER;
	k->drain_end = VT_NEVER;
	/* a stream of its own, so that drawing wake-ups moves no other draw */
	rbsim_rng_seed(&k->wake_rng, cfg->seed, 0x77616b65);
	/* haltpoll=: not polled at the start, as a vCPU after a long idle */
	k->haltpoll_w = 0;
}

static bool any_waiting(const struct vt *vt)
{
	unsigned int b;

	for (b = 0; b < vt->nbuf; b++)
		if (vt_fifo_waiting(&vt->fifo[b]))
			return true;
	return false;
}

/*
 * a ring whose next record is reserved and not committed (the many-CPU
 * model's --preempt user): epoll finds data there (level-triggered on
 * producer_pos), libbpf's walk stops at the BUSY header, and the consumer
 * polls again at once, as long as the record is held
 */
static bool any_stuck(const struct vt *vt)
{
	unsigned int b;

	for (b = 0; vt->mc && b < vt->nbuf; b++)
		if (vt_fifo_stuck(&vt->fifo[b]))
			return true;
	return false;
}

/* the consumer's poll again at once: the machine's poll_ns (a microsecond where it has none) */
static inline __u64 spin_ns(const struct vt *vt)
{
	return vt->cfg->vcosts.poll_ns ? vt->cfg->vcosts.poll_ns : 1000;
}

/* one record's work (the model's fractions of a ns carried to the next) */
static inline __u64 rec_cost(struct vt_cons *k)
{
	k->rec_carry += k->rec_frac;
	if (k->rec_carry < 1)
		return k->rec_ns;
	k->rec_carry -= 1;
	return k->rec_ns + 1;
}

/*
 * The model's consumer loads ring b's producer_pos (A1) at s: a line the
 * producers stored since its last load (records came) stalls it pp_ns.
 * Returns when the load is done; the records it shows are set then
 * (pp_end), by the caller once the commits up to that time are in.
 */
static inline __u64 pp_load(struct vt *vt, unsigned int b, __u64 s)
{
	struct vt_cons *k = &vt->cons;
	double x;
	__u64 n;

	if (k->pp_ns <= 0 || vt->fifo[b].tail == k->pp_end[b])
		return s;
	k->pp_stalls++;
	x = k->pp_carry + k->pp_ns;
	n = (__u64)x;
	k->pp_carry = x - (double)n;
	return vt_finish(vt, s, n);
}

/* the consumer starts on the next waiting record at s: its latency is taken there */
static inline void claim(struct vt *vt, struct vt_fifo *f, __u64 s)
{
	const struct vt_entry *e = &f->e[f->claim & f->mask];

	f->claim++;
	if (e->stamped && s >= vt->measure_from)
		hist_record(vt->hist, s - e->t);
}

/*
 * A poll round starts at t (epoll_wait() returned, or a busy consumer's next
 * consume call, or the drain): poll_ns later it looks at the rings. A perf
 * consumer's poll reports the buffers notified since its last poll (perf_poll()
 * takes their poll bits); a busy or draining one consumes them all.
 */
static void start_round(struct vt *vt, __u64 t, bool waited)
{
	struct vt_cons *k = &vt->cons;
	unsigned int b;

	k->round_n = 0;
	k->waited = waited;
	k->round_nb = k->round_pos = 0;
	for (b = 0; vt->multi && b < vt->nbuf; b++) {
		bool take = waited ? vt->ready[b] : vt_fifo_waiting(&vt->fifo[b]) != 0;

		if (take)
			k->round_bufs[k->round_nb++] = b;
		if (waited)
			vt->ready[b] = false;
	}
	k->st = VC_ROUND;
	k->back_at = t;
	k->t = vt_finish(vt, t, vt->cfg->vcosts.poll_ns);
}

static bool any_ready(const struct vt *vt)
{
	unsigned int b;

	for (b = 0; vt->multi && b < vt->nbuf; b++)
		if (vt->ready[b])
			return true;
	return false;
}

/* the records the port hands over from buffer buf: n of them */
static void take(struct vt *vt, unsigned int buf, __u64 n)
{
	int err;

	if (!n)
		return;
	err = vt->kind == VT_RINGBUF ? vt_rb_take(vt, buf, n) : vt_pb_take(vt, buf, n);
	if (err && !vt->err)
		vt->err = err;
}

void vt_cons_flush(struct vt *vt)
{
	__u64 n = vt->cons.done_untaken;

	vt->cons.done_untaken = 0;
	vt->cons.untaken_bytes = 0;
	take(vt, 0, n);
}

/* libbpf: n more records done; the port is asked for them when it matters */
static inline void done(struct vt *vt, __u64 n)
{
	const struct vt_fifo *f = &vt->fifo[0];
	__u64 i = f->done + vt->cons.done_untaken;

	/* the space they hold, which the real consumer's stores have given back */
	for (; i < f->done + vt->cons.done_untaken + n; i++)
		vt->cons.untaken_bytes += vt_footprint(vt, f->e[i & f->mask].size);
	vt->cons.done_untaken += n;
	vt->cons.round_n += n;
}

/* nothing left to look at: the round ends at k->t, and the consumer waits, idles or is done */
static void end_round(struct vt *vt)
{
	struct vt_cons *k = &vt->cons;
	bool counted;

	vt_cons_flush(vt);
	counted = vt->multi ? k->round_nb > 0 : k->round_n > 0;

	if (k->waited && counted)
		k->wakeups++;
	k->idle_t = k->t;
	/* discarded records the walk has not passed yet: it passes them now, at no cost */
	if (vt->kind == VT_RINGBUF && !vt->multi)
		vt_rb_discards(vt);
	if (k->draining && !k->cut && any_waiting(vt)) {
		start_round(vt, k->t, false);
	} else if (k->draining) {
		k->st = VC_DONE;
		k->t = VT_NEVER;
	} else if (vt->cfg->poll == RBSIM_POLL_BUSY) {
		k->st = VC_IDLE;
		k->t = VT_NEVER;
	} else if (any_ready(vt)) {
		/* perf: buffers notified during the round: epoll_wait() returns at once */
		start_round(vt, k->t, true);
	} else if (any_stuck(vt)) {
		k->spins++;
		k->st = VC_REPOLL;
		k->t = vt_finish(vt, k->t, spin_ns(vt));
	} else if (vt->mc && vt->vo->cpus->announce) {
		/* its collect after the round, then the announcement of its sleep */
		k->st = VC_ANNOUNCE;
		k->t = vt_finish(vt, k->t, (__u64)vt->vo->cpus->announce_ns);
	} else if (vt->mc && vt->vo->cpus->repoll) {
		k->st = VC_REPOLL;
		k->t = vt_finish(vt, k->t, vt->cfg->vcosts.poll_ns);
	} else {
		k->st = VC_SLEEP;
		k->sleep_t = k->t;
		k->t = VT_NEVER;
	}
}

/* past the drain's bound the consumer takes nothing more: the rest stays undrained */
static bool drain_over(struct vt *vt, __u64 s)
{
	struct vt_cons *k = &vt->cons;

	if (!k->draining || s < k->drain_end)
		return false;
	k->cut = true;
	return true;
}

/* libbpf: n records done, then busy until fin with owed more (ring 0) */
static void busy_until(struct vt *vt, __u64 n, __u64 owed, __u64 fin)
{
	struct vt_cons *k = &vt->cons;

	done(vt, n);
	k->st = VC_BUSY;
	k->owed = owed;
	k->buf = 0;
	k->t = fin;
}

/* libbpf: one record at a time, consumer_pos stored after each */
static void decide_libbpf(struct vt *vt, __u64 T)
{
	struct vt_cons *k = &vt->cons;
	struct vt_fifo *f = &vt->fifo[0];
	__u64 s = k->t, fin, n = 0;

	if (k->pp_pending) {
		/* its load of producer_pos ended at s: it shows the records committed by then */
		k->pp_pending = false;
		k->pp_end[0] = f->tail;
	}
	while (vt_fifo_waiting(f) && !drain_over(vt, s)) {
		if (k->pp_ns > 0 && f->claim == k->pp_end[0]) {
			/*
			 * it walked to the producer_pos it loaded: it loads it
			 * again (the loop of ringbuf_process_ring()), records
			 * having come since
			 */
			fin = pp_load(vt, 0, s);
			if (fin > T) {
				/* the load is in progress at T: done at fin, no record owed */
				k->pp_pending = true;
				busy_until(vt, n, 0, fin);
				return;
			}
			/* no commit before T but at the events already run: the tail is the load's */
			s = fin;
			k->pp_end[0] = f->tail;
		}
		claim(vt, f, s);
		fin = vt_finish(vt, s, rec_cost(k));
		if (fin > T) {
			/* this one is in progress at T: done at fin */
			busy_until(vt, n, 1, fin);
			return;
		}
		n++;
		s = fin;
	}
	done(vt, n);
	k->t = s;
	end_round(vt);
}

/*
 * libbpf's walk of ring b (several rings) from s, up to the producer_pos
 * it loaded or the first held record before it (walk_end): the records
 * done by T go back to the port now, the one in progress at T when it is
 * done (BUSY, a record owed); the walk's end is a BUSY step with none
 * owed, after which decide_pass() looks again
 */
static void walk_each(struct vt *vt, unsigned int b, __u64 s, __u64 T)
{
	struct vt_cons *k = &vt->cons;
	struct vt_fifo *f = &vt->fifo[b];
	__u64 n = 0, fin = 0;
	bool owed = false;

	k->buf = b;
	k->st = VC_BUSY;
	while (!owed && f->claim < k->walk_end) {
		claim(vt, f, s);
		fin = vt_finish(vt, s, rec_cost(k));
		if (fin > T) {
			owed = true;
		} else {
			n++;
			s = fin;
		}
	}
	take(vt, b, n);
	k->round_n += n;
	/* counters() counts the one in progress, if any, from pass_t */
	k->pass_t = s;
	k->owed = owed;
	k->walking = owed;
	k->t = owed ? fin : s;
}

/*
 * The batch consumer and the perf buffer: a pass over the records there at
 * its start, one store at its end. The perf consumer's passes go over the
 * buffers its poll reported, in index order. libbpf's consumer of several
 * rings (the model's shard:K, percpu) walks a ring as far as the
 * producer_pos it loaded, as the passes do, but stores consumer_pos after
 * each record (ringbuf_process_ring()): the records it is done with by T go
 * back to the port at once (no producer event falls before T), so that a
 * producer finds their space free, and the store made, as it would, not
 * at the walk's end.
 */
static void decide_pass(struct vt *vt, __u64 T)
{
	struct vt_cons *k = &vt->cons;
	struct vt_fifo *f = NULL;
	unsigned int b = 0;
	__u64 s = k->t, n;
	bool each = vt->multi && vt->kind == VT_RINGBUF &&
		    vt->cfg->consumer == RBSIM_CONSUMER_LIBBPF;

	if (each && k->walking) {
		/* libbpf's walk goes on to the producer_pos it loaded */
		b = k->buf;
		f = &vt->fifo[b];
		if (f->claim < k->walk_end && !drain_over(vt, s)) {
			walk_each(vt, b, s, T);
			return;
		}
		k->walking = false;
		f = NULL;
	}
	if (!vt->multi) {
		f = vt_fifo_waiting(&vt->fifo[0]) ? &vt->fifo[0] : NULL;
	} else {
		/*
		 * several rings (the model's shard:K, percpu): libbpf's
		 * ringbuf_process_ring() reads producer_pos again after its
		 * records and goes on until it finds none: the same ring while
		 * records came during the pass
		 */
		if (vt->kind == VT_RINGBUF && k->round_pos &&
		    vt_fifo_waiting(&vt->fifo[k->round_bufs[k->round_pos - 1]])) {
			b = k->round_bufs[k->round_pos - 1];
			f = &vt->fifo[b];
		}
		while (k->round_pos < k->round_nb && !f) {
			b = k->round_bufs[k->round_pos++];
			f = vt_fifo_waiting(&vt->fifo[b]) ? &vt->fifo[b] : NULL;
		}
	}
	if (!f || drain_over(vt, s)) {
		end_round(vt);
		return;
	}
	/*
	 * the model: the pass's load of producer_pos may stall; the pass takes
	 * the records there when it began (those of the stall come with the
	 * next pass)
	 */
	n = vt_fifo_waiting(f);
	s = pp_load(vt, b, s);
	k->pp_end[b] = f->tail;
	if (each) {
		/* to the first held record, where libbpf's walk stops */
		k->walk_end = f->claim + n;
		k->walking = true;
		walk_each(vt, b, s, T);
		return;
	}
	k->pass_t = s;
	for (; n; n--) {
		claim(vt, f, s);
		s = vt_finish(vt, s, rec_cost(k));
	}
	k->st = VC_BUSY;
	k->owed = f->claim - f->done;
	k->buf = b;
	k->t = s;
}

/* one step of the consumer, due at k->t <= T */
static void step(struct vt *vt, __u64 T)
{
	struct vt_cons *k = &vt->cons;
	__u64 t;

	switch (k->st) {
	case VC_WAKE:
		/* woken, it preempts a producer on its CPU (--preempt user's turns) */
		k->cpu_from = k->t;
		start_round(vt, k->t, true);
		break;
	case VC_REPOLL:
		if (!any_waiting(vt) && any_stuck(vt)) {
			/* still held: it polls again */
			k->spins++;
			k->t = vt_finish(vt, k->t, spin_ns(vt));
			break;
		}
		if (!any_waiting(vt)) {
			k->st = VC_SLEEP;
			k->sleep_t = k->t;
			k->t = VT_NEVER;
			break;
		}
		/* records came during the poll: it returns with them, its cost paid */
		t = k->t;
		start_round(vt, t, false);
		k->waited = true;
		k->t = t;
		break;
	case VC_ANNOUNCE:
		if (any_waiting(vt)) {
			/* the collect found records (and their notification): a round */
			start_round(vt, k->t, false);
			k->waited = true;
			break;
		}
		/* announced: on its way into the futex wait, to the compare */
		k->st = VC_WAIT;
		k->t = vt_finish(vt, k->t, (__u64)(vt->vo->cpus->wait_ns / 2));
		break;
	case VC_WAIT:
		if (any_waiting(vt)) {
			/* a record reserved since: EAGAIN, back, and a round */
			start_round(vt, vt_finish(vt, k->t, (__u64)(vt->vo->cpus->wait_ns / 2)),
				    false);
			k->waited = true;
			break;
		}
		k->st = VC_SLEEP;
		k->sleep_t = k->t;
		k->t = VT_NEVER;
		break;
	case VC_BUSY:
		if (!vt->multi && vt->cfg->consumer == RBSIM_CONSUMER_LIBBPF) {
			done(vt, k->owed);
		} else {
			take(vt, k->buf, k->owed);
			k->round_n += k->owed;
		}
		k->owed = 0;
		k->st = VC_ROUND;
		break;
	case VC_ROUND:
		if (!vt->multi && vt->cfg->consumer == RBSIM_CONSUMER_LIBBPF)
			decide_libbpf(vt, T);
		else
			decide_pass(vt, T);
		break;
	default:
		k->t = VT_NEVER;
		break;
	}
}

void vt_cons_run(struct vt *vt, __u64 T)
{
	while (vt->cons.t <= T && !vt->err)
		step(vt, T);
}

void vt_cons_poll(struct vt *vt, __u64 t, bool waited)
{
	start_round(vt, t, waited);
}

bool vt_cons_notified(struct vt *vt)
{
	struct vt_cons *k = &vt->cons;
	__u64 slept;

	if (k->st != VC_SLEEP)
		return false;
	k->st = VC_WAKE;
	/*
	 * Its CPU idle since it slept: the longer, the slower it may wake
	 * (--vcosts idle=), and the host may have polled it (haltpoll=). Not
	 * so on the CPU of the producer that notifies, which is running
	 * (--vplace shared): the wake-up is that CPU's own.
	 */
	slept = vt->now > k->sleep_t && vt->cfg->vplace != RBSIM_VPLACE_SHARED ?
		vt->now - k->sleep_t : 0;
	if (vt->host)
		vt_host_cons_slept(vt, k->sleep_t, vt->now, k->haltpoll_w);
	k->t = out_of_stall(vt, vt->now + rbsim_vcosts_wake(&vt->cfg->vcosts, slept,
							     vt->cfg->vplace == RBSIM_VPLACE_SHARED ?
							     NULL : &k->haltpoll_w,
							     &k->wake_rng));
	return true;
}

/*
 * --vplace shared: the first producer is busy from `from` to `to` on the
 * consumer's CPU, which it takes first (it is never kept waiting): the
 * consumer's work in progress resumes at `to`, and a wake-up due meanwhile
 * runs then. A pass's records (the batch consumer, perf) keep the claim
 * times worked out at its start: only its end moves.
 */
void vt_cons_yield(struct vt *vt, __u64 from, __u64 to)
{
	struct vt_cons *k = &vt->cons;

	if (k->t == VT_NEVER || k->t <= from)
		return;
	switch (k->st) {
	case VC_WAKE:
		if (k->t < to)
			k->t = to;
		break;
	case VC_ROUND:
		if (k->back_at > from)
			k->back_at += to - from;
		k->t += to - from;
		break;
	case VC_BUSY:
	case VC_REPOLL:
		k->t += to - from;
		break;
	default:
		break;
	}
}

bool vt_cons_on_cpu(const struct vt *vt)
{
	enum vt_cstate st = vt->cons.st;

	return st == VC_ROUND || st == VC_BUSY || st == VC_REPOLL || st == VC_ANNOUNCE ||
	       st == VC_WAIT;
}

bool vt_cons_follows(const struct vt *vt, unsigned int b)
{
	/*
	 * on its CPU, or busy polling (--poll busy's idle); in a system call,
	 * not on the ring: its futex wait, on the way in (WAIT) and, where the
	 * compare failed (EAGAIN), on the way back, before its round's poll
	 */
	if ((!vt_cons_on_cpu(vt) && vt->cons.st != VC_IDLE) || vt->cons.st == VC_WAIT ||
	    (vt->cons.st == VC_ROUND && vt->now < vt->cons.back_at))
		return false;
	/* several rings: a pass at a time, the one it is on or was on last */
	return !vt->multi || vt->cons.buf == b;
}

bool vt_cons_running(const struct vt *vt, __u64 t)
{
	return vt_cons_on_cpu(vt) && t >= vt->cons.cpu_from;
}

void vt_cons_committed(struct vt *vt)
{
	if (vt->cons.st == VC_IDLE)
		start_round(vt, vt->now, false);
}

void vt_cons_drain(struct vt *vt, __u64 T)
{
	struct vt_cons *k = &vt->cons;

	k->draining = true;
	if (!vt->cfg->records || (vt->vo && vt->vo->fill_only))
		k->drain_end = T + (vt->cfg->duration_s > 1 ? vt->cfg->duration_s : 1) *
				   1000000000ULL;
	if (k->st == VC_DONE)
		return;
	/* the real drain consumes whatever is there, notified or not */
	if (k->st == VC_SLEEP || k->st == VC_IDLE || k->st == VC_REPOLL ||
	    k->st == VC_ANNOUNCE || k->st == VC_WAIT)
		start_round(vt, T, false);
	vt_cons_run(vt, VT_NEVER - 1);
}

int vt_deliver(struct vt *vt, const void *data, __u32 size)
{
	struct vt_fifo *f = vt->take_fifo;
	const struct vt_entry *e;

	if (unlikely(!vt->take_left || f->done == f->claim))
		return -1; /* not this pass's: it stays in the ring */
	e = &f->e[f->done++ & f->mask];
	f->bytes -= vt_footprint(vt, e->size);
	vt->take_left--;
	/*
	 * The port hands over what was committed, in order (the perf buffer the
	 * size padded to 8 with the u32 before it): anything else is a bug here
	 */
	if (unlikely(vt->kind == VT_RINGBUF ? size != e->size :
		     size < e->size || size - e->size > 7) && !vt->err) {
		snprintf(vt->why, sizeof(vt->why), "virtual time: the port handed over a %u-byte "
			 "record where a %u-byte one was committed", size, e->size);
		vt->err = -EPROTO;
	}
	if (unlikely(vt->kind == VT_PERFBUF) && e->stamped)
		perfbuf_ooo_note(&vt->ooo, e->t);
	return rbsim_record(vt->c, data, e->size);
}
