// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --mix: a set of event types, each with its payload size and
 * its relative frequency, under four ways a BPF program can put them in the
 * ring buffer (Linux 6.18, kernel/bpf/ringbuf.c):
 *  - exact:  bpf_ringbuf_reserve() with each type's own (constant) size;
 *  - max:    bpf_ringbuf_reserve() of the largest struct for every event;
 *  - output: bpf_ringbuf_output() from a scratch copy: the same footprint as
 *            exact (it reserves size bytes too), plus one copy per record;
 *  - dynptr: bpf_ringbuf_reserve_dynptr() with a size known at run time: the
 *            same footprint as exact, the size checked at run time.
 * Every reservation takes round_up(size + BPF_RINGBUF_HDR_SZ, 8) bytes
 * (__bpf_ringbuf_reserve()). --verify measures each footprint and the ns per
 * record of each strategy on the port.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ringbuf/ringbuf.h"
#include "ringbuf/kernel_compat.h"
#include "sim/clock.h"
#include "sim/options.h"
#include "sim/overhead_internal.h"

/* one type, from its three fields; where says "entry 2" or "line 3" */
static int ov_mix_add(struct ov_mix *m, const char *where, const char *name, const char *size,
		      const char *weight, char *why, size_t len)
{
	struct ov_mix_type *t;
	char num[128];
	__u64 v;
	size_t i, n = strlen(name);

	if (m->n >= OV_MIX_MAX_TYPES) {
		snprintf(why, len, "%s: more than %u event types", where, OV_MIX_MAX_TYPES);
		return -1;
	}
	if (!n || n >= OV_MIX_NAME_MAX) {
		snprintf(why, len, "%s: a name of 1 to %u characters is needed", where,
			 OV_MIX_NAME_MAX - 1);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i])) {
			snprintf(why, len, "%s: name '%s': letters, digits, '_', '.' and '-' only",
				 where, name);
			return -1;
		}
	}
	for (i = 0; i < m->n; i++) {
		if (!strcmp(m->t[i].name, name)) {
			snprintf(why, len, "%s: type %s named twice", where, name);
			return -1;
		}
	}
	t = &m->t[m->n];
	memset(t, 0, sizeof(*t));
	memcpy(t->name, name, n + 1);
	if (rbsim_num_parse(size, 0, OV_RB_MAX_RECORD_SZ, &v, num, sizeof(num))) {
		snprintf(why, len, "%s (%s): size %s: %s", where, name, size, num);
		return -1;
	}
	t->size = v;
	if (rbsim_num_parse(weight, 1, OV_MIX_MAX_WEIGHT, &v, num, sizeof(num))) {
		snprintf(why, len, "%s (%s): weight %s: %s", where, name, weight, num);
		return -1;
	}
	t->weight = v;
	m->n++;
	return 0;
}

int ov_mix_parse_spec(struct ov_mix *m, const char *spec, char *why, size_t len)
{
	char *copy = strdup(spec), *entry, *next, *f[3], *colon, where[32];
	unsigned int k = 0;
	int i, ret = -1;

	if (!copy) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	for (entry = copy; entry; entry = next) {
		next = strchr(entry, ',');
		if (next)
			*next++ = '\0';
		snprintf(where, sizeof(where), "entry %u", ++k);
		for (i = 0, f[0] = entry; i < 2; i++) {
			colon = strchr(f[i], ':');
			if (!colon)
				break;
			*colon = '\0';
			f[i + 1] = colon + 1;
		}
		if (i < 2 || strchr(f[2], ':')) {
			snprintf(why, len, "%s: expected name:size:weight, e.g. exec:112:10",
				 where);
			goto out;
		}
		if (ov_mix_add(m, where, f[0], f[1], f[2], why, len))
			goto out;
	}
	ret = 0;
out:
	free(copy);
	return ret;
}

int ov_mix_parse_file(struct ov_mix *m, const char *path, char *why, size_t len)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *tok[4], *save, *hash, where[32];
	size_t cap = 0, lineno = 0;
	int nf, ret = -1;

	if (!f) {
		snprintf(why, len, "cannot read: %s", strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		snprintf(where, sizeof(where), "line %zu", ++lineno);
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		for (nf = 0; nf < 4; nf++) {
			tok[nf] = strtok_r(nf ? NULL : line, " \t\r\n", &save);
			if (!tok[nf])
				break;
		}
		if (!nf)
			continue;
		if (nf != 3) {
			snprintf(why, len, "%s: expected 'name size weight', got %s fields", where,
				 nf > 3 ? "more than 3" : nf == 1 ? "1" : "2");
			goto out;
		}
		if (ov_mix_add(m, where, tok[0], tok[1], tok[2], why, len))
			goto out;
	}
	if (ferror(f)) {
		snprintf(why, len, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!m->n) {
		snprintf(why, len, "no event types in it");
		goto out;
	}
	ret = 0;
out:
	free(line);
	fclose(f);
	return ret;
}

static uint64_t ov_mix_fp(uint64_t size)
{
	return round_up(size + OV_RB_HDR_SZ, (uint64_t)8);
}

/* the figures of a strategy whose events take sum_fp bytes per total weight */
static void ov_mix_strat(const struct ov_opts *o, const struct ov_mix *m,
			 unsigned __int128 sum_fp, unsigned __int128 sum_size,
			 struct ov_mix_strat *s)
{
	double w = (double)m->total_weight;

	s->ok = true;
	s->bytes = (double)sum_fp / w;
	s->payload = (double)sum_size / w;
	s->per_mib = 1048576.0 * w / (double)sum_fp;
	s->wasted = (double)(sum_fp - sum_size) / (double)sum_fp;
	/* as a full ring of the mix: refused once the records would take more than ring - 1 */
	s->ring_events = (uint64_t)((unsigned __int128)(o->ring_size - 1) * m->total_weight /
				    sum_fp);
	s->ns = -1;
}

void ov_mix_compute(const struct ov_opts *o, struct ov_mix *m)
{
	static const char *const names[OV_NSTRAT] = { "exact", "max", "output", "dynptr" };
	unsigned __int128 sum_fp = 0, sum_size = 0;
	uint64_t max_fp;
	size_t i;
	int k;

	m->total_weight = 0;
	m->max_size = 0;
	for (i = 0; i < m->n; i++) {
		struct ov_mix_type *t = &m->t[i];

		t->fp = ov_mix_fp(t->size);
		m->total_weight += t->weight;
		sum_fp += (unsigned __int128)t->weight * t->fp;
		sum_size += (unsigned __int128)t->weight * t->size;
		if (t->size > m->max_size)
			m->max_size = t->size;
	}
	max_fp = ov_mix_fp(m->max_size);
	ov_mix_strat(o, m, sum_fp, sum_size, &m->s[OV_EXACT]);
	ov_mix_strat(o, m, (unsigned __int128)max_fp * m->total_weight, sum_size, &m->s[OV_MAX]);
	m->s[OV_OUTPUT] = m->s[OV_EXACT];
	m->s[OV_DYNPTR] = m->s[OV_EXACT];
	/* bpf_ringbuf_reserve_dynptr() refuses more than DYNPTR_MAX_SIZE with -E2BIG */
	m->s[OV_DYNPTR].ok = m->max_size <= OV_DYNPTR_MAX_SIZE;
	for (k = 0; k < OV_NSTRAT; k++)
		m->s[k].name = names[k];
}

/* ---- --verify: the port ---- */

/* ring bytes each timing writes, within OV_MIX_MIN_RECORDS..OV_MIX_MAX_RECORDS records */
#define OV_MIX_TIMED_BYTES (8U << 20)

struct ov_mix_port {
	struct bpf_ringbuf_map *map;
	struct ringbuf_mmap view;
	char *src, *scratch; /* the event a program builds; bpf_ringbuf_output()'s scratch copy */
};

/* a consumer that keeps up: everything submitted is consumed */
static unsigned long ov_mix_drain(struct ov_mix_port *p)
{
	/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
	unsigned long prod_pos = smp_load_acquire(p->view.producer_pos);

	/* R3: pairs with smp_load_acquire(&rb->consumer_pos) in reserve (A3) */
	smp_store_release(p->view.consumer_pos, prod_pos);
	return prod_pos;
}

/*
 * One event of a type (size bytes) under a strategy, as a BPF program writes
 * it: the event is built by one copy of its payload, into the record (reserve,
 * dynptr) or into a scratch buffer that bpf_ringbuf_output() copies again.
 * 0, or -1 when the port refused it.
 */
static int ov_mix_one(struct ov_mix_port *p, int strat, uint64_t size, uint64_t max_size)
{
	void *rec;

	switch (strat) {
	case OV_EXACT:
	case OV_MAX:
		rec = bpf_ringbuf_reserve(p->map, strat == OV_MAX ? max_size : size, 0);
		if (!rec)
			return -1;
		memcpy(rec, p->src, size);
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
		return 0;
	case OV_OUTPUT:
		memcpy(p->scratch, p->src, size);
		return bpf_ringbuf_output(p->map, p->scratch, size, BPF_RB_NO_WAKEUP) ? -1 : 0;
	default:
		if (bpf_ringbuf_reserve_dynptr(p->map, (__u32)size, 0, &rec))
			return -1;
		memcpy(rec, p->src, size);
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
		return 0;
	}
}

/* ns per record of n events, the ring drained whenever the next would not fit */
static double ov_mix_time(const struct ov_opts *o, struct ov_mix_port *p, int strat,
			  uint64_t size, uint64_t max_size, uint64_t fp, uint64_t n)
{
	uint64_t per_ring = (o->ring_size - 1) / fp, done = 0, i, batch;
	__u64 t0 = rbsim_now_ns();

	while (done < n) {
		batch = n - done < per_ring ? n - done : per_ring;
		for (i = 0; i < batch; i++) {
			if (ov_mix_one(p, strat, size, max_size))
				return -1;
		}
		ov_mix_drain(p);
		done += batch;
	}
	return (double)(rbsim_now_ns() - t0) / (double)n;
}

/*
 * one type: each strategy's footprint, then its timing, rounds interleaved
 * after one untimed round that faults the ring's pages in; the fastest round
 * is kept, the one the other processes of a shared machine disturbed least
 */
static int ov_mix_measure(const struct ov_opts *o, struct ov_mix *m, struct ov_mix_port *p,
			  struct ov_mix_type *t)
{
	uint64_t fp[OV_NSTRAT], n, before;
	double ns;
	int k, r;

	for (k = 0; k < OV_NSTRAT; k++) {
		fp[k] = k == OV_MAX ? ov_mix_fp(m->max_size) : t->fp;
		t->ns[k] = -1;
		/*
		 * not timed: a record as large as the ring or larger (the kernel
		 * refuses new_prod_pos - cons_pos > mask), a dynptr above 16 MiB - 1
		 */
		t->measured[k] = fp[k] < o->ring_size &&
				 (k != OV_DYNPTR || t->size <= OV_DYNPTR_MAX_SIZE);
		if (!t->measured[k])
			continue;
		before = ov_mix_drain(p);
		if (ov_mix_one(p, k, t->size, m->max_size))
			return -1;
		/* A1: pairs with smp_store_release(&rb->producer_pos) in reserve (R1) */
		t->fp_port[k] = smp_load_acquire(p->view.producer_pos) - before;
		ov_mix_drain(p);
		if (t->fp_port[k] != fp[k]) {
			fprintf(stderr, "rbsim overhead: MISMATCH type %s %s: measured footprint "
				"%llu, computed %llu\n", t->name, m->s[k].name,
				(unsigned long long)t->fp_port[k], (unsigned long long)fp[k]);
			m->mismatch = true;
		}
	}
	n = OV_MIX_TIMED_BYTES / t->fp;
	n = n < OV_MIX_MIN_RECORDS ? OV_MIX_MIN_RECORDS : n > OV_MIX_MAX_RECORDS ?
	    OV_MIX_MAX_RECORDS : n;
	for (r = -1; r < OV_MIX_ROUNDS; r++) {
		for (k = 0; k < OV_NSTRAT; k++) {
			if (!t->measured[k])
				continue;
			ns = ov_mix_time(o, p, k, t->size, m->max_size, fp[k], n);
			if (ns < 0)
				return -1;
			if (r >= 0 && (t->ns[k] < 0 || ns < t->ns[k]))
				t->ns[k] = ns;
		}
	}
	return 0;
}

long ov_mix_verify(const struct ov_opts *o, struct ov_mix *m)
{
	struct ov_mix_port p = { 0 };
	long bad = -1;
	size_t i;
	int k, err;

	p.map = ringbuf_map__new(o->ring_size, 0);
	if (!p.map) {
		ov_fail("port: ringbuf_map__new(%u): %s", o->ring_size, strerror(errno));
		return -1;
	}
	err = ringbuf_map__mmap(p.map, &p.view);
	if (err) {
		ov_fail("port: ringbuf_map__mmap: %s", strerror(-err));
		goto out_map;
	}
	p.src = malloc(m->max_size + 1);
	p.scratch = malloc(m->max_size + 1);
	if (!p.src || !p.scratch) {
		ov_fail("out of memory");
		goto out;
	}
	memset(p.src, 0x5a, m->max_size + 1);
	for (i = 0; i < m->n; i++) {
		if (ov_mix_measure(o, m, &p, &m->t[i])) {
			ov_fail("port: type %s: a reservation was refused on a drained ring",
				m->t[i].name);
			goto out;
		}
	}
	/* each strategy's ns per event, weighted by the mix, when every type was timed */
	for (k = 0; k < OV_NSTRAT; k++) {
		double sum = 0;

		for (i = 0; i < m->n && m->t[i].measured[k]; i++)
			sum += (double)m->t[i].weight * m->t[i].ns[k];
		m->s[k].ns = i == m->n ? sum / (double)m->total_weight : -1;
	}
	m->verified = true;
	bad = 0;
	for (i = 0; i < m->n; i++)
		for (k = 0; k < OV_NSTRAT; k++)
			bad += m->t[i].measured[k] && m->t[i].fp_port[k] !=
			       (k == OV_MAX ? ov_mix_fp(m->max_size) : m->t[i].fp);
out:
	free(p.src);
	free(p.scratch);
	ringbuf_map__munmap(&p.view);
out_map:
	ringbuf_map__free(p.map);
	return bad;
}
