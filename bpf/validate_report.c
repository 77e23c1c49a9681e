// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim validate: describing ops and steps, comparing the two sides after
 * every step (op results, positions, every data byte, both mappings of the
 * data, and ringbuf_map__valid() on the port), and the mismatch report: the
 * two sides side by side, the differing bytes and the records around them,
 * the last steps and the command that reproduces the run.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "bpf/validate_internal.h"
#include "validate.skel.h"

/* ---- describing ops and steps ---- */

static const char *const op_names[VOP__COUNT] = {
	[VOP_NOP] = "nop",
	[VOP_RESERVE_DYN] = "reserve_dynptr",
	[VOP_SUBMIT_DYN] = "submit_dynptr",
	[VOP_DISCARD_DYN] = "discard_dynptr",
	[VOP_RESERVE_PTR] = "reserve",
	[VOP_OUTPUT] = "output",
	[VOP_QUERY] = "query",
	[VOP_PAUSE] = "pause",
};

void op_str(const struct val_op *op, char *buf, size_t len)
{
	const char *name = op->kind < VOP__COUNT ? op_names[op->kind] : "bad-op";

	switch (op->kind) {
	case VOP_RESERVE_DYN:
		snprintf(buf, len, "%s(slot %u, size %#llx, flags %#llx)", name, op->slot,
			 (unsigned long long)op->size, (unsigned long long)op->flags);
		break;
	case VOP_SUBMIT_DYN:
	case VOP_DISCARD_DYN:
		snprintf(buf, len, "%s(slot %u, flags %#llx)", name, op->slot,
			 (unsigned long long)op->flags);
		break;
	case VOP_RESERVE_PTR:
		snprintf(buf, len, "%s(size %#llx, flags %#llx) + %s(flags %#llx)", name,
			 op->slot < VAL_NR_CONST ? (unsigned long long)const_sizes[op->slot] : 0ULL,
			 (unsigned long long)op->flags, op->size ? "discard" : "submit",
			 (unsigned long long)op->rflags);
		break;
	case VOP_OUTPUT:
		snprintf(buf, len, "%s(size %#llx, flags %#llx)", name,
			 (unsigned long long)op->size, (unsigned long long)op->flags);
		break;
	case VOP_QUERY:
		snprintf(buf, len, "%s(flags %#llx)", name, (unsigned long long)op->flags);
		break;
	default:
		snprintf(buf, len, "%s(slot %u)", name, op->slot);
	}
}

void cons_str(const struct cons_step *cs, char *buf, size_t len)
{
	switch (cs->kind) {
	case CS_CONSUME:
		if (cs->arg == ~0ULL)
			snprintf(buf, len, "consume all");
		else
			snprintf(buf, len, "consume %llu", (unsigned long long)cs->arg);
		break;
	case CS_SET_ABS:
		snprintf(buf, len, "consumer_pos = %#llx", (unsigned long long)cs->arg);
		break;
	default:
		snprintf(buf, len, "consumer_pos = %s %+lld",
			 cs->kind == CS_SET_PROD_REL ? "producer_pos" :
			 cs->kind == CS_SET_CONS_REL ? "consumer_pos" : "pending_pos",
			 (long long)cs->arg);
	}
}

void remember(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void remember(struct session *s, const char *fmt, ...)
{
	va_list ap;
	char *h = s->history[s->nhist++ % HISTORY_LEN];

	va_start(ap, fmt);
	vsnprintf(h, sizeof(s->history[0]), fmt, ap);
	va_end(ap);
	if (s->verbose)
		printf("  step %lu: %s\n", s->steps + 1, h);
}

/* ---- comparison and the mismatch report ---- */

static void hexline(const __u8 *d, size_t size, size_t off, const __u8 *other, char *out)
{
	char *o = out;

	for (size_t i = 0; i < 16; i++) {
		size_t at = (off + i) & (size - 1);

		o += sprintf(o, "%02x%c", d[at], d[at] != other[at] ? '*' : ' ');
	}
}

/* x lies in the record at ring offset off of footprint len, or within 64 bytes of it */
static bool near_record(size_t x, size_t off, size_t len, size_t size)
{
	size_t d = (x - off) & (size - 1);

	return d < len + 64 || size - d <= 64;
}

/* the records reserved lately whose bytes are near [lo, hi], decoded on both sides */
static void report_records(const struct session *s, size_t lo, size_t hi)
{
	const struct port_side *p = &s->p;
	const struct ring_view *sides[2] = { &s->k.v, &p->v };
	unsigned long prod = READ_ONCE(p->v.prod[0]);
	unsigned long first = p->nlog > RECLOG_LEN ? p->nlog - RECLOG_LEN : 0;
	size_t mask = s->size - 1;
	const struct reclog *show[8];
	int n = 0;

	/* newest first; older records than one ring back have been written over */
	for (unsigned long i = p->nlog; i-- > first && n < 8;) {
		const struct reclog *r = &p->log[i % RECLOG_LEN];
		size_t len = round_up(r->size + BPF_RINGBUF_HDR_SZ, 8);

		if (prod - r->pos > s->size)
			break;
		if (near_record(lo, r->pos & mask, len, s->size) ||
		    near_record(hi, r->pos & mask, len, s->size))
			show[n++] = r;
	}
	printf("  records near the difference (reserved lately, decoded on each side):\n");
	if (!n) {
		printf("    (none of the last reservations is near it)\n");
		return;
	}
	printf("    %-14s %-8s %-6s | %-32s | %s\n", "position", "offset", "footpr",
	       "kernel header", "port header");
	while (n--) {
		const struct reclog *r = show[n];
		size_t off = r->pos & mask, len = round_up(r->size + BPF_RINGBUF_HDR_SZ, 8);
		char hdr[2][48];

		for (int j = 0; j < 2; j++) {
			const __u32 *h = (const __u32 *)(sides[j]->data + off);

			snprintf(hdr[j], sizeof(hdr[j]), "len %#x%s%s pg_off %u",
				 h[0] & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT),
				 h[0] & BPF_RINGBUF_BUSY_BIT ? " BUSY" : "",
				 h[0] & BPF_RINGBUF_DISCARD_BIT ? " DISCARD" : "", h[1]);
		}
		printf("    %#-14lx %#-8zx %#-6zx | %-32s | %s%s%s\n", r->pos, off, len, hdr[0],
		       hdr[1], off + len > s->size ? " (wraps)" : "",
		       (lo >= off && lo < off + len) ? "  <-- holds the first difference" : "");
	}
}

static void report(struct session *s, const char *what, const char *step,
		   const struct val_op *ops, int from, int to, const struct cons_result *kc,
		   const struct cons_result *pc)
{
	struct ring_state ks, ps;
	size_t first = SIZE_MAX, last = 0, ndiff = 0;
	const __s64 *kres = s->k.skel->bss->res;
	char buf[160];

	view_state(&s->k.v, &ks);
	view_state(&s->p.v, &ps);
	printf("validate: MISMATCH at step %lu (%s, seed %llu, ring %zu): %s\n", s->steps,
	       s->label, (unsigned long long)s->seed, s->size, what);
	printf("  step: %s\n", step);
	printf("  %-26s %-20s %-20s\n", "", "kernel", "port");
	printf("  %-26s %#-20lx %#-20lx%s\n", "consumer_pos", ks.cons, ps.cons,
	       ks.cons != ps.cons ? "  <--" : "");
	printf("  %-26s %#-20lx %#-20lx%s\n", "producer_pos", ks.prod, ps.prod,
	       ks.prod != ps.prod ? "  <--" : "");
	printf("  %-26s %#-20lx %#-20lx%s\n", "pending_pos", ks.pend, ps.pend,
	       ks.pend != ps.pend ? "  <--" : "");
	for (int i = from; i < to; i++) {
		op_str(&ops[i], buf, sizeof(buf));
		printf("  op %-2d %-60s -> %-8lld %-8lld%s\n", i, buf, (long long)kres[i],
		       (long long)s->p.res[i], kres[i] != s->p.res[i] ? "  <--" : "");
	}
	if (kc)
		printf("  %-26s %-20llu %-20llu%s\n  %-26s %#-20llx %#-20llx%s\n",
		       "records consumed", (unsigned long long)kc->count,
		       (unsigned long long)pc->count, kc->count != pc->count ? "  <--" : "",
		       "consumed bytes (fnv1a)", (unsigned long long)kc->sum,
		       (unsigned long long)pc->sum, kc->sum != pc->sum ? "  <--" : "");

	for (size_t i = 0; i < s->size; i++) {
		if (s->k.v.data[i] != s->p.v.data[i]) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
			ndiff++;
		}
	}
	if (ndiff) {
		size_t lo = (first & ~(size_t)15), from_off, to_off;
		char kl[80], pl[80];

		printf("  data: %zu byte%s differ%s, offsets %#zx..%#zx (* marks them)\n", ndiff,
		       ndiff == 1 ? "" : "s", ndiff == 1 ? "s" : "", first, last);
		from_off = lo >= 32 ? lo - 32 : 0;
		to_off = lo + 48 < s->size ? lo + 48 : s->size;
		printf("    %-8s %-48s | %s\n", "offset", "kernel", "port");
		for (size_t off = from_off; off < to_off; off += 16) {
			hexline(s->k.v.data, s->size, off, s->p.v.data, kl);
			hexline(s->p.v.data, s->size, off, s->k.v.data, pl);
			printf("    %#-8zx %s| %s\n", off, kl, pl);
		}
		report_records(s, first, last);
	} else {
		printf("  data: all %zu bytes identical\n", s->size);
	}
	printf("  last steps:\n");
	for (unsigned long i = s->nhist > HISTORY_LEN ? s->nhist - HISTORY_LEN : 0; i < s->nhist;
	     i++)
		printf("    %s\n", s->history[i % HISTORY_LEN]);
	/* the generators depend on the seed and on whether pauses are available */
	if (!strcmp(s->label, "random")) {
		printf("  reproduce: rbsim validate --no-targeted --no-concurrent --seed %llu "
		       "--ring-size %zu --steps %lu%s", (unsigned long long)s->seed, s->size,
		       s->steps, s->pz ? "" : " --no-pause");
		if (s->inject_step)
			printf(" --inject-fault %lu", s->inject_step);
		printf(" --verbose\n");
	} else {
		printf("  reproduce: rbsim validate --no-random --no-concurrent --seed %llu%s "
		       "--verbose   # case %s, step %lu\n", (unsigned long long)s->seed,
		       s->pz ? "" : " --no-pause", s->label, s->steps);
	}
	fflush(stdout);
}

/* the fault injection that proves a difference is caught: flip one port data byte */
static void inject_fault(struct session *s)
{
	struct port_side *p = &s->p;
	size_t off = 0, page = PAGE_SIZE;
	__u8 *base, *at;

	if (p->nlog) {
		const struct reclog *r = &p->log[(p->nlog - 1) % RECLOG_LEN];

		off = (r->pos + BPF_RINGBUF_HDR_SZ + r->size / 2) & (s->size - 1);
	}
	/* the view maps the port's memfd read-only; it was opened read-write */
	at = (__u8 *)p->v.data + off;
	base = (__u8 *)((unsigned long)at & ~(page - 1));
	if (mprotect(base, page, PROT_READ | PROT_WRITE)) {
		fprintf(stderr, CMD ": inject: mprotect: %s\n", strerror(errno));
		return;
	}
	*at ^= 0x40;
	mprotect(base, page, PROT_READ);
	if (s->verbose)
		printf("  inject: flipped the port's data byte at %#zx\n", off);
}

/* the port's ring is whole after every step: ringbuf_map__valid(), the held slots in flight */
static bool port_invalid(struct session *s)
{
	unsigned int in_flight = 0;
	char why[200];

	for (int i = 0; i < VAL_SLOTS; i++)
		in_flight += s->p.held[i] && s->p.slot[i];
	if (!ringbuf_map__valid(s->p.map, in_flight,
				s->any_consumer ? RINGBUF_VALID_ANY_CONSUMER : 0, why, sizeof(why)))
		return false;
	snprintf(s->why, sizeof(s->why), "the port's ring is not valid: %s", why);
	return true;
}

/* compare the two sides after a step; false (and a report) on any difference */
bool compare(struct session *s, const char *step, const struct val_op *ops, int from,
		    int to, const struct cons_result *kc, const struct cons_result *pc)
{
	struct ring_state ks, ps;
	const __s64 *kres = s->k.skel->bss->res;
	const char *what = NULL;

	s->steps++;
	s->st->steps++;
	if (s->inject_step && s->steps == s->inject_step)
		inject_fault(s);

	view_state(&s->k.v, &ks);
	view_state(&s->p.v, &ps);
	for (int i = from; i < to && !what; i++) {
		if (kres[i] != s->p.res[i])
			what = "op results differ";
	}
	if (!what && kc && (kc->count != pc->count || kc->sum != pc->sum))
		what = "consumed records differ";
	if (!what && ks.cons != ps.cons)
		what = "consumer_pos differs";
	if (!what && ks.prod != ps.prod)
		what = "producer_pos differs";
	if (!what && ks.pend != ps.pend)
		what = "pending_pos differs";
	if (!what && memcmp(s->k.v.data, s->p.v.data, s->size))
		what = "data differs";
	/* both data copies of each side must be the same pages */
	if (!what && memcmp(s->k.v.data, s->k.v.data + s->size, s->size))
		what = "kernel's second data mapping differs from the first";
	if (!what && memcmp(s->p.v.data, s->p.v.data + s->size, s->size))
		what = "port's second data mapping differs from the first";
	if (!what && port_invalid(s))
		what = s->why;
	if (!what)
		return true;
	report(s, what, step, ops, from, to, kc, pc);
	return false;
}
