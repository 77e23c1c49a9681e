// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: what `rbsim run` reports. One list of fields feeds the CSV header,
 * the CSV row and the JSON object, so the three never disagree; the -o file
 * takes them whole or not at all. The text summary for people is
 * report_text.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "ringbuf/ringbuf.h"
#include "sim/engine.h"
#include "sim/rbsim.h"

/*
 * F_NONE: a figure that means nothing here: an empty CSV field, null in JSON.
 * F_SERIES: n figures (a[i] x f, 3 decimals), "x;y;z" in CSV, an array in JSON.
 */
enum fkind { F_STR, F_U64, F_F3, F_F6, F_BOOL, F_NONE, F_SERIES };

struct field {
	const char *key;
	enum fkind kind;
	const char *s;
	unsigned long long u;
	double f;
	const double *a;
};

/* the run's row has 97 fields: room for more, and a row that outgrows it is a bug (add()) */
#define MAX_FIELDS 128

struct fields {
	unsigned int n;
	struct field f[MAX_FIELDS];
	char strbuf[2048];   /* storage for built strings */
	size_t used;
};

static const char *keep(struct fields *fs, const char *fmt, ...)
{
	char *p = fs->strbuf + fs->used;
	size_t left = sizeof(fs->strbuf) - fs->used;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p, left, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	fs->used += (size_t)n < left ? (size_t)n + 1 : left;
	return p;
}

static void add(struct fields *fs, const char *key, enum fkind kind, const char *s,
		unsigned long long u, double f)
{
	/* a field dropped would leave the CSV header and the JSON short without a word */
	if (fs->n >= MAX_FIELDS)
		abort();
	fs->f[fs->n++] = (struct field){ .key = key, .kind = kind, .s = s, .u = u, .f = f };
}

#define ADD_S(k, v)  add(fs, k, F_STR, v, 0, 0)
#define ADD_U(k, v)  add(fs, k, F_U64, NULL, (unsigned long long)(v), 0)
#define ADD_F3(k, v) add(fs, k, F_F3, NULL, 0, v)
#define ADD_F6(k, v) add(fs, k, F_F6, NULL, 0, v)
#define ADD_B(k, v)  add(fs, k, F_BOOL, NULL, (v) ? 1 : 0, 0)
#define ADD_NONE(k)  add(fs, k, F_NONE, NULL, 0, 0)

/* n per-second figures, each scaled by scale */
static void add_series(struct fields *fs, const char *key, const double *a, unsigned int n,
		       double scale)
{
	add(fs, key, F_SERIES, NULL, n, scale);
	fs->f[fs->n - 1].a = a;
}

const char *rbsim_consumer_name(const struct rbsim_opts *o)
{
	if (!(o->ops->caps & RBSIM_CAP_CONSUMER_KIND))
		return o->ops->consumer_name ? o->ops->consumer_name : "its own";
	return o->cfg.consumer == RBSIM_CONSUMER_BATCH ? "batch" :
	       o->cfg.consumer == RBSIM_CONSUMER_NONE ? "none" : "libbpf";
}

/* the calibration profile of a calibrated port (--profile), "none" for the pure port, or null */
static void collect_profile(struct fields *fs, const struct rbsim_opts *o)
{
	const struct rbsim_opt *p = o->ops->options ? rbsim_opt_find(o->ops->options, "profile") :
				    NULL;
	char buf[512];

	if (!p || !p->format) {
		ADD_NONE("profile");
		return;
	}
	p->format(p, o->topts.b, buf, sizeof(buf));
	ADD_S("profile", keep(fs, "%s", buf));
}

/* what the run was: where, when, the workload, the transport and its options */
static void collect_config(struct fields *fs, const struct rbsim_opts *o,
			   const struct rbsim_result *r)
{
	const struct rbsim_cfg *cfg = &o->cfg;
	struct utsname u;
	char tbuf[32], vc[640];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (uname(&u))
		memset(&u, 0, sizeof(u));

	ADD_S("time", keep(fs, "%s", tbuf));
	ADD_S("host", keep(fs, "%s", u.nodename));
	ADD_S("kernel", keep(fs, "%s", u.release));
	ADD_S("label", o->label);
	ADD_S("transport", o->ops->name);
	/* one column for every transport's options, so that one header fits every row */
	ADD_S("transport_opts", o->transport_opts);
	collect_profile(fs, o);
	ADD_U("producers", cfg->producers);
	ADD_S("size", o->size.text);
	ADD_F3("size_mean", cfg->size_mean);
	ADD_U("ring_size", cfg->ring_size);
	ADD_U("batch", cfg->batch);
	ADD_B("b2b", cfg->b2b);
	ADD_S("wakeup", o->wakeup_text);
	ADD_U("wakeup_bytes", cfg->wakeup_bytes);
	ADD_B("use_output", cfg->use_output);
	ADD_F3("discard_pct", cfg->discard_pct);
	ADD_S("consumer", rbsim_consumer_name(o));
	ADD_S("poll", cfg->poll == RBSIM_POLL_BUSY ? "busy" : "epoll");
	ADD_U("consumer_work_ns", cfg->consumer_work_ns);
	ADD_U("rate", cfg->rate);
	ADD_S("arrivals", cfg->arrivals == RBSIM_ARRIVALS_POISSON ? "poisson" : "const");
	ADD_U("burst", cfg->burst);
	ADD_U("burst_every_ns", cfg->burst_every_ns);
	ADD_S("trace", o->trace_path ? o->trace_path : "");
	ADD_U("stall_ns", cfg->stall_ns);
	ADD_U("stall_every_ns", cfg->stall_every_ns);
	if (rbsim_paced(cfg)) {
		ADD_F3("rate_offered", r->rate_offered);
		ADD_U("rate_lag", r->rate_lag);
		ADD_B("rate_met", r->rate_met);
	} else {
		ADD_NONE("rate_offered");
		ADD_NONE("rate_lag");
		ADD_NONE("rate_met");
	}
	ADD_U("records", cfg->records);
	ADD_U("duration_s", cfg->records ? 0 : cfg->duration_s);
	ADD_U("warmup_s", cfg->records ? 0 : cfg->warmup_s);
	ADD_U("seed", cfg->seed);
	ADD_B("verify", cfg->verify);
	ADD_B("latency", cfg->latency);
	ADD_U("latency_every", cfg->lat_every);
	ADD_B("affinity", o->affinity);
	ADD_B("virtual", cfg->virtual_time);
	if (cfg->virtual_time) {
		rbsim_vcosts_text(&cfg->vcosts, vc, sizeof(vc));
		ADD_S("vcosts", keep(fs, "%s", vc));
	} else {
		ADD_NONE("vcosts");
	}
	if (cfg->virtual_time)
		ADD_S("vplace", cfg->vplace == RBSIM_VPLACE_SHARED ? "shared" : "apart");
	else
		ADD_NONE("vplace");
}

/* what it did: threads, rates, the records' balance, drops, notifications */
static void collect_counts(struct fields *fs, const struct rbsim_opts *o,
			   const struct rbsim_result *r)
{
	unsigned int caps = o->ops->caps;

	ADD_U("threads", r->threads);
	ADD_U("cpus", r->cpus);
	ADD_B("oversubscribed", r->oversubscribed);
	ADD_B("interrupted", r->interrupted);
	ADD_U("samples", r->samples);
	ADD_F6("hits_mean_mps", r->hits_mean / 1e6);
	/* a standard deviation needs two samples */
	if (r->samples > 1)
		ADD_F6("hits_stddev_mps", r->hits_stddev / 1e6);
	else
		ADD_NONE("hits_stddev_mps");
	ADD_F6("hits_per_prod_mps", r->hits_mean / 1e6 / o->cfg.producers);
	/* a rate of refusals only where a refusal costs what the real call costs */
	if (caps & RBSIM_CAP_DROP_RATE)
		ADD_F6("drops_mean_mps", r->drops_mean / 1e6);
	else
		ADD_NONE("drops_mean_mps");
	if (r->samples > 1 && (caps & RBSIM_CAP_DROP_RATE))
		ADD_F6("drops_stddev_mps", r->drops_stddev / 1e6);
	else
		ADD_NONE("drops_stddev_mps");
	ADD_F3("bytes_per_s", r->bytes_mean);
	ADD_U("attempted", r->attempted);
	ADD_U("produced", r->produced);
	ADD_U("consumed", r->consumed);
	ADD_U("discarded", r->discarded);
	ADD_U("undrained", r->undrained);
	ADD_U("drops_no_space", r->drops[RBSIM_DROP_NO_SPACE]);
	if (caps & RBSIM_CAP_DROP_LOCK)
		ADD_U("drops_lock", r->drops[RBSIM_DROP_LOCK]);
	else
		ADD_NONE("drops_lock");
	if (caps & RBSIM_CAP_DROP_TOO_BIG)
		ADD_U("drops_too_big", r->drops[RBSIM_DROP_TOO_BIG]);
	else
		ADD_NONE("drops_too_big");
	if ((caps & RBSIM_CAP_NOTIFY_COUNT) && r->tstats.notify_count != RBSIM_NOTIFY_NONE)
		ADD_U("notifications", r->tstats.notifications);
	else
		ADD_NONE("notifications");
	ADD_U("wakeups", r->tstats.wakeups);
	if (r->have_cons_switches) {
		ADD_U("cons_sleeps", r->cons_sleeps);
		ADD_U("cons_preempts", r->cons_preempts);
	} else {
		ADD_NONE("cons_sleeps");
		ADD_NONE("cons_preempts");
	}
	if (r->have_peak)
		ADD_U("peak_bytes", r->peak_bytes);
	else
		ADD_NONE("peak_bytes");
}

/* latency, CPU time, the verifier's verdict, the run's options, the transport's extras */
static void collect_verdict(struct fields *fs, const struct rbsim_opts *o,
			    const struct rbsim_result *r)
{
	const struct rbsim_hist *h = r->hist;
	__u64 per;
	char extra[512] = "";
	unsigned int i;

	ADD_U("lat_samples", h ? h->count : 0);
	ADD_U("lat_p50_ns", h ? hist_quantile(h, 0.50) : 0);
	ADD_U("lat_p90_ns", h ? hist_quantile(h, 0.90) : 0);
	ADD_U("lat_p99_ns", h ? hist_quantile(h, 0.99) : 0);
	ADD_U("lat_p999_ns", h ? hist_quantile(h, 0.999) : 0);
	ADD_U("lat_max_ns", h ? h->max : 0);
	ADD_F3("lat_mean_ns", h && h->count ? (double)h->sum / (double)h->count : 0);
	if (r->have_host_waits)
		ADD_U("lat_host_waits", r->host_waits);
	else
		ADD_NONE("lat_host_waits");
	if (r->have_prod_stops)
		ADD_U("prod_host_stops", r->prod_stops);
	else
		ADD_NONE("prod_host_stops");
	if (r->have_prod_lost) {
		ADD_F3("prod_lost_ms", (double)r->prod_lost_ns / 1e6);
		ADD_F6("prod_lost_frac", r->prod_lost_frac);
	} else {
		ADD_NONE("prod_lost_ms");
		ADD_NONE("prod_lost_frac");
	}
	ADD_F6("elapsed_s", r->elapsed_s);
	ADD_F6("cpu_user_s", r->cpu_user_s);
	ADD_F6("cpu_sys_s", r->cpu_sys_s);
	/* --consumer none: per produced record, the only records moved */
	per = o->cfg.consumer == RBSIM_CONSUMER_NONE ? r->produced : r->consumed;
	ADD_F3("cpu_ns_per_record", per ? (r->cpu_user_s + r->cpu_sys_s) * 1e9 / (double)per : 0);
	ADD_S("integrity", !r->integrity.ok ? "FAIL" : r->integrity.checked ? "ok" : "counts-ok");
	ADD_U("lost", r->integrity.lost);
	ADD_U("duplicated", r->integrity.duplicated);
	ADD_U("reordered", r->integrity.reordered);
	ADD_U("torn", r->integrity.torn);
	ADD_S("first_error", r->integrity.first);
	ADD_S("warning", o->warning);
	ADD_S("options", o->options);
	for (i = 0; i < r->tstats.nr_extra && i < RBSIM_TSTATS_EXTRA; i++) {
		size_t len = strlen(extra);

		snprintf(extra + len, sizeof(extra) - len, "%s%s=%.15g", i ? ";" : "",
			 r->tstats.extra[i].name, r->tstats.extra[i].value);
	}
	ADD_S("extra", keep(fs, "%s", extra));
}

/* the seconds behind the means, and the regime of each (sim/regime.c) */
static void collect_seconds(struct fields *fs, const struct rbsim_result *r)
{
	const struct rbsim_seconds *sec = &r->sec;

	add_series(fs, "sec_hits_mps", sec->hits, sec->n, 1e-6);
	add_series(fs, "sec_drops_mps", sec->drops, sec->n, 1e-6);
	add_series(fs, "sec_wakeups", sec->wakeups, sec->n, 1);
	add_series(fs, "sec_batches", sec->batches, sec->n, 1);
	ADD_S("sec_regime", sec->regime ? sec->regime : "");
	if (r->regime.settled < 0) {
		ADD_NONE("regime");
		ADD_NONE("regime_caught_up_pct");
		ADD_NONE("regime_switches");
		return;
	}
	ADD_S("regime", rbsim_regime_name(r->regime.settled));
	ADD_F3("regime_caught_up_pct", 100.0 * r->regime.share[RBSIM_REGIME_CAUGHT_UP]);
	ADD_U("regime_switches", r->regime.switches);
}

/* every field of a row, in the order of the CSV header */
static void collect(struct fields *fs, const struct rbsim_opts *o, const struct rbsim_result *r)
{
	memset(fs, 0, sizeof(*fs));
	collect_config(fs, o, r);
	collect_counts(fs, o, r);
	collect_verdict(fs, o, r);
	collect_seconds(fs, r);
}

/* a growing string */
struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t left = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? left : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->p && (size_t)n < left) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap + (size_t)n + 1) * 2;
		char *np = realloc(b->p, cap);

		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
}

static void csv_str(struct sbuf *b, const char *s)
{
	/* RFC 4180: quote fields holding a comma, quote or line break */
	if (!strpbrk(s, ",\"\n\r")) {
		sb_printf(b, "%s", s);
		return;
	}
	sb_printf(b, "\"");
	for (; *s; s++)
		sb_printf(b, *s == '"' ? "\"\"" : "%c", *s);
	sb_printf(b, "\"");
}

static void json_str(struct sbuf *b, const char *s)
{
	char esc[7];

	sb_printf(b, "\"");
	for (; *s; s++)
		sb_printf(b, "%s", rbsim_json_escape((unsigned char)*s, esc));
	sb_printf(b, "\"");
}

static void value(struct sbuf *b, const struct field *f, bool json)
{
	switch (f->kind) {
	case F_STR:
		if (json)
			json_str(b, f->s ? f->s : "");
		else
			csv_str(b, f->s ? f->s : "");
		break;
	case F_U64:
		sb_printf(b, "%llu", f->u);
		break;
	case F_F3:
		sb_printf(b, "%.3f", f->f);
		break;
	case F_F6:
		sb_printf(b, "%.6f", f->f);
		break;
	case F_BOOL:
		sb_printf(b, json ? (f->u ? "true" : "false") : "%llu", f->u);
		break;
	case F_NONE:
		if (json)
			sb_printf(b, "null");
		break;
	case F_SERIES:
		sb_printf(b, json ? "[" : "");
		for (unsigned long long i = 0; i < f->u; i++)
			sb_printf(b, "%s%.3f", !i ? "" : json ? "," : ";", f->a[i] * f->f);
		sb_printf(b, json ? "]" : "");
		break;
	}
}

/* one JSON object: the fields, the transport's extra figures as an object of numbers */
static void json_row(struct sbuf *b, const struct fields *fs, const struct rbsim_result *r)
{
	unsigned int i, j;

	sb_printf(b, "{");
	for (i = 0; i < fs->n; i++) {
		sb_printf(b, "%s\"%s\":", i ? "," : "", fs->f[i].key);
		if (strcmp(fs->f[i].key, "extra")) {
			value(b, &fs->f[i], true);
			continue;
		}
		sb_printf(b, "{");
		for (j = 0; j < r->tstats.nr_extra && j < RBSIM_TSTATS_EXTRA; j++) {
			double v = r->tstats.extra[j].value;

			/* JSON has no NaN or infinity */
			sb_printf(b, isfinite(v) ? "%s\"%s\":%.15g" : "%s\"%s\":null",
				  j ? "," : "", r->tstats.extra[j].name, v);
		}
		sb_printf(b, "}");
	}
	sb_printf(b, "}\n");
}

static void csv_row(struct sbuf *b, const struct fields *fs, bool header)
{
	unsigned int i;

	if (header) {
		for (i = 0; i < fs->n; i++)
			sb_printf(b, "%s%s", i ? "," : "", fs->f[i].key);
		sb_printf(b, "\n");
	}
	for (i = 0; i < fs->n; i++) {
		if (i)
			sb_printf(b, ",");
		value(b, &fs->f[i], false);
	}
	sb_printf(b, "\n");
}

char *rbsim_report_format(const struct rbsim_opts *o, const struct rbsim_result *r,
			  enum rbsim_format fmt, bool header)
{
	struct sbuf b = { 0 };
	struct fields *fs;

	if (fmt == RBSIM_FMT_TEXT) {
		FILE *f = open_memstream(&b.p, &b.len);

		if (!f)
			return NULL;
		rbsim_report_text(f, o, r);
		fclose(f);
		return b.p;
	}
	fs = malloc(sizeof(*fs));
	if (!fs)
		return NULL;
	collect(fs, o, r);
	if (fmt == RBSIM_FMT_JSON)
		json_row(&b, fs, r);
	else
		csv_row(&b, fs, header);
	free(fs);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* what an -o file already holds, from its first line */
enum out_kind { OUT_EMPTY, OUT_OUR_CSV, OUT_JSON, OUT_OTHER };

static enum out_kind out_kind(int fd, const char *header)
{
	size_t hlen = strlen(header);
	char buf[4096];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return n == 0 ? OUT_EMPTY : OUT_OTHER;
	buf[n] = '\0';
	if (buf[0] == '{')
		return OUT_JSON;
	/* the header is this rbsim's columns, line for line */
	if ((size_t)n >= hlen && !memcmp(buf, header, hlen))
		return OUT_OUR_CSV;
	return OUT_OTHER;
}

int rbsim_output_open(struct rbsim_opts *o, char *err, size_t errlen)
{
	struct rbsim_result r = { 0 };
	enum out_kind kind = OUT_EMPTY;
	const char *why = NULL;
	struct stat st;
	char *hdr, *nl;
	int fd;

	o->out_created = stat(o->output, &st) && errno == ENOENT;
	/*
	 * Opened now, not checked with access() (which root always passes),
	 * and kept open for the one write at the end. O_NONBLOCK: a FIFO
	 * without a reader fails here instead of blocking. Read-write to look
	 * at the first line; write-only when that is all we may do.
	 */
	fd = open(o->output, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0644);
	if (fd < 0 && errno == EACCES)
		fd = open(o->output, O_WRONLY | O_APPEND | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(err, errlen, "-o %s: cannot write: %s", o->output, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	o->out_fd = fd;

	/* only a regular file says what it holds (reading a FIFO or /dev/full would not) */
	if (S_ISREG(st.st_mode) && st.st_size) {
		hdr = rbsim_report_format(o, &r, RBSIM_FMT_CSV, true);
		nl = hdr ? strchr(hdr, '\n') : NULL;
		if (!nl) {
			free(hdr);
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		nl[1] = '\0';
		kind = out_kind(fd, hdr);
		free(hdr);
	}
	if (o->format == RBSIM_FMT_CSV && kind == OUT_JSON)
		why = "it holds JSON objects, not CSV rows (--format json, or another file)";
	else if (o->format == RBSIM_FMT_CSV && kind == OUT_OTHER)
		why = "its first line is not the CSV header of this rbsim (another program's "
		      "file, or other columns): a row would not match it";
	else if (o->format == RBSIM_FMT_JSON && (kind == OUT_OUR_CSV || kind == OUT_OTHER))
		why = "it does not hold JSON objects, one per line (another file)";
	else if (o->format == RBSIM_FMT_TEXT && kind == OUT_OUR_CSV)
		why = "it holds CSV rows (--format csv, or another file)";
	else if (o->format == RBSIM_FMT_TEXT && kind == OUT_JSON)
		why = "it holds JSON objects (--format json, or another file)";
	if (why) {
		snprintf(err, errlen, "-o %s: %s", o->output, why);
		goto fail;
	}
	return 0;
fail:
	rbsim_output_close(o, false);
	return -1;
}

void rbsim_output_close(struct rbsim_opts *o, bool wrote)
{
	if (o->out_fd < 0)
		return;
	/* a file this run created and never wrote to is not left behind */
	if (!wrote && o->out_created)
		unlink(o->output);
	close(o->out_fd);
	o->out_fd = -1;
}

int rbsim_report_append(const struct rbsim_opts *o, const struct rbsim_result *r, char *err,
			size_t errlen)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	struct stat st;
	size_t len, off = 0;
	int ret = 0;
	char *s;

	if (fstat(o->out_fd, &st)) {
		snprintf(err, errlen, "-o %s: %s", o->output, strerror(errno));
		return -errno;
	}
	/* the header only into an empty file */
	s = rbsim_report_format(o, r, o->format, S_ISREG(st.st_mode) ? st.st_size == 0 : true);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	len = strlen(s);
	/* past RLIMIT_FSIZE: a short write, then EFBIG, instead of SIGXFSZ killing us */
	sigaction(SIGXFSZ, &ign, &old);
	while (off < len) {
		ssize_t n = write(o->out_fd, s + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -ENOSPC;
			break;
		}
		off += (size_t)n;
	}
	sigaction(SIGXFSZ, &old, NULL);
	free(s);
	if (!ret)
		return 0;
	/* the row whole or not at all: the next append must not join a partial one */
	if (off && S_ISREG(st.st_mode) && ftruncate(o->out_fd, st.st_size))
		snprintf(err, errlen, "-o %s: %s; %zu bytes of a partial row are left in it "
			 "(ftruncate: %s)", o->output, strerror(-ret), off, strerror(errno));
	else
		snprintf(err, errlen, "-o %s: %s (nothing written)", o->output, strerror(-ret));
	return ret;
}
