// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the summary of `rbsim run` for people. It starts with the
 * selftests' Summary line, so that their scripts' habits carry over, then
 * one aligned line per subject; a figure the transport does not have says
 * n/a or not counted.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sim/engine.h"

static void fmt_ns(char *buf, size_t len, unsigned long long ns)
{
	if (ns < 1000)
		snprintf(buf, len, "%lluns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1fus", (double)ns / 1e3);
	else if (ns < 1000000000ULL)
		snprintf(buf, len, "%.2fms", (double)ns / 1e6);
	else
		snprintf(buf, len, "%.1fs", (double)ns / 1e9);
}

/* a count the transport keeps, or n/a */
static const char *fig_u(char *buf, size_t len, bool have, __u64 v)
{
	if (have)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "n/a");
	return buf;
}

/* "± sd" of per-second figures: with fewer than two samples there is none */
static void fmt_pm(char *buf, size_t len, const struct rbsim_result *r, double sd)
{
	if (r->samples > 1)
		snprintf(buf, len, "%5.3lf", sd / 1e6);
	else
		snprintf(buf, len, "  n/a");
}

/* a paced run: the schedule asked, what was offered, and whether it was kept */
static void text_rate(FILE *f, const struct rbsim_cfg *cfg, const struct rbsim_result *r)
{
	char asked[64];

	if (cfg->trace)
		snprintf(asked, sizeof(asked), "the trace's times");
	else if (cfg->burst)
		snprintf(asked, sizeof(asked), "%.1f/s per producer in bursts",
			 rbsim_sched_rate(cfg));
	else
		snprintf(asked, sizeof(asked), "%llu/s per producer", (unsigned long long)cfg->rate);
	if (r->rate_met)
		fprintf(f, "  rate           asked %s, offered %.1f/s: met (every producer ended "
			"within one %s of its schedule)\n", asked, r->rate_offered,
			cfg->burst > cfg->batch ? "burst" : "batch");
	else
		fprintf(f, "  rate           asked %s, offered %.1f/s: NOT MET (a producer was "
			"%llu records behind its schedule at its end, more than %llu)\n", asked,
			r->rate_offered, (unsigned long long)r->rate_lag,
			(unsigned long long)rbsim_rate_allowance(cfg));
}

/* the Summary line, then what was run */
static void text_head(FILE *f, const struct rbsim_opts *o, const struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = &o->cfg;
	char hsd[16], dsd[16], dline[48], idle[384], host[192];

	/* the selftests' Summary line first, so their scripts' habits carry over */
	fmt_pm(hsd, sizeof(hsd), r, r->hits_stddev);
	fmt_pm(dsd, sizeof(dsd), r, r->drops_stddev);
	if (o->ops->caps & RBSIM_CAP_DROP_RATE)
		snprintf(dline, sizeof(dline), "%8.3lf \u00b1 %sM/s", r->drops_mean / 1e6, dsd);
	else
		snprintf(dline, sizeof(dline), "     n/a");
	fprintf(f, "Summary: hits %8.3lf \u00b1 %sM/s (%7.3lfM/prod), drops %s\n",
		r->hits_mean / 1e6, hsd, r->hits_mean / 1e6 / cfg->producers, dline);
	if (r->interrupted)
		fprintf(f, "  interrupted    by %s after %.3f s: the figures cover the run until "
			"then\n", r->interrupted == SIGINT ? "SIGINT" : "SIGTERM", r->elapsed_s);
	fprintf(f, "  transport      %s%s%s%s, %u producer%s%s, consumer %s/%s, wakeup %s%s\n",
		o->ops->name, o->transport_opts[0] ? " (" : "", o->transport_opts,
		o->transport_opts[0] ? ")" : "", cfg->producers, cfg->producers == 1 ? "" : "s",
		cfg->b2b ? " (back-to-back)" : "", rbsim_consumer_name(o),
		cfg->poll == RBSIM_POLL_BUSY ? "busy" : "epoll", o->wakeup_text,
		cfg->use_output ? ", output" : "");
	fprintf(f, "  workload       size %s, batch %u, ring %llu bytes", o->size.text, cfg->batch,
		(unsigned long long)cfg->ring_size);
	if (cfg->rate)
		fprintf(f, ", rate %llu/s per producer%s", (unsigned long long)cfg->rate,
			cfg->arrivals == RBSIM_ARRIVALS_POISSON ? " (poisson)" : "");
	if (cfg->burst)
		fprintf(f, ", bursts of %llu every %.3f ms%s", (unsigned long long)cfg->burst,
			(double)cfg->burst_every_ns / 1e6,
			cfg->arrivals == RBSIM_ARRIVALS_POISSON ? " (poisson)" : "");
	if (cfg->trace)
		fprintf(f, ", trace %s", o->trace_path);
	if (cfg->stall_ns)
		fprintf(f, ", consumer stalls %.3f ms every %.3f ms", (double)cfg->stall_ns / 1e6,
			(double)cfg->stall_every_ns / 1e6);
	if (cfg->discard_pct > 0)
		fprintf(f, ", discard %.3g%%", cfg->discard_pct);
	if (cfg->consumer_work_ns)
		fprintf(f, ", consumer work %lluns", (unsigned long long)cfg->consumer_work_ns);
	fprintf(f, "\n");
	if (cfg->records)
		fprintf(f, "  run            %llu records in %.3f s (%u full second%s sampled)\n",
			(unsigned long long)cfg->records, r->elapsed_s, r->samples,
			r->samples == 1 ? "" : "s");
	else
		fprintf(f, "  run            %u s measured after %u s warm-up (%u sample%s), "
			"%.3f s in all\n", cfg->duration_s, cfg->warmup_s, r->samples,
			r->samples == 1 ? "" : "s", r->elapsed_s);
	if (rbsim_paced(cfg))
		text_rate(f, cfg, r);
	if (cfg->virtual_time)
		fprintf(f, "  virtual time   costs produce %lluns, notify %lluns, wake %lluns%s, poll "
			"%lluns, record %lluns, refuse %lluns%s%s%s%s (sim/vtime.md)\n",
			(unsigned long long)cfg->vcosts.produce_ns,
			(unsigned long long)cfg->vcosts.notify_ns,
			(unsigned long long)cfg->vcosts.wake_ns, rbsim_vidle_text(&cfg->vcosts, idle,
									sizeof(idle)),
			(unsigned long long)cfg->vcosts.poll_ns,
			(unsigned long long)cfg->vcosts.record_ns,
			(unsigned long long)cfg->vcosts.refuse_ns,
			cfg->vprofile ? ", from --profile " : "",
			cfg->vprofile ? cfg->vprofile : "",
			cfg->vplace == RBSIM_VPLACE_SHARED ?
			"; the consumer on the first producer's CPU (--vplace shared)" : "",
			rbsim_vhost_text(&cfg->vcosts, host, sizeof(host)));
}

/* what it cost and counted */
static void text_counts(FILE *f, const struct rbsim_opts *o, const struct rbsim_result *r)
{
	__u64 drops = r->drops[0] + r->drops[1] + r->drops[2];
	unsigned int caps = o->ops->caps;
	char hsd[16], lock[24], big[24];
	unsigned int i;

	fmt_pm(hsd, sizeof(hsd), r, r->hits_stddev);
	bool none = o->cfg.consumer == RBSIM_CONSUMER_NONE;
	__u64 per = none ? r->produced : r->consumed;

	fprintf(f, "  cpu            %.3f s user, %.3f s system (%.1f ns per %s record)\n",
		r->cpu_user_s, r->cpu_sys_s, per ?
		(r->cpu_user_s + r->cpu_sys_s) * 1e9 / (double)per : 0.0,
		none ? "produced" : "consumed");
	fprintf(f, "  records        attempted %llu, produced %llu, discarded %llu, "
		"consumed %llu", (unsigned long long)r->attempted,
		(unsigned long long)r->produced, (unsigned long long)r->discarded,
		(unsigned long long)r->consumed);
	if (r->undrained)
		fprintf(f, ", undrained %llu (the drain stopped after %u s, its bound)",
			(unsigned long long)r->undrained,
			o->cfg.duration_s > 1 ? o->cfg.duration_s : 1);
	fprintf(f, "\n");
	if (none)
		fprintf(f, "  no consumer    hits are the producers' commits (the selftests' "
			"--rb-bench-producer); consumed: what one snapshot of the ring held at "
			"the end\n");
	fprintf(f, "  drops          %llu: no space %llu, lock %s, too big %s%s\n",
		(unsigned long long)drops, (unsigned long long)r->drops[RBSIM_DROP_NO_SPACE],
		fig_u(lock, sizeof(lock), caps & RBSIM_CAP_DROP_LOCK, r->drops[RBSIM_DROP_LOCK]),
		fig_u(big, sizeof(big), caps & RBSIM_CAP_DROP_TOO_BIG,
		      r->drops[RBSIM_DROP_TOO_BIG]),
		caps & RBSIM_CAP_DROP_RATE ? "" :
		" (a refusal costs nothing here: no rate is given)");
	fprintf(f, "  throughput     %.3f \u00b1 %s M records/s, %.1f MB/s of samples\n",
		r->hits_mean / 1e6, hsd, r->bytes_mean / 1e6);
	if ((caps & RBSIM_CAP_NOTIFY_COUNT) && r->tstats.notify_count != RBSIM_NOTIFY_NONE)
		fprintf(f, "  notifications  %llu issued (%.4f per record%s), %llu consumer "
			"wake-ups\n", (unsigned long long)r->tstats.notifications,
			r->produced ? (double)r->tstats.notifications / (double)r->produced : 0.0,
			r->tstats.notify_count == RBSIM_NOTIFY_IRQ_WORK ?
			"; the machine's IRQ work interrupts" : "",
			(unsigned long long)r->tstats.wakeups);
	else
		fprintf(f, "  notifications  not counted (none readable here), %llu consumer "
			"wake-ups\n", (unsigned long long)r->tstats.wakeups);
	if (r->have_cons_switches)
		fprintf(f, "  consumer       slept %llu times (%.4f per record), preempted %llu\n",
			(unsigned long long)r->cons_sleeps,
			r->consumed ? (double)r->cons_sleeps / (double)r->consumed : 0.0,
			(unsigned long long)r->cons_preempts);
	if (r->have_peak)
		fprintf(f, "  peak fill      %llu bytes, %.1f%% of the ring%s, at the fullest\n",
			(unsigned long long)r->peak_bytes,
			r->peak_of ? 100.0 * (double)r->peak_bytes / (double)r->peak_of : 0.0,
			o->cfg.producers > 1 && !strcmp(o->ops->name, "perfbuf") ?
			" (of one CPU's)" : "");
	for (i = 0; i < r->tstats.nr_extra && i < RBSIM_TSTATS_EXTRA; i++)
		fprintf(f, "  %-14s %.15g\n", r->tstats.extra[i].name, r->tstats.extra[i].value);
}

/* latency, integrity, warnings */
static void text_verdict(FILE *f, const struct rbsim_opts *o, const struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = &o->cfg;
	const struct rbsim_hist *h = r->hist;

	if (h && h->count) {
		char p50[16], p90[16], p99[16], p999[16], mx[16];

		fmt_ns(p50, sizeof(p50), hist_quantile(h, 0.50));
		fmt_ns(p90, sizeof(p90), hist_quantile(h, 0.90));
		fmt_ns(p99, sizeof(p99), hist_quantile(h, 0.99));
		fmt_ns(p999, sizeof(p999), hist_quantile(h, 0.999));
		fmt_ns(mx, sizeof(mx), h->max);
		fprintf(f, "  latency        p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  "
			"(%llu stamped records, 1 in %u)\n", p50, p90, p99, p999, mx,
			(unsigned long long)h->count, cfg->lat_every);
		if (r->have_host_waits && r->host_waits)
			fprintf(f, "  host stops     %llu stamped records waited %llu ms or more beyond "
				"the workload's own stalls: the host stopped a CPU\n",
				(unsigned long long)r->host_waits,
				(unsigned long long)(RBSIM_HOST_STOP_NS / 1000000));
	} else {
		fprintf(f, "  latency        none measured%s\n",
			cfg->consumer == RBSIM_CONSUMER_NONE ? " (no consumer)" :
			!cfg->verify ? " (--no-verify: no header)" :
			!cfg->latency ? " (--no-latency)" : "");
	}
	if (r->have_prod_stops && r->prod_stops) {
		char when[64];

		if (rbsim_paced(cfg))
			snprintf(when, sizeof(when), "at the end of a sleep or after a send");
		else
			snprintf(when, sizeof(when), "its look before, %u batches earlier",
				 RBSIM_LOOK_BATCHES);
		fprintf(f, "  host stops     %llu times a producer looked at the clock %llu ms or "
			"more after it meant to (%s): the host stopped its CPU\n",
			(unsigned long long)r->prod_stops,
			(unsigned long long)(RBSIM_HOST_STOP_NS / 1000000), when);
	}
	if (r->have_prod_lost && r->prod_lost_ns)
		fprintf(f, "  time lost      %.1f ms, %.2f%% of the producers' measured time: their "
			"looks at the clock (every %u batches) %llu us or more and %u times their "
			"usual interval or more apart, beyond that interval\n",
			(double)r->prod_lost_ns / 1e6, 100.0 * r->prod_lost_frac,
			RBSIM_LOOK_BATCHES, (unsigned long long)(RBSIM_LOST_GAP_NS / 1000),
			RBSIM_LOST_TYP_MULT);
	if (r->integrity.ok)
		fprintf(f, "  integrity      ok%s%s%s\n", r->integrity.checked ?
			" (ids, sequence numbers, checksums" : " (counts only, --no-verify",
			r->integrity.undrained ? "; the undrained records are not lost" : "",
			r->integrity.overwritten ? "; the records lost were overwritten, as overwrite "
			"mode allows)" : ")");
	else
		fprintf(f, "  integrity      FAIL: %s (lost %llu, duplicated %llu, reordered %llu, "
			"torn %llu)\n", r->integrity.first,
			(unsigned long long)r->integrity.lost,
			(unsigned long long)r->integrity.duplicated,
			(unsigned long long)r->integrity.reordered,
			(unsigned long long)r->integrity.torn);
	if (o->warning[0])
		fprintf(f, "  warning        %s\n", o->warning);
	if (r->oversubscribed)
		fprintf(f, "  note           %u threads on %u CPU%s: oversubscribed, a preempted "
			"thread dominates these figures\n", r->threads, r->cpus,
			r->cpus == 1 ? "" : "s");
}

void rbsim_report_text(FILE *f, const struct rbsim_opts *o, const struct rbsim_result *r)
{
	text_head(f, o, r);
	text_counts(f, o, r);
	text_verdict(f, o, r);
}
