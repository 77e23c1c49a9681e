// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim size: the report (text for people; CSV, a row per size measured;
 * JSON, the target, the advised size and every size measured) and --plot
 * (gnuplot: the drop fraction with its interval and the p99 latency against
 * ring size, the targets drawn across).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "ringbuf/kernel_compat.h"
#include "sim/rbsim.h"
#include "sim/plot.h"
#include "sim/size.h"

const char *sz_bytes(__u64 v, char *buf, size_t len)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	unsigned int u = 0;

	while (v >= 1024 && !(v % 1024) && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%llu %s", (unsigned long long)v, unit[u]);
	return buf;
}

const char *sz_time(__u64 ns, char *buf, size_t len)
{
	if (ns == SZ_NEVER)
		snprintf(buf, len, "never in the run");
	else if (ns < 1000)
		snprintf(buf, len, "%llu ns", (unsigned long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1f us", (double)ns / 1e3);
	else if (ns < 1000000000)
		snprintf(buf, len, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
	return buf;
}

/* --ring-size 256K, or --perf-pages 4 */
static void advice(const struct sz_result *res, const struct sz_point *pt, char *buf, size_t len)
{
	if (res->so->perf)
		snprintf(buf, len, "--perf-pages %llu",
			 (unsigned long long)(pt->ring / PAGE_SIZE));
	else if (pt->ring >= (1ULL << 20))
		snprintf(buf, len, "--ring-size %lluM", (unsigned long long)(pt->ring >> 20));
	else
		snprintf(buf, len, "--ring-size %lluK", (unsigned long long)(pt->ring >> 10));
}

/* ---- text ---- */

static void text_target(FILE *f, const struct sz_result *res)
{
	const struct sz_opts *so = res->so;
	const struct rbsim_opts *o = res->o;
	char idle[384], host[192];

	fprintf(f, "rbsim size: %s, %u producer%s, in virtual time (sim/vtime.md)\n",
		so->perf ? "perf buffer pages per CPU" : "BPF ring buffer", o->cfg.producers,
		o->cfg.producers == 1 ? "" : "s");
	fprintf(f, "  target       drop fraction <= %g, by the upper end of its %g%% interval "
		"over %llu seeds", so->max_drop, so->confidence * 100,
		(unsigned long long)so->seeds);
	if (so->max_p99_us)
		fprintf(f, "; p99 latency <= %llu us", (unsigned long long)so->max_p99_us);
	fprintf(f, "\n  workload     %s\n", o->options);
	if (o->cfg.vprofile)
		fprintf(f, "  costs        from --profile %s: produce %llu ns, notify %llu ns, wake "
			"%llu ns%s, poll %llu ns, record %llu ns, refuse %llu ns%s\n", o->cfg.vprofile,
			(unsigned long long)o->cfg.vcosts.produce_ns,
			(unsigned long long)o->cfg.vcosts.notify_ns,
			(unsigned long long)o->cfg.vcosts.wake_ns,
			rbsim_vidle_text(&o->cfg.vcosts, idle, sizeof(idle)),
			(unsigned long long)o->cfg.vcosts.poll_ns,
			(unsigned long long)o->cfg.vcosts.record_ns,
			(unsigned long long)o->cfg.vcosts.refuse_ns,
			rbsim_vhost_text(&o->cfg.vcosts, host, sizeof(host)));
	fprintf(f, "\n");
	fprintf(f, "  %-10s %-36s %-12s %-20s %-10s %s\n", "ring", "drop fraction [interval]",
		"p99", "full-stall overflow", "peak fill", "meets");
}

/* the most the records filled the ring, in percent of it */
static const char *peak_pct(const struct sz_point *pt, char *buf, size_t len)
{
	snprintf(buf, len, "%.1f%%", 100.0 * (double)pt->peak_bytes / (double)pt->ring);
	return buf;
}

static void text_row(FILE *f, const struct sz_point *pt)
{
	char b[32], t[32], v[32], d[64], k[16];

	snprintf(d, sizeof(d), "%.3g [%.3g, %.3g]", pt->drop, pt->drop_lo, pt->drop_hi);
	fprintf(f, "  %-10s %-36s %-12s %-20s %-10s %s\n", sz_bytes(pt->ring, b, sizeof(b)), d,
		sz_time(pt->p99_ns, t, sizeof(t)), sz_time(pt->overflow_ns, v, sizeof(v)),
		peak_pct(pt, k, sizeof(k)), pt->meets ? "yes" : "no");
}

static void text_memory(FILE *f, const struct sz_result *res, const struct sz_point *pt)
{
	char p[32], v[32];

	if (res->so->perf) {
		fprintf(f, "  memory       each CPU: %llu pages (%s), physical and mapped once, "
			"counted against perf_event_mlock_kb; %u CPUs: %s\n",
			(unsigned long long)(pt->phys / PAGE_SIZE), sz_bytes(pt->phys, p, sizeof(p)),
			res->o->cfg.producers,
			sz_bytes(pt->phys * res->o->cfg.producers, v, sizeof(v)));
		return;
	}
	fprintf(f, "  memory       %llu pages physical (%s); %llu pages of user address space "
		"(%s: the data mapped twice); mem_usage %llu bytes\n",
		(unsigned long long)(pt->phys / PAGE_SIZE), sz_bytes(pt->phys, p, sizeof(p)),
		(unsigned long long)(pt->virt / PAGE_SIZE), sz_bytes(pt->virt, v, sizeof(v)),
		(unsigned long long)pt->mem_usage);
}

/* --vcosts hoststop=: the host's stops at the advised size, and the advice without them */
static void text_stops(FILE *f, const struct sz_result *res, const struct sz_point *adv)
{
	char b[32];

	if (!res->nostop_searched)
		return;
	fprintf(f, "  host stops   %.3g a run (the consumer's CPU %.3g), the seeds' mean; ",
		adv->host_stops, adv->host_stops_cons);
	if (!res->nostop_advised)
		fprintf(f, "without them no smaller size meets either\n");
	else if (res->nostop_advised == adv->ring)
		fprintf(f, "without them the same\n");
	else
		fprintf(f, "without them %s would do\n",
			sz_bytes(res->nostop_advised, b, sizeof(b)));
}

/* the advised size with the consumer placed the other way (--vplace) */
static void text_other(FILE *f, const struct sz_result *res)
{
	const struct sz_point *pt = &res->other;
	bool shared = res->other_vplace == RBSIM_VPLACE_SHARED;

	if (res->other_vplace < 0)
		return;
	fprintf(f, "  placement    with the consumer %s, drop %.3g [%.3g, %.3g]: %s\n",
		shared ? "on the first producer's CPU (--vplace shared)" :
			 "on a CPU of its own (--vplace apart)",
		pt->drop, pt->drop_lo, pt->drop_hi,
		pt->meets ? "meets the target too" :
		shared ? "misses the target; size with --vplace shared if the scheduler may wake "
			 "the consumer there" :
			 "misses the target; size with --vplace apart if the consumer may run apart");
}

static void text_report(FILE *f, const struct sz_result *res)
{
	const struct sz_point *adv = res->advised >= 0 ? &res->pts[res->advised] : NULL;
	char b[32], t[32], a[48];
	unsigned int i;

	text_target(f, res);
	for (i = 0; i < res->n; i++)
		text_row(f, &res->pts[i]);
	fputc('\n', f);
	if (!adv) {
		fprintf(f, "no ring up to %s meets the target\n",
			sz_bytes(res->so->max_ring, b, sizeof(b)));
		return;
	}
	advice(res, adv, a, sizeof(a));
	fprintf(f, "advised: %s (%s%s)\n", a, sz_bytes(adv->ring, b, sizeof(b)),
		res->so->perf ? " per CPU" : "");
	fprintf(f, "  drop         %.3g [%.3g, %.3g]\n", adv->drop, adv->drop_lo, adv->drop_hi);
	fprintf(f, "  p99          %s\n", sz_time(adv->p99_ns, t, sizeof(t)));
	if (adv->overflow_ns == SZ_NEVER)
		fprintf(f, "  a full stall of the consumer does not overflow it within the run\n");
	else
		fprintf(f, "  a full stall of the consumer overflows it after %s\n",
			sz_time(adv->overflow_ns, t, sizeof(t)));
	fprintf(f, "  peak fill    %llu bytes, %s of the ring%s: %llu bytes to spare at its "
		"fullest\n", (unsigned long long)adv->peak_bytes, peak_pct(adv, t, sizeof(t)),
		res->so->perf ? " (of one CPU's)" : "",
		(unsigned long long)(adv->ring - adv->peak_bytes));
	text_memory(f, res, adv);
	text_other(f, res);
	text_stops(f, res, adv);
	if (res->advised == 0 || res->pts[res->advised - 1].ring * 2 != adv->ring) {
		fprintf(f, "next smaller: none, %s is --min-ring\n", b);
		return;
	}
	adv = &res->pts[res->advised - 1];
	fprintf(f, "next smaller, %s: drop %.3g [%.3g, %.3g], p99 %s, ",
		sz_bytes(adv->ring, b, sizeof(b)), adv->drop, adv->drop_lo, adv->drop_hi,
		sz_time(adv->p99_ns, t, sizeof(t)));
	if (adv->overflow_ns == SZ_NEVER)
		fprintf(f, "no overflow within the run\n");
	else
		fprintf(f, "overflows after %s\n", sz_time(adv->overflow_ns, t, sizeof(t)));
}

/* ---- CSV and JSON ---- */

static const char csv_header[] = "transport,ring_bytes,pages,seeds,drop,drop_lo,drop_hi,p99_ns,"
				 "overflow_ns,phys_bytes,virt_bytes,mem_usage,peak_bytes,meets,"
				 "advised,host_stops,host_stops_consumer\n";

static void csv_report(FILE *f, const struct sz_result *res)
{
	unsigned int i;

	fputs(csv_header, f);
	for (i = 0; i < res->n; i++) {
		const struct sz_point *pt = &res->pts[i];

		fprintf(f, "%s,%llu,%llu,%u,%.6g,%.6g,%.6g,%llu,", res->o->ops->name,
			(unsigned long long)pt->ring, (unsigned long long)(pt->ring / PAGE_SIZE),
			pt->seeds, pt->drop, pt->drop_lo, pt->drop_hi,
			(unsigned long long)pt->p99_ns);
		if (pt->overflow_ns != SZ_NEVER)
			fprintf(f, "%llu", (unsigned long long)pt->overflow_ns);
		fprintf(f, ",%llu,%llu,", (unsigned long long)pt->phys,
			(unsigned long long)pt->virt);
		if (!res->so->perf)
			fprintf(f, "%llu", (unsigned long long)pt->mem_usage);
		fprintf(f, ",%llu,%d,%d,", (unsigned long long)pt->peak_bytes, pt->meets,
			(int)i == res->advised);
		/* empty without hoststop= */
		if (res->o->cfg.vcosts.hoststop_period_ns)
			fprintf(f, "%.6g,%.6g", pt->host_stops, pt->host_stops_cons);
		else
			fputc(',', f);
		fputc('\n', f);
	}
}

static void json_str(FILE *f, const char *s)
{
	char esc[7];

	fputc('"', f);
	for (; *s; s++)
		fputs(rbsim_json_escape((unsigned char)*s, esc), f);
	fputc('"', f);
}

static void json_point(FILE *f, const struct sz_result *res, const struct sz_point *pt)
{
	fprintf(f, "{\"ring_bytes\":%llu,\"pages\":%llu,\"seeds\":%u,\"drop\":%.6g,"
		"\"drop_lo\":%.6g,\"drop_hi\":%.6g,\"p99_ns\":%llu,\"overflow_ns\":",
		(unsigned long long)pt->ring, (unsigned long long)(pt->ring / PAGE_SIZE),
		pt->seeds, pt->drop, pt->drop_lo, pt->drop_hi, (unsigned long long)pt->p99_ns);
	if (pt->overflow_ns == SZ_NEVER)
		fputs("null", f);
	else
		fprintf(f, "%llu", (unsigned long long)pt->overflow_ns);
	/* --vcosts hoststop=: the stops a run, the seeds' mean (null without) */
	if (res->o->cfg.vcosts.hoststop_period_ns)
		fprintf(f, ",\"host_stops\":%.6g,\"host_stops_consumer\":%.6g", pt->host_stops,
			pt->host_stops_cons);
	else
		fputs(",\"host_stops\":null,\"host_stops_consumer\":null", f);
	fprintf(f, ",\"phys_bytes\":%llu,\"virt_bytes\":%llu,\"mem_usage\":",
		(unsigned long long)pt->phys, (unsigned long long)pt->virt);
	if (res->so->perf)
		fputs("null", f);
	else
		fprintf(f, "%llu", (unsigned long long)pt->mem_usage);
	fprintf(f, ",\"peak_bytes\":%llu,\"meets\":%s}", (unsigned long long)pt->peak_bytes,
		pt->meets ? "true" : "false");
}

static void json_report(FILE *f, const struct sz_result *res)
{
	const struct sz_opts *so = res->so;
	unsigned int i;
	char vc[640];

	fprintf(f, "{\"transport\":");
	json_str(f, res->o->ops->name);
	fprintf(f, ",\"producers\":%u,\"options\":", res->o->cfg.producers);
	json_str(f, res->o->options);
	fprintf(f, ",\"max_drop\":%g,\"max_p99_ns\":", so->max_drop);
	if (so->max_p99_us)
		fprintf(f, "%llu", (unsigned long long)so->max_p99_us * 1000);
	else
		fputs("null", f);
	fprintf(f, ",\"confidence\":%g,\"seeds\":%llu,\"advised_bytes\":", so->confidence,
		(unsigned long long)so->seeds);
	if (res->advised >= 0)
		fprintf(f, "%llu", (unsigned long long)res->pts[res->advised].ring);
	else
		fputs("null", f);
	fputs(",\"sizes\":[", f);
	for (i = 0; i < res->n; i++) {
		if (i)
			fputc(',', f);
		json_point(f, res, &res->pts[i]);
	}
	/* the costs every size ran with, as --vcosts takes them, and the profile they came from */
	rbsim_vcosts_text(&res->o->cfg.vcosts, vc, sizeof(vc));
	fputs("],\"vcosts\":", f);
	json_str(f, vc);
	fputs(",\"profile\":", f);
	if (res->o->cfg.vprofile)
		json_str(f, res->o->cfg.vprofile);
	else
		fputs("null", f);
	fputs(",\"vplace\":", f);
	json_str(f, res->o->cfg.vplace == RBSIM_VPLACE_SHARED ? "shared" : "apart");
	fputs(",\"advised_without_host_stops_bytes\":", f);
	if (res->nostop_searched && res->nostop_advised)
		fprintf(f, "%llu", (unsigned long long)res->nostop_advised);
	else
		fputs("null", f);
	fputs(",\"other_vplace\":", f);
	if (res->other_vplace < 0) {
		fputs("null", f);
	} else {
		fprintf(f, "{\"vplace\":\"%s\",\"point\":",
			res->other_vplace == RBSIM_VPLACE_SHARED ? "shared" : "apart");
		json_point(f, res, &res->other);
		fputc('}', f);
	}
	fputs("}\n", f);
}

void sz_report(FILE *f, const struct sz_result *res)
{
	switch (res->o->format) {
	case RBSIM_FMT_CSV:
		csv_report(f, res);
		break;
	case RBSIM_FMT_JSON:
		json_report(f, res);
		break;
	default:
		text_report(f, res);
		break;
	}
}

/* ---- the plot ---- */

int sz_plot(const struct sz_result *res, const char *tmp)
{
	const struct sz_opts *so = res->so;
	struct stat st;
	unsigned int i;
	FILE *gp;

	gp = popen("gnuplot", "w");
	if (!gp)
		return -1;
	fputs("set terminal pngcairo size 1000,900 font ',10' noenhanced\nset output ", gp);
	rbsim_gp_str(gp, tmp);
	/* a drop fraction of 0 has no place on a log scale: NaN leaves the point out */
	fputs("\n$data << EOD\n", gp);
	for (i = 0; i < res->n; i++) {
		const struct sz_point *pt = &res->pts[i];

		fprintf(gp, "%llu", (unsigned long long)(pt->ring / 1024));
		if (pt->drop > 0)
			fprintf(gp, " %.6g %.6g %.6g", pt->drop,
				pt->drop_lo > 0 ? pt->drop_lo : pt->drop / 10, pt->drop_hi);
		else
			fputs(" NaN NaN NaN", gp);
		fprintf(gp, " %.3f\n", (double)pt->p99_ns / 1e3);
	}
	fputs("EOD\n", gp);
	fprintf(gp, "set multiplot layout 2,1 title 'rbsim size: %s, %u producer%s, virtual "
		"time, %llu seeds a size'\n", so->perf ? "perf buffer (per CPU)" : "BPF ring buffer",
		res->o->cfg.producers, res->o->cfg.producers == 1 ? "" : "s",
		(unsigned long long)so->seeds);
	fputs("set grid\nset logscale x 2\nset xlabel 'ring size (KiB)'\nset key top right\n", gp);
	fputs("set title 'Drop fraction (mean over the seeds, with its interval)'\n"
	      "set logscale y\nset ylabel 'drops / attempts'\n", gp);
	fprintf(gp, "plot $data using 1:2:3:4 with yerrorlines pointtype 7 title 'drop fraction', "
		"%g with lines dashtype 2 title 'target'\n", so->max_drop > 0 ? so->max_drop : 1e-9);
	fputs("set title 'p99 latency, production to consumption (the worst seed)'\n"
	      "unset logscale y\nset ylabel 'p99 (us)'\nset yrange [0:*]\n", gp);
	fputs("plot $data using 1:5 with linespoints pointtype 7 title 'p99'", gp);
	if (so->max_p99_us)
		fprintf(gp, ", %llu with lines dashtype 2 title 'target'",
			(unsigned long long)so->max_p99_us);
	fputs("\nunset multiplot\nset output\n", gp);
	if (pclose(gp) != 0 || stat(tmp, &st) || st.st_size == 0)
		return -1;
	return 0;
}
