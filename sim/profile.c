// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: calibration profiles, read strictly and written whole (see
 * sim/profile.h; the format is in sim/calibration.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "sim/json.h"
#include "sim/profile.h"
#include "sim/rbsim.h"

#define MAX_FILE (64 << 20)       /* a profile of 100k samples per cost is a few MB */
#define MAX_SAMPLES 1000000

#define COST(field, text) { #field, offsetof(struct rbsim_costs, field), text }
const struct rbsim_cost_desc rbsim_cost_descs[RBSIM_NCOSTS] = {
	[RBSIM_COST_RECORD_8] = COST(record_8, "one 8-byte record: reserve, write, commit, "
				     "no notification"),
	[RBSIM_COST_RECORD_256] = COST(record_256, "one 256-byte record: reserve, write, "
				       "commit, no notification"),
	[RBSIM_COST_RECORD_4096] = COST(record_4096, "one 4096-byte record: reserve, write, "
					"commit, no notification"),
	[RBSIM_COST_NOTIFY] = COST(notify, "the producer's side of one notification (kernel: "
				   "irq_work, self-IPI, wake_up_all; port: eventfd write); waking a "
				   "sleeping consumer comes on top on both sides"),
	[RBSIM_COST_WAKEUP] = COST(wakeup, "from the commit that notifies to the sleeping "
				   "consumer running again"),
	[RBSIM_COST_WAKEUP_BUSY] = COST(wakeup_busy, "the same while the producer goes on "
					"producing, in the notifying call and after it"),
	[RBSIM_COST_TRIGGER_SYSCALL] = COST(trigger_syscall, "one batch's trigger: getpgid() "
					    "and its tracepoint, program entry and exit"),
	[RBSIM_COST_TRIGGER_RAW_SYSCALL] = COST(trigger_raw_syscall, "one batch's trigger: "
						"getpgid() through the raw_tp sys_enter"),
	[RBSIM_COST_TRIGGER_TEST_RUN] = COST(trigger_test_run, "one batch's trigger: "
					     "BPF_PROG_TEST_RUN of a syscall program"),
	[RBSIM_COST_WAIT] = COST(wait, "one wait on the map fd that finds records ready "
				 "(no sleep)"),
	[RBSIM_COST_WAIT_ENTER] = COST(wait_enter, "the part of such a wait before it re-polls "
				       "the ring (kernel: from the epoll_wait() call to its system "
				       "call's entry; port: its first step, 0)"),
	[RBSIM_COST_RESERVE_FAIL] = COST(reserve_fail, "one reservation refused for want of "
					 "space: the program's attempt, no write, no commit"),
	[RBSIM_COST_NOTIFY_WAKE] = COST(notify_wake, "from the commit that notifies to the "
					"sleeping consumer's wake-up (try_to_wake_up), the "
					"producer going on as in wakeup_busy"),
	[RBSIM_COST_WAIT_LOOK] = COST(wait_look, "where a wait on an empty ring decides to "
				      "sleep: the delay from its call after which a record "
				      "committed without a notification no longer ends it"),
	[RBSIM_COST_BATCH_GAP] = COST(batch_gap, "from the last record of a batch of 500 "
				      "to the first of its producer's next, a consumer on the "
				      "other CPU draining them meanwhile (woken by the batch "
				      "before; kernel: through getpgid() and its tracepoint)"),
};
#undef COST

static const char *const side_names[RBSIM_NSIDES] = { "kernel", "port" };

const char *const rbsim_write_names[RBSIM_WRITE_NR + 1] = {
	[RBSIM_WRITE_PLACE] = "place",
	[RBSIM_WRITE_KERNEL] = "kernel",
	[RBSIM_WRITE_AUTO] = "auto",
	[RBSIM_WRITE_NR] = NULL,
};

/* ---- statistics ---- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the q-quantile of sorted v[0..n), linear between neighbours */
static double quantile(const double *v, unsigned int n, double q)
{
	double pos = q * (n - 1);
	unsigned int i = (unsigned int)pos;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

int rbsim_cost_stat_set(struct rbsim_cost_stat *st, const double *samples, unsigned int n)
{
	double *sorted;

	free(st->samples);
	memset(st, 0, sizeof(*st));
	if (!n)
		return 0;
	st->samples = malloc(n * sizeof(double));
	sorted = malloc(n * sizeof(double));
	if (!st->samples || !sorted) {
		free(st->samples);
		free(sorted);
		st->samples = NULL;
		return -ENOMEM;
	}
	memcpy(st->samples, samples, n * sizeof(double));
	memcpy(sorted, samples, n * sizeof(double));
	qsort(sorted, n, sizeof(double), cmp_double);
	st->n = n;
	st->median = quantile(sorted, n, 0.5);
	st->p25 = quantile(sorted, n, 0.25);
	st->p75 = quantile(sorted, n, 0.75);
	st->min = sorted[0];
	st->max = sorted[n - 1];
	free(sorted);
	return 0;
}

bool rbsim_cost_spread(unsigned int v, enum rbsim_cost k)
{
	if (v < 13)
		return false;
	return k == RBSIM_COST_NOTIFY || k == RBSIM_COST_WAIT || k == RBSIM_COST_TRIGGER_SYSCALL ||
	       k == RBSIM_COST_TRIGGER_RAW_SYSCALL || k == RBSIM_COST_TRIGGER_TEST_RUN ||
	       (v >= 14 && k == RBSIM_COST_WAIT_LOOK) || (v == 15 && k == RBSIM_COST_BATCH_GAP);
}

double rbsim_block_mean(const double *v, unsigned int n, unsigned int blocks)
{
	double sum = 0, *b = malloc(n * sizeof(double));

	if (!b)
		return NAN;
	for (unsigned int j = 0; j < blocks; j++) {
		unsigned int lo = (unsigned int)((unsigned long long)j * n / blocks);
		unsigned int hi = (unsigned int)((unsigned long long)(j + 1) * n / blocks);

		memcpy(b, v + lo, (hi - lo) * sizeof(double));
		qsort(b, hi - lo, sizeof(double), cmp_double);
		sum += quantile(b, hi - lo, 0.5);
	}
	free(b);
	return sum / blocks;
}

int rbsim_profile_spread_figures(struct rbsim_profile *p)
{
	unsigned int v = p->version ? p->version : RBSIM_PROFILE_VERSION;

	if (!p->spread)
		return 0;
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		if (!rbsim_cost_spread(v, k))
			continue;
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			const struct rbsim_cost_stat *st = &p->stat[s][k];
			double m;

			if (st->n < p->spread)
				return -EINVAL;
			m = rbsim_block_mean(st->samples, st->n, p->spread);
			if (isnan(m))
				return -ENOMEM;
			*rbsim_cost_at(&p->side[s], k) = m;
		}
	}
	return 0;
}

unsigned int rbsim_middle_index(const double *v, unsigned int n)
{
	/* v[i]'s rank among the n: below it, and equal to it and before it */
	for (unsigned int i = 0; i < n; i++) {
		unsigned int below = 0, tied = 0;

		for (unsigned int j = 0; j < n; j++) {
			below += v[j] < v[i];
			tied += j < i && v[j] == v[i];
		}
		if (below + tied == (n - 1) / 2)
			return i;
	}
	return 0;
}

void rbsim_profile_free(struct rbsim_profile *p)
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		for (int k = 0; k < RBSIM_NCOSTS; k++) {
			free(p->stat[s][k].samples);
			p->stat[s][k].samples = NULL;
		}
		for (unsigned int i = 0; i < RBSIM_PROFILE_MAX_IDLE; i++) {
			free(p->idle[i].stat[s].samples);
			p->idle[i].stat[s].samples = NULL;
		}
	}
	p->nidle = 0;
}

void rbsim_profile_delta(const struct rbsim_profile *p, struct rbsim_costs *delta)
{
	memset(delta, 0, sizeof(*delta));
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		double d = rbsim_cost_get(&p->side[RBSIM_SIDE_KERNEL], k) -
			   rbsim_cost_get(&p->side[RBSIM_SIDE_PORT], k);

		*rbsim_cost_at(delta, k) = d > 0 ? d : 0;
	}
}

/* ---- the machine ---- */

static void cpu_model(char *buf, size_t len)
{
	static const char *const keys[] = { "model name", "Hardware", "cpu model", "Processor" };
	char line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");

	snprintf(buf, len, "unknown");
	if (!f)
		return;
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		rewind(f);
		while (fgets(line, sizeof(line), f)) {
			char *colon = strchr(line, ':'), *v;

			if (strncmp(line, keys[k], strlen(keys[k])) || !colon)
				continue;
			v = colon + 1 + strspn(colon + 1, " \t");
			v[strcspn(v, "\n")] = '\0';
			snprintf(buf, len, "%s", v);
			fclose(f);
			return;
		}
	}
	fclose(f);
}

/* "none", or the hypervisor: its CPUID signature where there is one */
static void virt_name(char *buf, size_t len)
{
	static const struct {
		const char *sig, *name;
	} known[] = {
		{ "KVMKVMKVM", "kvm" }, { "Microsoft Hv", "hyper-v" }, { "VMwareVMware", "vmware" },
		{ "XenVMMXenVMM", "xen" }, { "TCGTCGTCGTCG", "qemu-tcg" }, { "ACRNACRNACRN", "acrn" },
		{ " lrpepyh  vr", "parallels" }, { "bhyve bhyve ", "bhyve" },
	};
	char line[4096];
	bool hv = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (f) {
		while (!hv && fgets(line, sizeof(line), f))
			hv = !strncmp(line, "flags", 5) && strstr(line, " hypervisor");
		fclose(f);
	}
	snprintf(buf, len, hv ? "unknown hypervisor" : "none");
#if defined(__x86_64__) || defined(__i386__)
	if (hv) {
		unsigned int a, b, c, d;
		char sig[13];

		__cpuid(0x40000000, a, b, c, d);
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
		sig[12] = '\0';
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
			if (!strncmp(sig, known[i].sig, strlen(known[i].sig))) {
				snprintf(buf, len, "%s", known[i].name);
				return;
			}
		}
	}
#else
	(void)known;
#endif
}

void rbsim_machine_here(struct rbsim_machine *m)
{
	struct utsname u;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(m, 0, sizeof(*m));
	if (gethostname(m->host, sizeof(m->host) - 1))
		snprintf(m->host, sizeof(m->host), "unknown");
	cpu_model(m->cpu, sizeof(m->cpu));
	m->cpus = n > 0 ? (unsigned int)n : 1;
	virt_name(m->virt, sizeof(m->virt));
	if (!uname(&u)) {
		snprintf(m->kernel, sizeof(m->kernel), "%s", u.release);
		snprintf(m->kernel_version, sizeof(m->kernel_version), "%s", u.version);
	}
	m->preempt = rbsim_preempt_here(m->preempt_from, sizeof(m->preempt_from));
}

bool rbsim_profile_foreign(const struct rbsim_profile *p, const struct rbsim_machine *here,
			   char *msg, size_t len)
{
	const struct rbsim_machine *m = &p->machine;

	/* a model either side does not know is no difference */
	bool same_preempt = m->preempt == here->preempt || !m->preempt || !here->preempt;

	if (!strcmp(m->kernel, here->kernel) && !strcmp(m->cpu, here->cpu) &&
	    m->cpus == here->cpus && !strcmp(m->virt, here->virt) && same_preempt)
		return false;
	snprintf(msg, len, "made on Linux %s (preempt=%s), %u x %s (virtualization: %s), running "
		 "on Linux %s (preempt=%s), %u x %s (virtualization: %s): its costs may not be "
		 "this machine's", m->kernel, rbsim_preempt_names[m->preempt], m->cpus, m->cpu,
		 m->virt, here->kernel, rbsim_preempt_names[here->preempt], here->cpus, here->cpu,
		 here->virt);
	return true;
}

/* ---- reading ---- */

struct rd {
	const char *path;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int bad(struct rd *rd, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(rd->err, rd->errlen, "%s: ", rd->path);

	if (n >= 0 && (size_t)n < rd->errlen) {
		va_start(ap, fmt);
		vsnprintf(rd->err + n, rd->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* every member of obj is one of names (NULL-terminated) */
static int only(struct rd *rd, const struct rbsim_json *obj, const char *where,
		const char *const *names)
{
	for (const struct rbsim_json *m = obj->child; m; m = m->next) {
		const char *const *n;

		for (n = names; *n && strcmp(*n, m->key); n++)
			;
		if (!*n)
			return bad(rd, "line %u: unknown member \"%s\" in %s", m->line, m->key,
				   where);
	}
	return 0;
}

static const struct rbsim_json *member(struct rd *rd, const struct rbsim_json *obj,
				       const char *where, const char *key,
				       enum rbsim_json_type t)
{
	const struct rbsim_json *m = rbsim_json_get(obj, key);

	if (!m) {
		bad(rd, "line %u: %s has no \"%s\"", obj->line, where, key);
		return NULL;
	}
	if (m->type != t) {
		bad(rd, "line %u: \"%s\" in %s is %s, not %s", m->line, key, where,
		    rbsim_json_type_name(m->type), rbsim_json_type_name(t));
		return NULL;
	}
	return m;
}

static int str_member(struct rd *rd, const struct rbsim_json *obj, const char *where,
		      const char *key, char *dst, size_t len)
{
	const struct rbsim_json *m = member(rd, obj, where, key, RBSIM_JSON_STRING);

	if (!m)
		return -1;
	if (strlen(m->str) >= len)
		return bad(rd, "line %u: \"%s\" in %s is longer than %zu bytes", m->line, key,
			   where, len - 1);
	snprintf(dst, len, "%s", m->str);
	return 0;
}

/* a number from min to max */
static int range_member(struct rd *rd, const struct rbsim_json *obj, const char *where,
			const char *key, double min, double max, double *v)
{
	const struct rbsim_json *m = member(rd, obj, where, key, RBSIM_JSON_NUMBER);

	if (!m)
		return -1;
	if (!isfinite(m->num) || m->num < min || m->num > max)
		return bad(rd, "line %u: \"%s\" in %s is %g, not a number from %g to %g", m->line,
			   key, where, m->num, min, max);
	*v = m->num;
	return 0;
}

static int num_member(struct rd *rd, const struct rbsim_json *obj, const char *where,
		      const char *key, double max, double *v)
{
	return range_member(rd, obj, where, key, 0, max, v);
}

static int count_member(struct rd *rd, const struct rbsim_json *obj, const char *where,
			const char *key, unsigned int min, unsigned int max, unsigned int *v)
{
	double d;

	if (num_member(rd, obj, where, key, max, &d))
		return -1;
	if (d != floor(d) || d < min)
		return bad(rd, "line %u: \"%s\" in %s is %g, not a whole number from %u to %u",
			   rbsim_json_get(obj, key)->line, key, where, d, min, max);
	*v = (unsigned int)d;
	return 0;
}

#define MAX_NS 1e12 /* 1000 s: more is no cost of a ring buffer step */

static int read_stat(struct rd *rd, const struct rbsim_json *side, const char *where,
		     struct rbsim_cost_stat *st)
{
	static const char *const names[] = { "median", "p25", "p75", "min", "max", "n",
					     "samples", NULL };
	const struct rbsim_json *arr, *e;
	unsigned int i = 0;

	/* a sample is a difference of timings: the low ones may be below 0, the median not */
	if (only(rd, side, where, names) ||
	    num_member(rd, side, where, "median", MAX_NS, &st->median) ||
	    range_member(rd, side, where, "p25", -MAX_NS, MAX_NS, &st->p25) ||
	    range_member(rd, side, where, "p75", -MAX_NS, MAX_NS, &st->p75) ||
	    range_member(rd, side, where, "min", -MAX_NS, MAX_NS, &st->min) ||
	    range_member(rd, side, where, "max", -MAX_NS, MAX_NS, &st->max) ||
	    count_member(rd, side, where, "n", 1, MAX_SAMPLES, &st->n))
		return -1;
	if (!(st->min <= st->p25 && st->p25 <= st->median && st->median <= st->p75 &&
	      st->p75 <= st->max))
		return bad(rd, "line %u: %s: min <= p25 <= median <= p75 <= max does not hold",
			   side->line, where);
	arr = member(rd, side, where, "samples", RBSIM_JSON_ARRAY);
	if (!arr)
		return -1;
	if (arr->n != st->n)
		return bad(rd, "line %u: %s has %u samples, \"n\" says %u", arr->line, where,
			   arr->n, st->n);
	st->samples = malloc(st->n * sizeof(double));
	if (!st->samples)
		return bad(rd, "out of memory");
	for (e = arr->child; e; e = e->next, i++) {
		if (e->type != RBSIM_JSON_NUMBER || !isfinite(e->num) || fabs(e->num) > MAX_NS)
			return bad(rd, "line %u: sample %u of %s is not a number of ns", e->line,
				   i + 1, where);
		st->samples[i] = e->num;
	}
	return 0;
}

/*
 * does a profile of version v have cost k? (version 1 had no wakeup_busy,
 * 1-3 no wait_enter, 1-4 no reserve_fail, 1-5 no notify_wake, 1-11 no wait_look,
 * 1-14 no batch_gap)
 */
static bool has_cost(unsigned int v, int k)
{
	return (v >= 2 || k != RBSIM_COST_WAKEUP_BUSY) && (v >= 4 || k != RBSIM_COST_WAIT_ENTER) &&
	       (v >= 5 || k != RBSIM_COST_RESERVE_FAIL) && (v >= 6 || k != RBSIM_COST_NOTIFY_WAKE) &&
	       (v >= 12 || k != RBSIM_COST_WAIT_LOOK) && (v >= 15 || k != RBSIM_COST_BATCH_GAP);
}

/* an earlier version's missing cost k read as cost from's samples, on both sides */
static int cost_as(struct rd *rd, struct rbsim_profile *p, int k, int from)
{
	for (int s = 0; s < RBSIM_NSIDES; s++) {
		const struct rbsim_cost_stat *w = &p->stat[s][from];

		if (rbsim_cost_stat_set(&p->stat[s][k], w->samples, w->n))
			return bad(rd, "out of memory");
		*rbsim_cost_at(&p->side[s], k) = rbsim_cost_get(&p->side[s], from);
	}
	return 0;
}

/* an earlier version's missing cost k read as one sample of 0 ns, on both sides */
static int cost_zero(struct rd *rd, struct rbsim_profile *p, int k)
{
	static const double zero;

	for (int s = 0; s < RBSIM_NSIDES; s++) {
		if (rbsim_cost_stat_set(&p->stat[s][k], &zero, 1))
			return bad(rd, "out of memory");
		*rbsim_cost_at(&p->side[s], k) = 0;
	}
	return 0;
}

static int read_costs(struct rd *rd, const struct rbsim_json *costs, struct rbsim_profile *p)
{
	const char *names[RBSIM_NCOSTS + 1];
	char where[96];
	int n = 0;

	for (int k = 0; k < RBSIM_NCOSTS; k++)
		if (has_cost(p->version, k))
			names[n++] = rbsim_cost_descs[k].name;
	names[n] = NULL;
	if (only(rd, costs, "\"costs\"", names))
		return -1;
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		static const char *const cnames[] = { "unit", "what", "kernel", "port", NULL };
		const struct rbsim_json *c, *u;

		if (!has_cost(p->version, k))
			continue;
		snprintf(where, sizeof(where), "costs.%s", rbsim_cost_descs[k].name);
		c = member(rd, costs, "\"costs\"", rbsim_cost_descs[k].name, RBSIM_JSON_OBJECT);
		if (!c || only(rd, c, where, cnames))
			return -1;
		u = member(rd, c, where, "unit", RBSIM_JSON_STRING);
		if (!u)
			return -1;
		if (strcmp(u->str, "ns"))
			return bad(rd, "line %u: %s: unit \"%s\", expected \"ns\"", u->line, where,
				   u->str);
		if (!member(rd, c, where, "what", RBSIM_JSON_STRING))
			return -1;
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			const struct rbsim_json *side;
			char w2[128];

			snprintf(w2, sizeof(w2), "%s.%s", where, side_names[s]);
			side = member(rd, c, where, side_names[s], RBSIM_JSON_OBJECT);
			if (!side || read_stat(rd, side, w2, &p->stat[s][k]))
				return -1;
			*rbsim_cost_at(&p->side[s], k) = p->stat[s][k].median;
		}
	}
	/* version 1 measured one wake-up, with the producer idle: it stands for both */
	if (!has_cost(p->version, RBSIM_COST_WAKEUP_BUSY) &&
	    cost_as(rd, p, RBSIM_COST_WAKEUP_BUSY, RBSIM_COST_WAKEUP))
		return -1;
	/* before version 4 the whole wait was charged before it: its part before the re-poll */
	if (!has_cost(p->version, RBSIM_COST_WAIT_ENTER) &&
	    cost_as(rd, p, RBSIM_COST_WAIT_ENTER, RBSIM_COST_WAIT))
		return -1;
	/*
	 * before version 5 a refused reservation was charged nothing: one
	 * sample of 0 on each side keeps it so
	 */
	if (!has_cost(p->version, RBSIM_COST_RESERVE_FAIL) &&
	    cost_zero(rd, p, RBSIM_COST_RESERVE_FAIL))
		return -1;
	/*
	 * before version 6 where the kernel's notification wakes a consumer was
	 * not measured: one sample of 0 on each side, and the charge paid as it
	 * was, all before the port's wake-up (rbsim_inject_opts.has_wake)
	 */
	if (!has_cost(p->version, RBSIM_COST_NOTIFY_WAKE) &&
	    cost_zero(rd, p, RBSIM_COST_NOTIFY_WAKE))
		return -1;
	/*
	 * before version 12 where a wait decides to sleep was not measured: one
	 * sample of 0 on each side, and the wait charged as it was, split at
	 * wait_enter, the port's sleep comparing producer_pos
	 * (rbsim_inject_opts.has_look)
	 */
	if (!has_cost(p->version, RBSIM_COST_WAIT_LOOK) && cost_zero(rd, p, RBSIM_COST_WAIT_LOOK))
		return -1;
	/*
	 * before version 15 the gap after a full batch was not measured: one
	 * sample of 0 on each side, and a batch's trigger charged alone
	 */
	if (!has_cost(p->version, RBSIM_COST_BATCH_GAP) && cost_zero(rd, p, RBSIM_COST_BATCH_GAP))
		return -1;
	return 0;
}

/*
 * "idle_wakeups" (version 9 on): { "unit": "ns", "what": ..., "points": [
 * { "slept_ns": N, "kernel": STAT, "port": STAT }, ... ] }, up to
 * RBSIM_PROFILE_MAX_IDLE points (none: not measured), slept_ns rising
 */
static int read_idle(struct rd *rd, const struct rbsim_json *root, struct rbsim_profile *p)
{
	static const char *const inames[] = { "unit", "what", "points", NULL };
	static const char *const pnames[] = { "slept_ns", "kernel", "port", NULL };
	const struct rbsim_json *iw, *u, *pts, *e;
	char where[64], w2[80];
	unsigned int i = 0;

	iw = member(rd, root, "the profile", "idle_wakeups", RBSIM_JSON_OBJECT);
	if (!iw || only(rd, iw, "\"idle_wakeups\"", inames))
		return -1;
	u = member(rd, iw, "\"idle_wakeups\"", "unit", RBSIM_JSON_STRING);
	if (!u)
		return -1;
	if (strcmp(u->str, "ns"))
		return bad(rd, "line %u: idle_wakeups: unit \"%s\", expected \"ns\"", u->line,
			   u->str);
	if (!member(rd, iw, "\"idle_wakeups\"", "what", RBSIM_JSON_STRING))
		return -1;
	pts = member(rd, iw, "\"idle_wakeups\"", "points", RBSIM_JSON_ARRAY);
	if (!pts)
		return -1;
	if (pts->n > RBSIM_PROFILE_MAX_IDLE)
		return bad(rd, "line %u: idle_wakeups has %u points, at most %d", pts->line,
			   pts->n, RBSIM_PROFILE_MAX_IDLE);
	for (e = pts->child; e; e = e->next, i++) {
		struct rbsim_idle_wake *w = &p->idle[i];

		snprintf(where, sizeof(where), "idle_wakeups.points[%u]", i);
		if (e->type != RBSIM_JSON_OBJECT)
			return bad(rd, "line %u: %s is %s, not %s", e->line, where,
				   rbsim_json_type_name(e->type),
				   rbsim_json_type_name(RBSIM_JSON_OBJECT));
		if (only(rd, e, where, pnames) ||
		    range_member(rd, e, where, "slept_ns", 1, MAX_NS, &w->slept_ns))
			return -1;
		if (i && w->slept_ns <= p->idle[i - 1].slept_ns)
			return bad(rd, "line %u: %s: slept_ns %g is not above the point before's %g",
				   e->line, where, w->slept_ns, p->idle[i - 1].slept_ns);
		p->nidle = i + 1; /* their samples are freed with the profile from here */
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			const struct rbsim_json *side;

			snprintf(w2, sizeof(w2), "%s.%s", where, side_names[s]);
			side = member(rd, e, where, side_names[s], RBSIM_JSON_OBJECT);
			if (!side || read_stat(rd, side, w2, &w->stat[s]))
				return -1;
		}
	}
	return 0;
}

/*
 * "halt_polling" (version 10 on): null, or { "unit": "ns", "what": ...,
 * "max_ns": N, "short_nap_ns": N, "trains": [ { "slept_ns": N, "halts": N,
 * "places": [ 9 numbers ] }, ... ] }, up to RBSIM_PROFILE_MAX_IDLE trains,
 * slept_ns rising above max_ns
 */
static int read_halt(struct rd *rd, const struct rbsim_json *root, struct rbsim_profile *p)
{
	static const char *const hnames[] = { "unit", "what", "max_ns", "short_nap_ns", "trains",
					      NULL };
	static const char *const tnames[] = { "slept_ns", "halts", "places", NULL };
	struct rbsim_halt_poll *h = &p->halt;
	const struct rbsim_json *hp, *u, *ts, *e, *pl, *x;
	char where[64];
	unsigned int i = 0, k;

	hp = rbsim_json_get(root, "halt_polling");
	if (!hp)
		return bad(rd, "the profile has no \"halt_polling\"");
	if (hp->type == RBSIM_JSON_NULL)
		return 0;
	if (hp->type != RBSIM_JSON_OBJECT)
		return bad(rd, "line %u: \"halt_polling\" is %s, not %s or null", hp->line,
			   rbsim_json_type_name(hp->type), rbsim_json_type_name(RBSIM_JSON_OBJECT));
	if (only(rd, hp, "\"halt_polling\"", hnames))
		return -1;
	u = member(rd, hp, "\"halt_polling\"", "unit", RBSIM_JSON_STRING);
	if (!u)
		return -1;
	if (strcmp(u->str, "ns"))
		return bad(rd, "line %u: halt_polling: unit \"%s\", expected \"ns\"", u->line,
			   u->str);
	if (!member(rd, hp, "\"halt_polling\"", "what", RBSIM_JSON_STRING) ||
	    range_member(rd, hp, "\"halt_polling\"", "max_ns", 1, MAX_NS, &h->max_ns) ||
	    range_member(rd, hp, "\"halt_polling\"", "short_nap_ns", 1, MAX_NS,
			 &h->short_nap_ns))
		return -1;
	ts = member(rd, hp, "\"halt_polling\"", "trains", RBSIM_JSON_ARRAY);
	if (!ts)
		return -1;
	if (ts->n > RBSIM_PROFILE_MAX_IDLE)
		return bad(rd, "line %u: halt_polling has %u trains, at most %d", ts->line, ts->n,
			   RBSIM_PROFILE_MAX_IDLE);
	for (e = ts->child; e; e = e->next, i++) {
		struct rbsim_halt_train *t = &h->train[i];

		snprintf(where, sizeof(where), "halt_polling.trains[%u]", i);
		if (e->type != RBSIM_JSON_OBJECT)
			return bad(rd, "line %u: %s is %s, not %s", e->line, where,
				   rbsim_json_type_name(e->type),
				   rbsim_json_type_name(RBSIM_JSON_OBJECT));
		if (only(rd, e, where, tnames) ||
		    range_member(rd, e, where, "slept_ns", 1, MAX_NS, &t->slept_ns) ||
		    count_member(rd, e, where, "halts", 0, RBSIM_PROFILE_MAX_HALTS, &t->halts))
			return -1;
		if (t->slept_ns <= (i ? h->train[i - 1].slept_ns : h->max_ns))
			return bad(rd, "line %u: %s: slept_ns %g is not above %s's %g", e->line,
				   where, t->slept_ns, i ? "the train before" : "max_ns",
				   i ? h->train[i - 1].slept_ns : h->max_ns);
		pl = member(rd, e, where, "places", RBSIM_JSON_ARRAY);
		if (!pl)
			return -1;
		if (pl->n != RBSIM_PROFILE_HALT_PLACES)
			return bad(rd, "line %u: %s.places has %u numbers, not %d", pl->line, where,
				   pl->n, RBSIM_PROFILE_HALT_PLACES);
		for (x = pl->child, k = 0; x; x = x->next, k++) {
			if (x->type != RBSIM_JSON_NUMBER || !isfinite(x->num) || x->num < 0 ||
			    x->num > MAX_NS)
				return bad(rd, "line %u: %s.places[%u] is not a number from 0 to %g",
					   x->line, where, k, MAX_NS);
			t->place_ns[k] = x->num;
		}
		h->ntrains = i + 1;
	}
	return 0;
}

/* "preempt" and "preempt_from" of "kernel", from version 3 on; unknown before */
static int preempt_member(struct rd *rd, const struct rbsim_json *k, struct rbsim_profile *p)
{
	char name[16];

	p->machine.preempt = RBSIM_PREEMPT_UNKNOWN;
	p->machine.preempt_from[0] = '\0';
	if (p->version < 3)
		return 0;
	if (str_member(rd, k, "\"kernel\"", "preempt", name, sizeof(name)) ||
	    str_member(rd, k, "\"kernel\"", "preempt_from", p->machine.preempt_from,
		       sizeof(p->machine.preempt_from)))
		return -1;
	p->machine.preempt = rbsim_preempt_from_name(name);
	if (p->machine.preempt == RBSIM_PREEMPT_NR)
		return bad(rd, "\"kernel\": \"preempt\": \"%s\" is none of unknown, none, "
			   "voluntary, lazy, full, rt", name);
	return 0;
}

/* "settings": "port_write" (version 8 on): place or kernel */
static int port_write_member(struct rd *rd, const struct rbsim_json *s, struct rbsim_profile *p)
{
	char name[16];

	if (str_member(rd, s, "\"settings\"", "port_write", name, sizeof(name)))
		return -1;
	if (!strcmp(name, rbsim_write_names[RBSIM_WRITE_PLACE]))
		p->port_write = RBSIM_WRITE_PLACE;
	else if (!strcmp(name, rbsim_write_names[RBSIM_WRITE_KERNEL]))
		p->port_write = RBSIM_WRITE_KERNEL;
	else
		return bad(rd, "\"settings\": \"port_write\": \"%s\" is neither place nor kernel",
			   name);
	return 0;
}

/*
 * "host_stops" (version 11 on): null, or { "unit": "ns", "what": ...,
 * "period_ns": N, "quota_ns": N, "burst_ns": N, "rounds": [ { "spin_ns": N,
 * "stops": N, "stopped_ns": N, "first_ns": N }, ... ] }, 1 to
 * RBSIM_PROFILE_STOP_ROUNDS rounds
 */
static int read_stops(struct rd *rd, const struct rbsim_json *root, struct rbsim_profile *p)
{
	static const char *const snames[] = { "unit", "what", "period_ns", "quota_ns",
					      "burst_ns", "rounds", NULL };
	static const char *const rnames[] = { "spin_ns", "stops", "stopped_ns", "first_ns",
					      NULL };
	struct rbsim_host_stops *h = &p->stops;
	const struct rbsim_json *hs, *u, *rs, *e;
	char where[64];
	unsigned int i = 0;

	hs = rbsim_json_get(root, "host_stops");
	if (!hs)
		return bad(rd, "the profile has no \"host_stops\"");
	if (hs->type == RBSIM_JSON_NULL)
		return 0;
	if (hs->type != RBSIM_JSON_OBJECT)
		return bad(rd, "line %u: \"host_stops\" is %s, not %s or null", hs->line,
			   rbsim_json_type_name(hs->type), rbsim_json_type_name(RBSIM_JSON_OBJECT));
	if (only(rd, hs, "\"host_stops\"", snames))
		return -1;
	u = member(rd, hs, "\"host_stops\"", "unit", RBSIM_JSON_STRING);
	if (!u)
		return -1;
	if (strcmp(u->str, "ns"))
		return bad(rd, "line %u: host_stops: unit \"%s\", expected \"ns\"", u->line,
			   u->str);
	/* --vcosts hoststop='s bounds: a period of 1 ms to an hour, 64 CPUs' worth of it */
	if (!member(rd, hs, "\"host_stops\"", "what", RBSIM_JSON_STRING) ||
	    range_member(rd, hs, "\"host_stops\"", "period_ns", 1e6, 3.6e12, &h->period_ns) ||
	    range_member(rd, hs, "\"host_stops\"", "quota_ns", 1, 64 * h->period_ns,
			 &h->quota_ns) ||
	    range_member(rd, hs, "\"host_stops\"", "burst_ns", 0, 64 * h->period_ns,
			 &h->burst_ns))
		return -1;
	rs = member(rd, hs, "\"host_stops\"", "rounds", RBSIM_JSON_ARRAY);
	if (!rs)
		return -1;
	if (rs->n < 1 || rs->n > RBSIM_PROFILE_STOP_ROUNDS)
		return bad(rd, "line %u: host_stops has %u rounds, 1 to %d", rs->line, rs->n,
			   RBSIM_PROFILE_STOP_ROUNDS);
	for (e = rs->child; e; e = e->next, i++) {
		struct rbsim_stop_round *r = &h->round[i];

		snprintf(where, sizeof(where), "host_stops.rounds[%u]", i);
		if (e->type != RBSIM_JSON_OBJECT)
			return bad(rd, "line %u: %s is %s, not %s", e->line, where,
				   rbsim_json_type_name(e->type),
				   rbsim_json_type_name(RBSIM_JSON_OBJECT));
		if (only(rd, e, where, rnames) ||
		    range_member(rd, e, where, "spin_ns", 1, MAX_NS, &r->spin_ns) ||
		    count_member(rd, e, where, "stops", 0, 1u << 20, &r->stops) ||
		    range_member(rd, e, where, "stopped_ns", 0, 2 * r->spin_ns, &r->stopped_ns) ||
		    range_member(rd, e, where, "first_ns", 0, r->spin_ns, &r->first_ns))
			return -1;
	}
	h->nrounds = i;
	return 0;
}

static int read_tree(struct rd *rd, const struct rbsim_json *root, struct rbsim_profile *p)
{
	static const char *const top[] = { "format", "version", "machine", "kernel", "date", "git",
					   "rbsim", "settings", "costs", "idle_wakeups",
					   "halt_polling", "host_stops", NULL };
	static const char *const mach[] = { "host", "cpu", "cpus", "virtualization", NULL };
	static const char *const kern[] = { "release", "version", "preempt", "preempt_from",
					    NULL };
	static const char *const kern2[] = { "release", "version", NULL }; /* versions 1, 2 */
	static const char *const sett[] = { "samples", "passes", "spread", "trigger_syscall",
					    "port_write", NULL };
	static const char *const sett12[] = { "samples", "passes", "trigger_syscall",
					      "port_write", NULL };
	static const char *const sett7[] = { "samples", "passes", "trigger_syscall", NULL };
	static const char *const sett6[] = { "samples", "trigger_syscall", NULL }; /* 1-6 */
	const struct rbsim_json *f, *v, *m, *k, *s, *c;
	int ret;

	if (root->type != RBSIM_JSON_OBJECT)
		return bad(rd, "not an rbsim profile (the file is %s, not an object)",
			   rbsim_json_type_name(root->type));
	f = rbsim_json_get(root, "format");
	if (!f || f->type != RBSIM_JSON_STRING || strcmp(f->str, RBSIM_PROFILE_FORMAT))
		return bad(rd, "not an rbsim profile (no \"format\": \"%s\")",
			   RBSIM_PROFILE_FORMAT);
	v = member(rd, root, "the profile", "version", RBSIM_JSON_NUMBER);
	if (!v)
		return -1;
	if (v->num != floor(v->num) || v->num < 1 || v->num > RBSIM_PROFILE_VERSION)
		return bad(rd, "profile format version %g; this rbsim reads versions 1 to %d "
			   "(make it again with rbsim calibrate)", v->num, RBSIM_PROFILE_VERSION);
	p->version = (unsigned int)v->num;
	if (only(rd, root, "the profile", top))
		return -1;
	m = member(rd, root, "the profile", "machine", RBSIM_JSON_OBJECT);
	if (!m || only(rd, m, "\"machine\"", mach) ||
	    str_member(rd, m, "\"machine\"", "host", p->machine.host, sizeof(p->machine.host)) ||
	    str_member(rd, m, "\"machine\"", "cpu", p->machine.cpu, sizeof(p->machine.cpu)) ||
	    count_member(rd, m, "\"machine\"", "cpus", 1, 1u << 20, &p->machine.cpus) ||
	    str_member(rd, m, "\"machine\"", "virtualization", p->machine.virt,
		       sizeof(p->machine.virt)))
		return -1;
	k = member(rd, root, "the profile", "kernel", RBSIM_JSON_OBJECT);
	if (!k || only(rd, k, "\"kernel\"", p->version < 3 ? kern2 : kern) ||
	    str_member(rd, k, "\"kernel\"", "release", p->machine.kernel,
		       sizeof(p->machine.kernel)) ||
	    str_member(rd, k, "\"kernel\"", "version", p->machine.kernel_version,
		       sizeof(p->machine.kernel_version)) ||
	    preempt_member(rd, k, p))
		return -1;
	if (str_member(rd, root, "the profile", "date", p->date, sizeof(p->date)) ||
	    str_member(rd, root, "the profile", "git", p->git, sizeof(p->git)) ||
	    str_member(rd, root, "the profile", "rbsim", p->rbsim, sizeof(p->rbsim)))
		return -1;
	s = member(rd, root, "the profile", "settings", RBSIM_JSON_OBJECT);
	p->passes = 1;
	p->port_write = RBSIM_WRITE_PLACE;
	if (!s ||
	    only(rd, s, "\"settings\"", p->version < 7 ? sett6 : p->version < 8 ? sett7 :
					p->version < 13 ? sett12 : sett) ||
	    count_member(rd, s, "\"settings\"", "samples", 1, MAX_SAMPLES, &p->samples) ||
	    (p->version >= 7 &&
	     count_member(rd, s, "\"settings\"", "passes", 1, RBSIM_PROFILE_MAX_PASSES, &p->passes)) ||
	    str_member(rd, s, "\"settings\"", "trigger_syscall", p->trigger_syscall,
		       sizeof(p->trigger_syscall)) ||
	    (p->version >= 13 &&
	     count_member(rd, s, "\"settings\"", "spread", 0, MAX_SAMPLES, &p->spread)) ||
	    (p->version >= 8 && port_write_member(rd, s, p)))
		return -1;
	if (p->spread > p->samples)
		return bad(rd, "line %u: \"spread\" in \"settings\" is %u: more blocks than its "
			   "%u samples", rbsim_json_get(s, "spread")->line, p->spread, p->samples);
	if (p->spread && p->passes < 2)
		return bad(rd, "line %u: \"spread\" in \"settings\" is %u with one pass: no gap "
			   "to take blocks in", rbsim_json_get(s, "spread")->line, p->spread);
	c = member(rd, root, "the profile", "costs", RBSIM_JSON_OBJECT);
	if (!c || read_costs(rd, c, p))
		return -1;
	ret = rbsim_profile_spread_figures(p);
	if (ret == -ENOMEM)
		return bad(rd, "out of memory");
	if (ret)
		return bad(rd, "line %u: \"spread\" in \"settings\" is %u: more blocks than "
			   "a spread cost has samples", rbsim_json_get(s, "spread")->line,
			   p->spread);
	if (p->version >= 9 && read_idle(rd, root, p))
		return -1;
	if (p->version >= 10 && read_halt(rd, root, p))
		return -1;
	if (p->version >= 11)
		return read_stops(rd, root, p);
	/* named last: a version's other members come first */
	if (p->version < 9 && (c = rbsim_json_get(root, "idle_wakeups")))
		return bad(rd, "line %u: unknown member \"idle_wakeups\" in the profile", c->line);
	if (p->version < 10 && (c = rbsim_json_get(root, "halt_polling")))
		return bad(rd, "line %u: unknown member \"halt_polling\" in the profile", c->line);
	if ((c = rbsim_json_get(root, "host_stops")))
		return bad(rd, "line %u: unknown member \"host_stops\" in the profile", c->line);
	return 0;
}

int rbsim_profile_read(const char *path, struct rbsim_profile *p, char *err, size_t errlen)
{
	struct rd rd = { .path = path, .err = err, .errlen = errlen };
	struct rbsim_json *root;
	char jerr[256], *text = NULL;
	size_t len = 0;
	struct stat st;
	ssize_t n;
	int fd, ret;

	memset(p, 0, sizeof(*p));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return bad(&rd, "%s", errno == ENOENT ? "no such file" : strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return bad(&rd, "not a regular file");
	}
	if (st.st_size > MAX_FILE) {
		close(fd);
		return bad(&rd, "larger than %d MiB: not a profile", MAX_FILE >> 20);
	}
	text = malloc((size_t)st.st_size + 1);
	if (!text) {
		close(fd);
		return bad(&rd, "out of memory");
	}
	while ((n = read(fd, text + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)n;
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret) {
		free(text);
		return bad(&rd, "%s", strerror(-ret));
	}
	if (memchr(text, '\0', len)) {
		free(text);
		return bad(&rd, "not JSON (a NUL byte: a binary file?)");
	}
	root = rbsim_json_parse(text, len, jerr, sizeof(jerr));
	free(text);
	if (!root)
		return bad(&rd, "not JSON: %s", jerr);
	ret = read_tree(&rd, root, p);
	rbsim_json_free(root);
	if (ret)
		rbsim_profile_free(p);
	return ret;
}

/* ---- writing ---- */

static void put_str(FILE *f, const char *s)
{
	char esc[7];

	fputc('"', f);
	for (; *s; s++)
		fputs(rbsim_json_escape((unsigned char)*s, esc), f);
	fputc('"', f);
}

/* the shortest of %.15g, %.17g that reads back as v */
static void put_num(FILE *f, double v)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof(buf), "%.17g", v);
	fputs(buf, f);
}

static void put_stat(FILE *f, const struct rbsim_cost_stat *st)
{
	fputs("{ \"median\": ", f);
	put_num(f, st->median);
	fputs(", \"p25\": ", f);
	put_num(f, st->p25);
	fputs(", \"p75\": ", f);
	put_num(f, st->p75);
	fputs(", \"min\": ", f);
	put_num(f, st->min);
	fputs(", \"max\": ", f);
	put_num(f, st->max);
	fprintf(f, ", \"n\": %u,\n          \"samples\": [", st->n);
	for (unsigned int i = 0; i < st->n; i++) {
		if (i)
			fputs(i % 10 ? ", " : ",\n            ", f);
		put_num(f, st->samples[i]);
	}
	fputs("] }", f);
}

/* "halt_polling": null without a window (max_ns 0) */
static void put_halt(FILE *f, const struct rbsim_halt_poll *h)
{
	if (h->max_ns <= 0) {
		fputs("null", f);
		return;
	}
	fputs("{\n    \"unit\": \"ns\",\n    \"what\": ", f);
	put_str(f, RBSIM_PROFILE_HALT_WHAT);
	fputs(",\n    \"max_ns\": ", f);
	put_num(f, h->max_ns);
	fputs(", \"short_nap_ns\": ", f);
	put_num(f, h->short_nap_ns);
	fputs(",\n    \"trains\": [", f);
	for (unsigned int i = 0; i < h->ntrains; i++) {
		fprintf(f, "%s\n      { \"slept_ns\": ", i ? "," : "");
		put_num(f, h->train[i].slept_ns);
		fprintf(f, ", \"halts\": %u, \"places\": [", h->train[i].halts);
		for (int k = 0; k < RBSIM_PROFILE_HALT_PLACES; k++) {
			fputs(k ? ", " : "", f);
			put_num(f, h->train[i].place_ns[k]);
		}
		fputs("] }", f);
	}
	fputs("\n    ]\n  }", f);
}

/* "host_stops": null without stops (period_ns 0) */
static void put_stops(FILE *f, const struct rbsim_host_stops *h)
{
	if (h->period_ns <= 0) {
		fputs("null", f);
		return;
	}
	fputs("{\n    \"unit\": \"ns\",\n    \"what\": ", f);
	put_str(f, RBSIM_PROFILE_STOPS_WHAT);
	fputs(",\n    \"period_ns\": ", f);
	put_num(f, h->period_ns);
	fputs(", \"quota_ns\": ", f);
	put_num(f, h->quota_ns);
	fputs(", \"burst_ns\": ", f);
	put_num(f, h->burst_ns);
	fputs(",\n    \"rounds\": [", f);
	for (unsigned int i = 0; i < h->nrounds; i++) {
		fprintf(f, "%s\n      { \"spin_ns\": ", i ? "," : "");
		put_num(f, h->round[i].spin_ns);
		fprintf(f, ", \"stops\": %u, \"stopped_ns\": ", h->round[i].stops);
		put_num(f, h->round[i].stopped_ns);
		fputs(", \"first_ns\": ", f);
		put_num(f, h->round[i].first_ns);
		fputs(" }", f);
	}
	fputs("\n    ]\n  }", f);
}

static void put_profile(FILE *f, const struct rbsim_profile *p)
{
	const struct rbsim_machine *m = &p->machine;

	fprintf(f, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"machine\": { \"host\": ",
		RBSIM_PROFILE_FORMAT, RBSIM_PROFILE_VERSION);
	put_str(f, m->host);
	fputs(", \"cpu\": ", f);
	put_str(f, m->cpu);
	fprintf(f, ", \"cpus\": %u, \"virtualization\": ", m->cpus);
	put_str(f, m->virt);
	fputs(" },\n  \"kernel\": { \"release\": ", f);
	put_str(f, m->kernel);
	fputs(", \"version\": ", f);
	put_str(f, m->kernel_version);
	fputs(",\n    \"preempt\": ", f);
	put_str(f, rbsim_preempt_names[m->preempt]);
	fputs(", \"preempt_from\": ", f);
	put_str(f, m->preempt_from);
	fputs(" },\n  \"date\": ", f);
	put_str(f, p->date);
	fputs(",\n  \"git\": ", f);
	put_str(f, p->git);
	fputs(",\n  \"rbsim\": ", f);
	put_str(f, p->rbsim);
	fprintf(f, ",\n  \"settings\": { \"samples\": %u, \"passes\": %u, \"spread\": %u, "
		"\"trigger_syscall\": ", p->samples, p->passes ? p->passes : 1, p->spread);
	put_str(f, p->trigger_syscall);
	fputs(", \"port_write\": ", f);
	put_str(f, rbsim_write_names[p->port_write == RBSIM_WRITE_KERNEL ? RBSIM_WRITE_KERNEL :
				     RBSIM_WRITE_PLACE]);
	fputs(" },\n  \"costs\": {", f);
	for (int k = 0; k < RBSIM_NCOSTS; k++) {
		fprintf(f, "%s\n    \"%s\": {\n      \"unit\": \"ns\",\n      \"what\": ",
			k ? "," : "", rbsim_cost_descs[k].name);
		put_str(f, rbsim_cost_descs[k].what);
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			fprintf(f, ",\n      \"%s\": ", side_names[s]);
			put_stat(f, &p->stat[s][k]);
		}
		fputs("\n    }", f);
	}
	fputs("\n  },\n  \"idle_wakeups\": {\n    \"unit\": \"ns\",\n    \"what\": ", f);
	put_str(f, RBSIM_PROFILE_IDLE_WHAT);
	fputs(",\n    \"points\": [", f);
	for (unsigned int i = 0; i < p->nidle; i++) {
		fprintf(f, "%s\n      { \"slept_ns\": ", i ? "," : "");
		put_num(f, p->idle[i].slept_ns);
		for (int s = 0; s < RBSIM_NSIDES; s++) {
			fprintf(f, ",\n        \"%s\": ", side_names[s]);
			put_stat(f, &p->idle[i].stat[s]);
		}
		fputs(" }", f);
	}
	fputs("\n    ]\n  },\n  \"halt_polling\": ", f);
	put_halt(f, &p->halt);
	fputs(",\n  \"host_stops\": ", f);
	put_stops(f, &p->stops);
	fputs("\n}\n", f);
}

int rbsim_profile_write(const char *path, const struct rbsim_profile *p, char *err,
			size_t errlen)
{
	struct rd rd = { .path = path, .err = err, .errlen = errlen };
	char tmp[4096];
	mode_t um;
	FILE *f;
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return bad(&rd, "file name too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return bad(&rd, "cannot write beside it: %s", strerror(errno));
	f = fdopen(fd, "w");
	if (!f) {
		e = errno;
		close(fd);
		unlink(tmp);
		return bad(&rd, "%s", strerror(e));
	}
	put_profile(f, p);
	if (fflush(f) || ferror(f) || fsync(fd)) {
		e = errno;
		fclose(f);
		unlink(tmp);
		return bad(&rd, "%s", strerror(e ? e : EIO));
	}
	if (fclose(f)) {
		e = errno;
		unlink(tmp);
		return bad(&rd, "%s", strerror(e));
	}
	/* mkstemp's 0600: a profile is as readable as any results file */
	um = umask(0);
	umask(um);
	chmod(tmp, 0644 & ~um);
	if (rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		return bad(&rd, "%s", strerror(e));
	}
	return 0;
}
