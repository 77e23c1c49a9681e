// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --mix: the output. A table of the types, one of the
 * strategies, the port's measurements with --verify, and the verdict; CSV
 * with one row per strategy; JSON with all of it; --plot draws the
 * strategies' bytes per event and events per ring as bars.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ringbuf/ringbuf.h"
#include "sim/rbsim.h"
#include "sim/overhead_internal.h"
#include "sim/plot.h"

/* what each strategy reserves, for the text table */
static void ov_mix_reserves(const struct ov_mix *m, int k, char *buf, size_t len)
{
	switch (k) {
	case OV_EXACT: snprintf(buf, len, "its own size, constant per type"); break;
	case OV_MAX: snprintf(buf, len, "the largest struct, %llu bytes",
			      (unsigned long long)m->max_size); break;
	case OV_OUTPUT: snprintf(buf, len, "its own size, copied from scratch"); break;
	default: snprintf(buf, len, "its own size, known at run time"); break;
	}
}

static double ov_mix_vs_max(const struct ov_mix *m, int k)
{
	return m->s[OV_MAX].bytes / m->s[k].bytes;
}

void ov_mix_verdict(const struct ov_mix *m, char *buf, size_t len)
{
	const struct ov_mix_strat *e = &m->s[OV_EXACT], *x = &m->s[OV_MAX];
	const char *who = m->s[OV_DYNPTR].ok ? "exact, output and dynptr" : "exact and output";
	size_t n;

	if (x->bytes > e->bytes)
		n = snprintf(buf, len, "%s hold %.2fx the events of max in the same ring "
			     "(%.2f vs %.2f bytes per event)", who, ov_mix_vs_max(m, OV_EXACT),
			     e->bytes, x->bytes);
	else
		n = snprintf(buf, len, "every strategy takes %.2f bytes per event: each type "
			     "has the largest one's footprint", e->bytes);
	if (n >= len)
		return;
	if (m->s[OV_OUTPUT].ns >= 0 && e->ns >= 0)
		snprintf(buf + n, len - n, "; output costs %+.1f ns per event on the port (%.1f vs "
			 "%.1f)", m->s[OV_OUTPUT].ns - e->ns, m->s[OV_OUTPUT].ns, e->ns);
	else
		snprintf(buf + n, len - n, "; output costs one more copy per event (--verify "
			 "times it on the port)");
}

static void ov_mix_ns(char *buf, size_t len, double ns)
{
	if (ns < 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", ns);
}

/* the width of the type column */
static int ov_mix_name_width(const struct ov_mix *m)
{
	int w = 4;
	size_t i;

	for (i = 0; i < m->n; i++)
		w = (int)strlen(m->t[i].name) > w ? (int)strlen(m->t[i].name) : w;
	return w;
}

static void ov_mix_print_verify(FILE *f, const struct ov_mix *m)
{
	int w = ov_mix_name_width(m);
	char ns[OV_NSTRAT][32], fp[OV_NSTRAT][32];
	size_t i;
	int k;

	fprintf(f, "\nmeasured on the port: footprint = move of producer_pos for one record; ns "
		"per record = the fastest of %u timings\nof %u to %u records (reserve or output, "
		"one copy of the payload, submit without wake-up; the ring drained as it fills)\n",
		OV_MIX_ROUNDS, OV_MIX_MIN_RECORDS, OV_MIX_MAX_RECORDS);
	fprintf(f, "  %-*s  %10s  %6s  %6s  %6s  %6s  %8s  %8s  %9s  %9s  %14s\n",
		w, "type", "size", "exact", "max", "output", "dynptr",
		"exact ns", "max ns", "output ns", "dynptr ns", "output - exact");
	for (i = 0; i < m->n; i++) {
		const struct ov_mix_type *t = &m->t[i];
		char diff[32] = "-";

		for (k = 0; k < OV_NSTRAT; k++) {
			ov_mix_ns(ns[k], sizeof(ns[k]), t->ns[k]);
			if (t->measured[k])
				snprintf(fp[k], sizeof(fp[k]), "%llu",
					 (unsigned long long)t->fp_port[k]);
			else
				snprintf(fp[k], sizeof(fp[k]), "-");
		}
		if (t->ns[OV_OUTPUT] >= 0 && t->ns[OV_EXACT] >= 0)
			snprintf(diff, sizeof(diff), "%+.1f", t->ns[OV_OUTPUT] - t->ns[OV_EXACT]);
		fprintf(f, "  %-*s  %10llu  %6s  %6s  %6s  %6s  %8s  %8s  %9s  %9s  %14s\n",
			w, t->name, (unsigned long long)t->size, fp[OV_EXACT],
			fp[OV_MAX], fp[OV_OUTPUT], fp[OV_DYNPTR], ns[OV_EXACT], ns[OV_MAX],
			ns[OV_OUTPUT], ns[OV_DYNPTR], diff);
	}
}

void ov_mix_print_text(FILE *f, const struct ov_opts *o, const struct ov_mix *m)
{
	char reserves[64], ns[32], verdict[512];
	int w = ov_mix_name_width(m);
	size_t i;
	int k;

	fprintf(f, "event mix, %zu type%s, weights summing to %llu; a record takes "
		"round_up(size + 8, 8) bytes (Linux %s)\n", m->n, m->n == 1 ? "" : "s",
		(unsigned long long)m->total_weight, RBSIM_KERNEL_VERSION);
	fprintf(f, "  %-*s  %10s  %10s  %7s  %10s\n", w, "type", "size", "weight", "share",
		"footprint");
	for (i = 0; i < m->n; i++) {
		const struct ov_mix_type *t = &m->t[i];

		fprintf(f, "  %-*s  %10llu  %10llu  %6.2f%%  %10llu\n", w, t->name,
			(unsigned long long)t->size, (unsigned long long)t->weight,
			100.0 * (double)t->weight / (double)m->total_weight,
			(unsigned long long)t->fp);
	}

	fprintf(f, "\nstrategies, each event of the mix in a %u-byte ring (--ring-size):\n",
		o->ring_size);
	fprintf(f, "  %-8s  %-35s  %12s  %12s  %7s  %11s  %7s%s\n", "strategy", "reserves",
		"bytes/event", "records/MiB", "wasted", "events/ring", "vs max",
		m->verified ? "  ns/event (port)" : "");
	for (k = 0; k < OV_NSTRAT; k++) {
		const struct ov_mix_strat *s = &m->s[k];

		ov_mix_reserves(m, k, reserves, sizeof(reserves));
		if (!s->ok) {
			fprintf(f, "  %-8s  %-35s  %12s  %12s  %7s  %11s  %7s%s\n", s->name,
				"above its 16777215-byte limit", "-", "-", "-", "-", "-",
				m->verified ? "  -" : "");
			continue;
		}
		ov_mix_ns(ns, sizeof(ns), s->ns);
		fprintf(f, "  %-8s  %-35s  %12.2f  %12.1f  %6.2f%%  %11llu  %6.2fx", s->name,
			reserves, s->bytes, s->per_mib, 100 * s->wasted,
			(unsigned long long)s->ring_events, ov_mix_vs_max(m, k));
		if (m->verified)
			fprintf(f, "  %16s", ns);
		fputc('\n', f);
	}
	fprintf(f, "\nbytes/event: the mean footprint over the mix, header and padding included; "
		"wasted: 1 - payload / footprint;\nevents/ring: what an empty ring holds of the "
		"mix, at its mean footprint; vs max: events against max's in the same ring\n");
	fprintf(f, "output: bpf_ringbuf_output() reserves the same bytes as exact, then copies the "
		"event built in a scratch\nbuffer (a per-CPU map as large as the largest struct): "
		"one more copy per record\n");
	fprintf(f, "dynptr: bpf_ringbuf_reserve_dynptr() takes a size known only at run time, "
		"so the verifier cannot check it:\nthe helper does (-E2BIG above %u bytes, -EINVAL "
		"without room), the program writes through bpf_dynptr_*()\nwith run-time bounds "
		"checks, and must discard the dynptr even when the reservation failed\n",
		OV_DYNPTR_MAX_SIZE);
	for (i = 0; i < m->n; i++) {
		if (m->t[i].fp >= o->ring_size)
			fprintf(f, "note: type %s (%llu bytes in the ring) is as large as the "
				"ring or larger: every one is refused\n", m->t[i].name,
				(unsigned long long)m->t[i].fp);
	}
	if (m->verified)
		ov_mix_print_verify(f, m);
	ov_mix_verdict(m, verdict, sizeof(verdict));
	fprintf(f, "\nverdict: %s\n", verdict);
}

static void ov_mix_csv_num(FILE *f, bool ok, const char *fmt, double v)
{
	fputc(',', f);
	if (ok)
		fprintf(f, fmt, v);
}

void ov_mix_print_csv(FILE *f, const struct ov_opts *o, const struct ov_mix *m)
{
	int k;

	fputs("strategy,ring_size,types,total_weight,max_size,bytes_per_event,payload_per_event,"
	      "records_per_mib,wasted_fraction,ring_events,events_vs_max,ns_per_event_port\n", f);
	for (k = 0; k < OV_NSTRAT; k++) {
		const struct ov_mix_strat *s = &m->s[k];

		fprintf(f, "%s,%u,%zu,%llu,%llu", s->name, o->ring_size, m->n,
			(unsigned long long)m->total_weight, (unsigned long long)m->max_size);
		ov_mix_csv_num(f, s->ok, "%.6f", s->bytes);
		ov_mix_csv_num(f, s->ok, "%.6f", s->payload);
		ov_mix_csv_num(f, s->ok, "%.6f", s->per_mib);
		ov_mix_csv_num(f, s->ok, "%.6f", s->wasted);
		fputc(',', f);
		if (s->ok)
			fprintf(f, "%llu", (unsigned long long)s->ring_events);
		ov_mix_csv_num(f, s->ok, "%.6f", ov_mix_vs_max(m, k));
		ov_mix_csv_num(f, s->ok && s->ns >= 0, "%.3f", s->ns);
		fputc('\n', f);
	}
}

static void ov_mix_json_ns(FILE *f, const char *key, double ns, const char *sep)
{
	if (ns < 0)
		fprintf(f, "\"%s\": null%s", key, sep);
	else
		fprintf(f, "\"%s\": %.3f%s", key, ns, sep);
}

void ov_mix_print_json(FILE *f, const struct ov_opts *o, const struct ov_mix *m)
{
	char verdict[512], esc[7];
	const char *c;
	size_t i;
	int k;

	fprintf(f, "{\n  \"kernel_rules\": \"%s\",\n  \"ring_size\": %u,\n  \"total_weight\": "
		"%llu,\n  \"max_size\": %llu,\n  \"types\": [", RBSIM_KERNEL_VERSION, o->ring_size,
		(unsigned long long)m->total_weight, (unsigned long long)m->max_size);
	for (i = 0; i < m->n; i++) {
		const struct ov_mix_type *t = &m->t[i];

		/* names are letters, digits, '_', '.', '-': nothing to escape */
		fprintf(f, "%s\n    {\"name\": \"%s\", \"size\": %llu, \"weight\": %llu, "
			"\"share\": %.6f, \"footprint\": %llu, \"measured\": ", i ? "," : "",
			t->name, (unsigned long long)t->size, (unsigned long long)t->weight,
			(double)t->weight / (double)m->total_weight, (unsigned long long)t->fp);
		if (!m->verified) {
			fputs("null}", f);
			continue;
		}
		fputc('{', f);
		for (k = 0; k < OV_NSTRAT; k++) {
			fprintf(f, "\"%s\": ", m->s[k].name);
			if (!t->measured[k]) {
				fprintf(f, "null%s", k + 1 < OV_NSTRAT ? ", " : "");
				continue;
			}
			fprintf(f, "{\"footprint\": %llu, ", (unsigned long long)t->fp_port[k]);
			ov_mix_json_ns(f, "ns_per_record", t->ns[k], "}");
			fputs(k + 1 < OV_NSTRAT ? ", " : "", f);
		}
		fputs("}}", f);
	}
	fputs("\n  ],\n  \"strategies\": [", f);
	for (k = 0; k < OV_NSTRAT; k++) {
		const struct ov_mix_strat *s = &m->s[k];

		fprintf(f, "%s\n    {\"name\": \"%s\", ", k ? "," : "", s->name);
		if (!s->ok) {
			fputs("\"applies\": false}", f);
			continue;
		}
		fprintf(f, "\"applies\": true, \"bytes_per_event\": %.6f, \"payload_per_event\": "
			"%.6f, \"records_per_mib\": %.6f, \"wasted_fraction\": %.6f, "
			"\"ring_events\": %llu, \"events_vs_max\": %.6f, ", s->bytes, s->payload,
			s->per_mib, s->wasted, (unsigned long long)s->ring_events,
			ov_mix_vs_max(m, k));
		ov_mix_json_ns(f, "ns_per_event_port", s->ns, "}");
	}
	ov_mix_verdict(m, verdict, sizeof(verdict));
	fputs("\n  ],\n  \"verdict\": \"", f);
	for (c = verdict; *c; c++)
		fputs(rbsim_json_escape((unsigned char)*c, esc), f);
	fputs("\"\n}\n", f);
}

int ov_mix_plot(const struct ov_opts *o, const char *tmp, const struct ov_mix *m)
{
	struct stat st;
	FILE *gp;
	int k, status;

	gp = popen("gnuplot", "w");
	if (!gp)
		return -1;
	fputs("set terminal pngcairo size 1000,700 font ',10' noenhanced\nset output ", gp);
	rbsim_gp_str(gp, tmp);
	fputs("\n$data << EOD\n", gp);
	for (k = 0; k < OV_NSTRAT; k++) {
		const struct ov_mix_strat *s = &m->s[k];

		if (s->ok)
			fprintf(gp, "%s %.6f %llu\n", s->name, s->bytes,
				(unsigned long long)s->ring_events);
		else
			fprintf(gp, "%s NaN NaN\n", s->name);
	}
	fputs("EOD\n", gp);
	fprintf(gp, "set multiplot layout 1,2 title 'rbsim overhead --mix: %zu event types by "
		"reservation strategy (Linux %s rules)'\n", m->n, RBSIM_KERNEL_VERSION);
	fputs("set style fill solid 0.6 border -1\nset boxwidth 0.6\nset grid ytics\n"
	      "set yrange [0:*]\nunset key\n", gp);
	fputs("set title 'Ring bytes per event (mean)'\nset ylabel 'bytes'\n"
	      "plot $data using 0:2:xtic(1) with boxes, '' using 0:2:(sprintf('%.1f', $2)) "
	      "with labels offset 0,1\n", gp);
	fprintf(gp, "set title 'Events a %u-byte ring holds'\nset ylabel 'events'\n"
		"plot $data using 0:3:xtic(1) with boxes, '' using 0:3:3 with labels "
		"offset 0,1\n", o->ring_size);
	fputs("unset multiplot\nset output\n", gp);
	status = pclose(gp);
	if (status != 0 || stat(tmp, &st) || st.st_size == 0)
		return -1;
	return 0;
}
