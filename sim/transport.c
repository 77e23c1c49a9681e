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

__u64 rbsim_vcosts_wake_ns(const struct rbsim_vcosts *c, __u64 slept_ns)
{
	unsigned int i, n = c->nidle;
	double w;

	if (!n)
		return c->wake_ns;
	if (slept_ns >= c->slept_ns[n - 1])
		return c->idle_wake_ns[n - 1];
	if (slept_ns <= c->slept_ns[0]) {
		/* from the busy consumer's wake_ns, at no sleep, to the first point */
		w = (double)c->wake_ns + ((double)c->idle_wake_ns[0] - (double)c->wake_ns) *
		    (double)slept_ns / (double)c->slept_ns[0];
	} else {
		for (i = 1; slept_ns > c->slept_ns[i]; i++)
			;
		w = (double)c->idle_wake_ns[i - 1] +
		    ((double)c->idle_wake_ns[i] - (double)c->idle_wake_ns[i - 1]) *
		    log((double)slept_ns / (double)c->slept_ns[i - 1]) /
		    log((double)c->slept_ns[i] / (double)c->slept_ns[i - 1]);
	}
	return w > 0 ? (__u64)(w + 0.5) : 0;
}

__u64 rbsim_vcosts_wake_drawn(const struct rbsim_vcosts *c, __u64 slept_ns,
			      struct rbsim_rng *rng)
{
	__u64 w = rbsim_vcosts_wake_ns(c, slept_ns);
	unsigned int set = 0;
	double x;

	/* the samples of the idle point at or below the sleep, the busy producer's below all */
	while (set < c->nidle && c->slept_ns[set] <= slept_ns)
		set++;
	if (!c->ndraw[set] || c->draw_median[set] <= 0)
		return w;
	x = (double)w * c->draw[set][rbsim_rng_next(rng) % c->ndraw[set]] / c->draw_median[set];
	return x > 0 ? (__u64)(x + 0.5) : 0;
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
		snprintf(buf + used, len - used, ",spread=drawn");
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
		snprintf(buf + used, len - used, ", each drawn from the measured ones");
	return buf;
}
