// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the transport table (filled by RBSIM_TRANSPORT() constructors) and
 * the helpers every transport shares.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/custom.h"
#include "sim/transport.h"
#include "sim/kernel_transports.h"
#include "sim/workload.h"

/* --trigger's words: both builds know the kernel transports' options */
const char *const kprod_trigger_names[KPROD_TRIG_NR + 1] = {
	[KPROD_TRIG_SYSCALL] = "syscall",
	[KPROD_TRIG_RAW_SYSCALL] = "raw-syscall",
	[KPROD_TRIG_TEST_RUN] = "test-run",
};

static struct rbsim_transport_ops *transports[32];
static unsigned int nr_transports;

void rbsim_transport_register(struct rbsim_transport_ops *ops)
{
	unsigned int i;

	if (ops->opts_size > RBSIM_TOPTS_MAX) {
		fprintf(stderr, "rbsim: --transport %s: its options take %zu bytes, more than "
			"RBSIM_TOPTS_MAX (%d)\n", ops->name, ops->opts_size, RBSIM_TOPTS_MAX);
		abort();
	}
	if (nr_transports == sizeof(transports) / sizeof(transports[0]))
		return;
	/* sorted by name so --help is stable whatever the link order */
	for (i = nr_transports; i > 0 && strcmp(transports[i - 1]->name, ops->name) > 0; i--)
		transports[i] = transports[i - 1];
	transports[i] = ops;
	nr_transports++;
}

const struct rbsim_transport_ops *rbsim_transport_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < nr_transports; i++) {
		if (!strcmp(transports[i]->name, name))
			return transports[i];
	}
	return NULL;
}

/* iterate: pass NULL for the first */
const struct rbsim_transport_ops *rbsim_transport_next(const struct rbsim_transport_ops *prev)
{
	unsigned int i;

	if (!prev)
		return nr_transports ? transports[0] : NULL;
	for (i = 0; i + 1 < nr_transports; i++) {
		if (transports[i] == prev)
			return transports[i + 1];
	}
	return NULL;
}

void rbsim_fill_rec(void *dst, __u32 size, __u32 producer, __u64 seq, __u64 ts_ns)
{
	rbsim_rec_write(dst, size, producer, seq, ts_ns);
}

void rbsim_fill_plain(void *dst, __u32 size)
{
	rbsim_rec_write_plain(dst, size);
}

/* the verifier takes each record; its refusal (past the drain's deadline) stops the walk */
static inline __attribute__((always_inline)) int custom_record(void *ctx, const void *data,
							       __u32 size)
{
	return rbsim_record_in_pass(ctx, data, size);
}

/* after each pass's store of consumer_pos: its counts, once */
static inline __attribute__((always_inline)) void custom_pass_done(void *ctx)
{
	rbsim_record_flush(ctx);
}

/*
 * --consumer batch: ringbuf/custom.h with the verifier inlined in its walk,
 * the consumer's counters added once per pass (rbsim_record_in_pass())
 */
int rbsim_ringbuf_custom_process(const struct ringbuf_mmap *view, struct rbsim_consumer *c)
{
	struct rbsim_record_pass rp;
	int n;

	rbsim_record_pass_begin(&rp, c);
	n = ringbuf_custom_process_passes(view, custom_record, custom_pass_done, &rp);
	rbsim_record_flush(&rp);
	return n;
}

/* ---- virtual time's costs (struct rbsim_vcosts) ---- */

/*
 * The idle rule over points [lo, hi) after a sleep of s: between two points
 * by the logarithm of the time slept, the last beyond them; below the first
 * from wake_ns at no sleep (from_wake: the rule, and its polled wake-ups),
 * else the first's (the host's wake-ups). *set: the samples spread=drawn
 * draws from: those of the point at or below s (its index + 1), below the
 * first the busy producer's (0) from_wake, else the first's.
 */
static double idle_rule(const struct rbsim_vcosts *c, unsigned int lo, unsigned int hi,
			bool from_wake, __u64 s, unsigned int *set)
{
	unsigned int i;

	if (lo == hi) {
		*set = 0;
		return (double)c->wake_ns;
	}
	for (*set = lo; *set < hi && c->slept_ns[*set] <= s; (*set)++)
		;
	if (*set == lo)
		*set = from_wake ? 0 : lo + 1;
	if (s >= c->slept_ns[hi - 1])
		return (double)c->idle_wake_ns[hi - 1];
	if (s <= c->slept_ns[lo]) {
		if (!from_wake)
			return (double)c->idle_wake_ns[lo];
		return (double)c->wake_ns + ((double)c->idle_wake_ns[0] - (double)c->wake_ns) *
		       (double)s / (double)c->slept_ns[0];
	}
	for (i = lo + 1; s > c->slept_ns[i]; i++)
		;
	return (double)c->idle_wake_ns[i - 1] +
	       ((double)c->idle_wake_ns[i] - (double)c->idle_wake_ns[i - 1]) *
	       log((double)s / (double)c->slept_ns[i - 1]) /
	       log((double)c->slept_ns[i] / (double)c->slept_ns[i - 1]);
}

/* haltpoll=: the halts a sleep beyond MAX was to the host, 1 unless a listed SLEPT says more */
static unsigned int haltpoll_halts(const struct rbsim_vcosts *c, __u64 s)
{
	unsigned int i, n = 1;

	for (i = 0; i < c->nhalts && c->halts_slept_ns[i] <= s; i++)
		n = c->halts[i];
	return n;
}

/*
 * haltpoll=: after a wake-up that was not polled, KVM's grow_halt_poll_ns()
 * or shrink_halt_poll_ns() (kvm_vcpu_halt(), Linux 6.18): grown (doubled,
 * halt_poll_ns_grow_start at least, capped at MAX) after a sleep shorter
 * than MAX, halved (0 under the start) for each halt of a longer one
 */
static void haltpoll_move(const struct rbsim_vcosts *c, __u64 s, __u64 *w)
{
	const __u64 max = c->haltpoll_ns;

	if (s > max) {
		for (unsigned int k = haltpoll_halts(c, s); k && *w; k--) {
			*w /= 2;
			if (*w < RBSIM_HALTPOLL_START_NS)
				*w = 0;
		}
	} else if (s < max && *w < max) {
		*w = *w * 2 < RBSIM_HALTPOLL_START_NS ? RBSIM_HALTPOLL_START_NS : *w * 2;
		if (*w > max)
			*w = max;
	}
}

void rbsim_vcosts_haltpoll_after(const struct rbsim_vcosts *c, __u64 slept_ns,
				 __u64 *window_ns)
{
	if (c->haltpoll_ns && slept_ns > *window_ns)
		haltpoll_move(c, slept_ns, window_ns);
}

static __u64 wake_round(double w)
{
	return w > 0 ? (__u64)(w + 0.5) : 0;
}

__u64 rbsim_vcosts_wake_ns(const struct rbsim_vcosts *c, __u64 slept_ns)
{
	unsigned int set;

	return wake_round(idle_rule(c, 0, c->nidle, true, slept_ns, &set));
}

__u64 rbsim_vcosts_wake(const struct rbsim_vcosts *c, __u64 slept_ns, __u64 *window_ns,
			struct rbsim_rng *rng)
{
	unsigned int set, fast = c->nidle;
	double w;

	if (c->haltpoll_ns && window_ns) {
		/* the points below MAX are polled wake-ups, those from MAX on the host's */
		for (fast = 0; fast < c->nidle && c->slept_ns[fast] < c->haltpoll_ns; fast++)
			;
		if (slept_ns > *window_ns && fast < c->nidle)
			w = idle_rule(c, fast, c->nidle, false, slept_ns, &set);
		else
			w = idle_rule(c, 0, fast, true, slept_ns, &set);
		if (slept_ns > *window_ns)
			haltpoll_move(c, slept_ns, window_ns);
	} else {
		w = idle_rule(c, 0, c->nidle, true, slept_ns, &set);
	}
	if (!c->drawn || !rng || !c->ndraw[set] || c->draw_median[set] <= 0)
		return wake_round(w);
	/* the rule's value in whole ns, scaled by a sample over its set's median */
	return wake_round((double)wake_round(w) *
			  c->draw[set][rbsim_rng_next(rng) % c->ndraw[set]] / c->draw_median[set]);
}

__u64 rbsim_vcosts_wake_drawn(const struct rbsim_vcosts *c, __u64 slept_ns,
			      struct rbsim_rng *rng)
{
	return rbsim_vcosts_wake(c, slept_ns, NULL, rng);
}

void rbsim_vcosts_text(const struct rbsim_vcosts *c, char *buf, size_t len)
{
	size_t used;

	used = (size_t)snprintf(buf, len, "produce=%llu,notify=%llu,wake=%llu,poll=%llu,"
				"record=%llu,refuse=%llu", (unsigned long long)c->produce_ns,
				(unsigned long long)c->notify_ns, (unsigned long long)c->wake_ns,
				(unsigned long long)c->poll_ns, (unsigned long long)c->record_ns,
				(unsigned long long)c->refuse_ns);
	for (unsigned int i = 0; i < c->nidle && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%llu:%llu",
					 i ? "/" : ",idle=", (unsigned long long)c->slept_ns[i],
					 (unsigned long long)c->idle_wake_ns[i]);
	if (c->drawn && used < len)
		used += (size_t)snprintf(buf + used, len - used, ",spread=drawn");
	if (c->haltpoll_ns && used < len)
		used += (size_t)snprintf(buf + used, len - used, ",haltpoll=%llu",
					 (unsigned long long)c->haltpoll_ns);
	for (unsigned int i = 0; c->haltpoll_ns && i < c->nhalts && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "/%llu:%u",
					 (unsigned long long)c->halts_slept_ns[i], c->halts[i]);
	if (c->hoststop_period_ns && used < len)
		snprintf(buf + used, len - used, ",hoststop=%llu/%llu/%llu",
			 (unsigned long long)c->hoststop_quota_ns,
			 (unsigned long long)c->hoststop_period_ns,
			 (unsigned long long)c->hoststop_burst_ns);
}

const char *rbsim_vhost_text(const struct rbsim_vcosts *c, char *buf, size_t len)
{
	buf[0] = '\0';
	if (c->hoststop_period_ns)
		snprintf(buf, len, "; the host stops a CPU for a %lluns period when the CPUs "
			 "used more than %lluns a period (%lluns carried at most)",
			 (unsigned long long)c->hoststop_period_ns,
			 (unsigned long long)c->hoststop_quota_ns,
			 (unsigned long long)c->hoststop_burst_ns);
	return buf;
}

const char *rbsim_vidle_text(const struct rbsim_vcosts *c, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < c->nidle && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%lluns: %lluns%s",
					 i ? ", " : " (after sleeping ",
					 (unsigned long long)c->slept_ns[i],
					 (unsigned long long)c->idle_wake_ns[i],
					 i + 1 == c->nidle ? ")" : "");
	if (c->drawn && used < len)
		used += (size_t)snprintf(buf + used, len - used, ", each drawn from the measured ones");
	if (c->haltpoll_ns && used < len)
		used += (size_t)snprintf(buf + used, len - used, ", polled by the host up to %lluns",
					 (unsigned long long)c->haltpoll_ns);
	for (unsigned int i = 0; c->haltpoll_ns && i < c->nhalts && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%u halts after %lluns%s",
					 i ? ", " : " (", c->halts[i],
					 (unsigned long long)c->halts_slept_ns[i],
					 i + 1 == c->nhalts ? ")" : "");
	return buf;
}

double rbsim_tstats_extra(const struct rbsim_tstats *t, const char *name)
{
	for (unsigned int i = 0; i < t->nr_extra; i++)
		if (!strcmp(t->extra[i].name, name))
			return t->extra[i].value;
	return 0;
}
