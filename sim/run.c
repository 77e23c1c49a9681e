// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim run: drive a transport with producer threads and one consumer under
 * a chosen workload, the way the selftests' bench drives its ringbuf
 * benchmarks (tools/testing/selftests/bpf/bench.c and
 * benchs/bench_ringbufs.c), and report what it did.
 *
 * This file: the options, their checks and the command. The threads are in
 * engine.c, the reports in report.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "sim/rbsim.h"
#include "sim/engine.h"
#include "sim/kernel_check.h"

#define DEF_TRANSPORT   "ringbuf"
#define DEF_PRODUCERS   1
#define DEF_DURATION    5
#define DEF_WARMUP      1
#define DEF_RING_SIZE   (512 * 1024)
#define DEF_SEED        1
#define DEF_SIZE        "8"
#define DEF_BATCH       500
#define DEF_LAT_EVERY   256 /* 1 with --rate: paced producers have time for a clock read */
#define MAX_PRODUCERS   RBSIM_REC_MAX_PRODUCERS
#define MAX_BATCH       65536
#define MAX_SECONDS     (24 * 3600)

enum {
	OPT_TRANSPORT = 256,
	OPT_RECORDS,
	OPT_RING_SIZE,
	OPT_SEED,
	OPT_SIZE,
	OPT_RATE,
	OPT_BATCH,
	OPT_B2B,
	OPT_WAKEUP,
	OPT_USE_OUTPUT,
	OPT_DISCARD,
	OPT_CONSUMER,
	OPT_POLL,
	OPT_CONSUMER_WORK,
	OPT_PROD_AFFINITY,
	OPT_CONS_AFFINITY,
	OPT_FORMAT,
	OPT_LABEL,
	OPT_NO_VERIFY,
	OPT_NO_LATENCY,
	OPT_LAT_EVERY,
	OPT_DUMP_SIZES,
	OPT_INJECT,
	OPT_TRANSPORT_BASE = 1000, /* transport options: OPT_TRANSPORT_BASE + index */
};

static const struct option base_opts[] = {
	{ "transport", required_argument, NULL, OPT_TRANSPORT },
	{ "producers", required_argument, NULL, 'p' },
	{ "duration", required_argument, NULL, 'd' },
	{ "warmup", required_argument, NULL, 'w' },
	{ "records", required_argument, NULL, OPT_RECORDS },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "b2b", no_argument, NULL, OPT_B2B },
	{ "wakeup", required_argument, NULL, OPT_WAKEUP },
	{ "use-output", no_argument, NULL, OPT_USE_OUTPUT },
	{ "discard", required_argument, NULL, OPT_DISCARD },
	{ "consumer", required_argument, NULL, OPT_CONSUMER },
	{ "poll", required_argument, NULL, OPT_POLL },
	{ "consumer-work", required_argument, NULL, OPT_CONSUMER_WORK },
	{ "affinity", no_argument, NULL, 'a' },
	{ "prod-affinity", required_argument, NULL, OPT_PROD_AFFINITY },
	{ "cons-affinity", required_argument, NULL, OPT_CONS_AFFINITY },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "quiet", no_argument, NULL, 'q' },
	{ "no-verify", no_argument, NULL, OPT_NO_VERIFY },
	{ "no-latency", no_argument, NULL, OPT_NO_LATENCY },
	{ "latency-every", required_argument, NULL, OPT_LAT_EVERY },
	{ "dump-sizes", required_argument, NULL, OPT_DUMP_SIZES },
	{ "inject", required_argument, NULL, OPT_INJECT },
	{ "help", no_argument, NULL, 'h' },
};
#define NR_BASE_OPTS (sizeof(base_opts) / sizeof(base_opts[0]))
#define MAX_TRANSPORT_OPTS 64

void rbsim_run_usage(FILE *f)
{
	const struct rbsim_transport_ops *t;
	const struct rbsim_topt *to;

	fprintf(f,
		"usage: rbsim run [options]\n\n"
		"Drive a transport with producer threads and one consumer thread and report\n"
		"throughput (the selftests' hits and drops), notifications, wake-ups, latency\n"
		"percentiles and record integrity. Progress goes to stderr once a second.\n\n"
		"workload:\n"
		"      --transport NAME     transport to drive (default: %s)\n"
		"  -p, --producers N        producer threads, 1-%d (default: %d)\n"
		"  -d, --duration SEC       measured seconds, then a drain of at most max(1, SEC)\n"
		"                           seconds; what it leaves is reported undrained\n"
		"                           (default: %d)\n"
		"  -w, --warmup SEC         warm-up seconds, left out of the mean (default: %d)\n"
		"      --records N          attempt N records in total, then stop\n"
		"                           (default: 0, a timed run)\n"
		"      --ring-size BYTES    ring size, K/M/G suffixes allowed (default: %d)\n"
		"      --seed N             seed of the size and discard streams (default: %d)\n"
		"      --size SPEC          record size: N, uniform:MIN-MAX or\n"
		"                           mix:SIZExWEIGHT,..., e.g. mix:64x9,1024x1\n"
		"                           (default: %s)\n"
		"      --rate N             records/s per producer: record k is sent at start +\n"
		"                           k/N, up to --batch at a time; the report says\n"
		"                           whether the rate was met (default: 0, as fast as\n"
		"                           possible)\n"
		"      --batch N            records per burst, the selftests' batch count\n"
		"                           (default: %d)\n"
		"      --b2b                back-to-back: one producer, the consumer triggers the\n"
		"                           next batch after each poll (default: off)\n"
		"\nproducer side:\n"
		"      --wakeup MODE        adaptive, none, force, sampled:N (FORCE_WAKEUP once N\n"
		"                           records' worth of bytes are pending, NO_WAKEUP\n"
		"                           otherwise) or bytes:N (default: adaptive)\n"
		"      --use-output         bpf_ringbuf_output() instead of reserve+submit\n"
		"                           (default: off)\n"
		"      --discard PCT        discard PCT%% of reservations (default: 0)\n"
		"\nconsumer side:\n"
		"      --consumer KIND      libbpf (consumer_pos stored per record) or batch\n"
		"                           (once per drained batch, the selftests' rb-custom);\n"
		"                           ringbuf transports only (default: libbpf)\n"
		"      --poll MODE          epoll (sleep until notified) or busy (default: epoll)\n"
		"      --consumer-work NS   simulated processing per record (default: 0)\n"
		"\nthreads:\n"
		"  -a, --affinity           pin threads: the consumer on CPU 0, producers on the\n"
		"                           next CPUs, wrapping (default: off)\n"
		"      --prod-affinity CPUS pin producers round-robin to CPUS, e.g. 0-1,3\n"
		"                           (default: none)\n"
		"      --cons-affinity CPUS pin the consumer to CPUS (default: none)\n"
		"\noutput:\n"
		"      --format FMT         text, csv or json (default: text)\n"
		"  -o, --output FILE        append the result to FILE, csv header once\n"
		"                           (default: stdout)\n"
		"      --label TEXT         free text for the label column (default: empty)\n"
		"  -q, --quiet              no progress lines (default: off)\n"
		"\nharness:\n"
		"      --no-verify          plain records, no header or checksum; only counts\n"
		"                           are checked (default: verify)\n"
		"      --no-latency         no timestamps (default: stamp)\n"
		"      --latency-every N    stamp one committed record in N per producer, a power\n"
		"                           of 2 (default: %d, or 1 with --rate)\n"
		"      --dump-sizes N       print the first N record sizes of each producer for\n"
		"                           --seed/--size/--discard ('d' = discarded), then exit\n"
		"      --inject KIND[@N]    test the verifier: lose, dup, torn or reorder the\n"
		"                           N-th consumed record (default: none; N: 100)\n"
		"  -h, --help               this text\n",
		DEF_TRANSPORT, MAX_PRODUCERS, DEF_PRODUCERS, DEF_DURATION, DEF_WARMUP,
		DEF_RING_SIZE, DEF_SEED, DEF_SIZE, DEF_BATCH, DEF_LAT_EVERY);

	fprintf(f, "\ntransports:\n");
	for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
		fprintf(f, "  %-22s %s\n", t->name, t->summary);
		for (to = t->options; to && to->name; to++)
			fprintf(f, "      --%s%s  %s\n", to->name, to->has_arg ? " ARG" : "",
				to->help);
	}
	fprintf(f, "\nThe first SIGINT or SIGTERM stops the run: producers stop, the ring drains,\n"
		"the partial summary is printed and written (marked interrupted), exit status\n"
		"130 (143 for SIGTERM); a second one ends rbsim at once.\n"
		"\nExit status: 0 ok, 1 integrity FAIL or a failed run, 2 bad input.\n");
}

/* ---- argument parsing helpers: each fills err with the reason ---- */

/* 0, -EINVAL (not a number), -ERANGE (above 2^64 - 1) or -EDOM (negative) */
static int parse_u64(const char *s, __u64 *out, bool suffixes)
{
	unsigned long long v, mul = 1;
	bool neg = false;
	char *end;

	if (s && *s == '-' && s[1] >= '0' && s[1] <= '9') {
		neg = true; /* parsed all the same: "-1" is a number, "-x" is not */
		s++;
	}
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno && errno != ERANGE)
		return -EINVAL;
	if (suffixes && *end) {
		switch (*end) {
		case 'k': case 'K': mul = 1ULL << 10; break;
		case 'm': case 'M': mul = 1ULL << 20; break;
		case 'g': case 'G': mul = 1ULL << 30; break;
		default: return -EINVAL;
		}
		end++;
	}
	if (*end)
		return -EINVAL;
	if (neg)
		return -EDOM;
	if (errno == ERANGE || (v && mul > ULLONG_MAX / v))
		return -ERANGE;
	*out = v * mul;
	return 0;
}

static int num_opt(const char *opt, const char *arg, __u64 min, __u64 max, bool suffixes,
		   __u64 *out, char *err, size_t errlen)
{
	int ret = parse_u64(arg, out, suffixes);

	if (ret == -EINVAL) {
		snprintf(err, errlen, "%s '%s': not a number%s", opt, arg,
			 suffixes ? " (K/M/G suffixes allowed)" : "");
		return -1;
	}
	if (ret || *out < min || *out > max) {
		if (max == ULLONG_MAX)
			snprintf(err, errlen, "%s %s: %s", opt, arg,
				 ret == -EDOM ? "negative" : "too large");
		else
			snprintf(err, errlen, "%s %s: out of range (%llu-%llu)", opt, arg,
				 (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	return 0;
}

static int online_cpus(cpu_set_t *set)
{
	CPU_ZERO(set);
	if (sched_getaffinity(0, sizeof(*set), set))
		return -1;
	return CPU_COUNT(set);
}

static int parse_cpulist(const char *opt, const char *s, struct rbsim_cpulist *l, char *err,
			 size_t errlen)
{
	const char *p = s;
	cpu_set_t online;
	char *end;

	memset(l, 0, sizeof(*l));
	snprintf(l->text, sizeof(l->text), "%s", s);
	online_cpus(&online);
	for (;;) {
		long a, b, c;

		if (*p < '0' || *p > '9')
			goto bad;
		a = strtol(p, &end, 10);
		b = a;
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				goto bad;
			b = strtol(end + 1, &end, 10);
		}
		if (b < a || b >= RBSIM_MAX_CPUS)
			goto bad;
		for (c = a; c <= b; c++) {
			if (!CPU_ISSET(c, &online)) {
				snprintf(err, errlen, "%s %s: CPU %ld is not available to rbsim",
					 opt, s, c);
				return -1;
			}
			if (l->nr < RBSIM_MAX_CPUS)
				l->cpu[l->nr++] = (int)c;
		}
		if (!*end)
			return 0;
		if (*end != ',')
			goto bad;
		p = end + 1;
	}
bad:
	snprintf(err, errlen, "%s '%s': expected a CPU list such as 0-1,3", opt, s);
	return -1;
}

static int parse_wakeup(const char *s, struct rbsim_cfg *cfg, char *err, size_t errlen)
{
	__u64 n;

	if (!strcmp(s, "adaptive")) {
		cfg->wakeup = RBSIM_WAKEUP_ADAPTIVE;
	} else if (!strcmp(s, "none")) {
		cfg->wakeup = RBSIM_WAKEUP_NONE;
	} else if (!strcmp(s, "force")) {
		cfg->wakeup = RBSIM_WAKEUP_FORCE;
	} else if (!strncmp(s, "sampled:", 8) || !strncmp(s, "bytes:", 6)) {
		bool sampled = s[0] == 's';

		if (parse_u64(s + (sampled ? 8 : 6), &n, !sampled) || !n || n > (1ULL << 32)) {
			snprintf(err, errlen, "--wakeup %s: %s needs a number from 1 to 2^32", s,
				 sampled ? "sampled:N" : "bytes:N");
			return -1;
		}
		cfg->wakeup = sampled ? RBSIM_WAKEUP_SAMPLED : RBSIM_WAKEUP_BYTES;
		cfg->wakeup_n = n;
	} else {
		snprintf(err, errlen,
			 "--wakeup '%s': expected adaptive, none, force, sampled:N or bytes:N", s);
		return -1;
	}
	return 0;
}

static void set_defaults(struct rbsim_opts *o)
{
	char err[16];

	memset(o, 0, sizeof(*o));
	o->out_fd = -1;
	o->cfg.transport = DEF_TRANSPORT;
	o->cfg.producers = DEF_PRODUCERS;
	o->cfg.duration_s = DEF_DURATION;
	o->cfg.warmup_s = DEF_WARMUP;
	o->cfg.ring_size = DEF_RING_SIZE;
	o->cfg.seed = DEF_SEED;
	o->cfg.batch = DEF_BATCH;
	o->cfg.wakeup = RBSIM_WAKEUP_ADAPTIVE;
	o->cfg.consumer = RBSIM_CONSUMER_LIBBPF;
	o->cfg.poll = RBSIM_POLL_EPOLL;
	o->cfg.verify = true;
	o->cfg.latency = true;
	o->cfg.lat_every = DEF_LAT_EVERY;
	snprintf(o->wakeup_text, sizeof(o->wakeup_text), "adaptive");
	rbsim_size_spec_parse(DEF_SIZE, &o->size, err, sizeof(err));
	o->format = RBSIM_FMT_TEXT;
	o->label = "";
}

/* "a, b, c": the transports that have every bit of cap */
void rbsim_transports_with(unsigned int cap, char *buf, size_t len)
{
	const struct rbsim_transport_ops *t;

	buf[0] = '\0';
	for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
		if ((t->caps & cap) == cap)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? ", " : "",
				 t->name);
	}
}

/* a generic option the transport would ignore: refused, never reported as used */
static int check_caps(const struct rbsim_opts *o, char *err, size_t errlen)
{
	const struct rbsim_transport_ops *t = o->ops;
	const struct rbsim_cfg *cfg = &o->cfg;
	const char *opt = NULL;
	unsigned int cap = 0;
	char with[160];

	if (o->consumer_given && !(t->caps & RBSIM_CAP_CONSUMER_KIND)) {
		opt = cfg->consumer == RBSIM_CONSUMER_BATCH ? "--consumer batch" :
							       "--consumer libbpf";
		cap = RBSIM_CAP_CONSUMER_KIND;
	} else if (cfg->use_output && !(t->caps & RBSIM_CAP_OUTPUT)) {
		opt = "--use-output";
		cap = RBSIM_CAP_OUTPUT;
	} else if (rbsim_wakeup_needs_avail(cfg) && !(t->caps & RBSIM_CAP_WAKEUP_AVAIL)) {
		opt = o->wakeup_text;
		cap = RBSIM_CAP_WAKEUP_AVAIL;
	}
	if (!opt)
		return 0;
	rbsim_transports_with(cap, with, sizeof(with));
	if (cap == RBSIM_CAP_CONSUMER_KIND)
		snprintf(err, errlen, "%s does not apply to --transport %s: its consumer is %s "
			 "(transports with a choice: %s)", opt, t->name, t->consumer_name, with);
	else
		snprintf(err, errlen, "%s%s does not apply to --transport %s (transports that "
			 "have it: %s)", cap == RBSIM_CAP_WAKEUP_AVAIL ? "--wakeup " : "", opt,
			 t->name, with);
	return -1;
}

/*
 * A workload that can never fit the transport's ring, or whose wake-up
 * threshold the ring can never reach (the consumer would sleep through the
 * run), is refused; one that partly cannot is run with a warning on stderr
 * that the report repeats.
 */
static int check_fit(struct rbsim_opts *o, char *err, size_t errlen)
{
	const struct rbsim_transport_ops *t = o->ops;
	const struct rbsim_cfg *cfg = &o->cfg;
	__u64 max;

	if (t->max_record) {
		max = t->max_record(cfg);
		if (o->size.min > max) {
			snprintf(err, errlen, "--size %s: a %u-byte record never fits the ring of "
				 "--transport %s (%llu bytes at most)", o->size.text, o->size.min,
				 t->name, (unsigned long long)max);
			return -1;
		}
		if (o->size.max > max)
			snprintf(o->warning, sizeof(o->warning), "--size %s: records over %llu "
				 "bytes never fit the ring of --transport %s: they are too-big "
				 "drops", o->size.text, (unsigned long long)max, t->name);
	}
	if (rbsim_wakeup_needs_avail(cfg) && t->wakeup_max) {
		max = t->wakeup_max(cfg);
		if (max && cfg->wakeup_bytes > max && cfg->poll == RBSIM_POLL_EPOLL) {
			snprintf(err, errlen, "--wakeup %s: its threshold of %llu bytes is above what "
				 "the ring of --transport %s can reach (%llu bytes): the consumer "
				 "would never be woken (a smaller N, or --poll busy)", o->wakeup_text,
				 (unsigned long long)cfg->wakeup_bytes, t->name,
				 (unsigned long long)max);
			return -1;
		}
		if (max && cfg->wakeup_bytes > max)
			snprintf(o->warning, sizeof(o->warning), "--wakeup %s: its threshold of %llu "
				 "bytes is above what the ring of --transport %s can reach (%llu "
				 "bytes): no wake-up is ever sent (--poll busy does without)",
				 o->wakeup_text, (unsigned long long)cfg->wakeup_bytes, t->name,
				 (unsigned long long)max);
	}
	return 0;
}

/* the checks between options, after all of them are known */
static int check_opts(struct rbsim_opts *o, char *err, size_t errlen)
{
	struct rbsim_cfg *cfg = &o->cfg;

	cfg->size_min = o->size.min;
	cfg->size_max = o->size.max;
	cfg->size_mean = o->size.mean;

	if (cfg->b2b && cfg->producers > 1) {
		snprintf(err, errlen, "--b2b runs one producer driven by the consumer; "
			 "got --producers %u", cfg->producers);
		return -1;
	}
	if (cfg->b2b && cfg->rate) {
		snprintf(err, errlen, "--rate paces producer threads; in --b2b the consumer "
			 "triggers every batch");
		return -1;
	}
	if (cfg->b2b && o->prod_cpus.nr) {
		snprintf(err, errlen, "--prod-affinity: --b2b has no producer thread (the consumer "
			 "thread produces; use --cons-affinity)");
		return -1;
	}
	if (cfg->records && (o->duration_given || o->warmup_given)) {
		snprintf(err, errlen, "--records runs a fixed amount of work; it excludes "
			 "--duration and --warmup");
		return -1;
	}
	if (check_caps(o, err, errlen))
		return -1;
	if (o->fault && !cfg->verify) {
		snprintf(err, errlen, "--inject tests the verifier, which --no-verify turns off");
		return -1;
	}
	if (cfg->verify && o->size.min < RBSIM_REC_MIN) {
		snprintf(err, errlen, "--size %s: records below %d bytes cannot carry a producer "
			 "id and sequence number; add --no-verify", o->size.text, RBSIM_REC_MIN);
		return -1;
	}
	if (!o->lat_every_given && cfg->rate)
		cfg->lat_every = 1;
	if (!cfg->verify)
		cfg->latency = false; /* the timestamp lives in the header */
	if (!cfg->latency)
		cfg->lat_every = 0;
	if (cfg->wakeup == RBSIM_WAKEUP_SAMPLED) {
		/* N records' worth of ring footprint: the selftests' sample_rate * 16 */
		__u64 fp = ((__u64)(o->size.mean + 0.5) + 8 + 7) / 8 * 8;

		cfg->wakeup_bytes = cfg->wakeup_n * fp;
	} else if (cfg->wakeup == RBSIM_WAKEUP_BYTES) {
		cfg->wakeup_bytes = cfg->wakeup_n;
	}
	if (o->ops->validate && o->ops->validate(cfg, err, errlen))
		return -1;
	if (check_fit(o, err, errlen))
		return -1;
	/* last: a file -o creates exists only for a command that runs */
	if (o->output && !o->dump_sizes)
		return rbsim_output_open(o, err, errlen);
	return 0;
}

int rbsim_run_parse(int argc, char **argv, struct rbsim_opts *o, char *err, size_t errlen)
{
	struct option longopts[NR_BASE_OPTS + MAX_TRANSPORT_OPTS + 1];
	const struct rbsim_transport_ops *topt_owner[MAX_TRANSPORT_OPTS];
	const struct rbsim_topt *topt[MAX_TRANSPORT_OPTS];
	const char *topt_arg[MAX_TRANSPORT_OPTS];
	bool topt_seen[MAX_TRANSPORT_OPTS] = { false };
	const struct rbsim_transport_ops *t;
	struct rbsim_cfg *cfg = &o->cfg;
	unsigned int nopt = NR_BASE_OPTS, ntopt = 0, i;
	__u64 v;
	int c;

	set_defaults(o);
	memcpy(longopts, base_opts, sizeof(base_opts));
	/* every transport's options, so that one given to the wrong transport is named */
	for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
		const struct rbsim_topt *to;

		for (to = t->options; to && to->name; to++) {
			if (ntopt == MAX_TRANSPORT_OPTS)
				break;
			topt_owner[ntopt] = t;
			topt[ntopt] = to;
			longopts[nopt].name = to->name;
			longopts[nopt].has_arg = to->has_arg ? required_argument : no_argument;
			longopts[nopt].flag = NULL;
			longopts[nopt].val = OPT_TRANSPORT_BASE + (int)ntopt;
			nopt++;
			ntopt++;
		}
	}
	memset(&longopts[nopt], 0, sizeof(longopts[nopt]));

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":p:d:w:ao:qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TRANSPORT:
			cfg->transport = optarg;
			break;
		case 'p':
			if (num_opt("--producers", optarg, 0, UINT_MAX, false, &v, err, errlen)) {
				if (parse_u64(optarg, &v, false) != -EINVAL)
					snprintf(err, errlen, "--producers %s: out of range (1-%d)",
						 optarg, MAX_PRODUCERS);
				return -1;
			}
			if (!v) {
				snprintf(err, errlen, "--producers 0: need at least one producer");
				return -1;
			}
			if (v > MAX_PRODUCERS) {
				snprintf(err, errlen, "--producers %s: at most %d (the compact "
					 "record keeps 8 bits of producer id)", optarg,
					 MAX_PRODUCERS);
				return -1;
			}
			cfg->producers = (unsigned int)v;
			break;
		case 'd':
			/* 0 has its own reason; the range says what is accepted */
			if (parse_u64(optarg, &v, false) || v) {
				if (num_opt("--duration", optarg, 1, MAX_SECONDS, false, &v, err,
					    errlen))
					return -1;
			} else {
				snprintf(err, errlen, "--duration 0: need at least one measured "
					 "second (or use --records N)");
				return -1;
			}
			cfg->duration_s = (unsigned int)v;
			o->duration_given = true;
			break;
		case 'w':
			if (num_opt("--warmup", optarg, 0, MAX_SECONDS, false, &v, err, errlen))
				return -1;
			cfg->warmup_s = (unsigned int)v;
			o->warmup_given = true;
			break;
		case OPT_RECORDS:
			if (num_opt("--records", optarg, 1, 1ULL << 48, true, &v, err, errlen))
				return -1;
			cfg->records = v;
			break;
		case OPT_RING_SIZE:
			if (num_opt("--ring-size", optarg, 0, ULLONG_MAX, true, &v, err, errlen))
				return -1;
			cfg->ring_size = v;
			break;
		case OPT_SEED:
			if (num_opt("--seed", optarg, 0, ULLONG_MAX, false, &v, err, errlen))
				return -1;
			cfg->seed = v;
			break;
		case OPT_SIZE: {
			char why[160];

			if (rbsim_size_spec_parse(optarg, &o->size, why, sizeof(why))) {
				snprintf(err, errlen, "--size '%s': %s", optarg, why);
				return -1;
			}
			break;
		}
		case OPT_RATE:
			if (num_opt("--rate", optarg, 0, 1ULL << 40, true, &v, err, errlen))
				return -1;
			cfg->rate = v;
			break;
		case OPT_BATCH:
			if (num_opt("--batch", optarg, 1, MAX_BATCH, true, &v, err, errlen))
				return -1;
			cfg->batch = (__u32)v;
			break;
		case OPT_B2B:
			cfg->b2b = true;
			break;
		case OPT_WAKEUP:
			if (parse_wakeup(optarg, cfg, err, errlen))
				return -1;
			snprintf(o->wakeup_text, sizeof(o->wakeup_text), "%s", optarg);
			break;
		case OPT_USE_OUTPUT:
			cfg->use_output = true;
			break;
		case OPT_DISCARD: {
			char *end;
			double d;

			errno = 0;
			d = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(d >= 0 && d <= 100)) {
				snprintf(err, errlen, "--discard '%s': expected a percentage "
					 "from 0 to 100", optarg);
				return -1;
			}
			cfg->discard_pct = d;
			break;
		}
		case OPT_CONSUMER:
			o->consumer_given = true;
			if (!strcmp(optarg, "libbpf")) {
				cfg->consumer = RBSIM_CONSUMER_LIBBPF;
			} else if (!strcmp(optarg, "batch")) {
				cfg->consumer = RBSIM_CONSUMER_BATCH;
			} else {
				snprintf(err, errlen, "--consumer '%s': expected libbpf or batch",
					 optarg);
				return -1;
			}
			break;
		case OPT_POLL:
			if (!strcmp(optarg, "epoll")) {
				cfg->poll = RBSIM_POLL_EPOLL;
			} else if (!strcmp(optarg, "busy")) {
				cfg->poll = RBSIM_POLL_BUSY;
			} else {
				snprintf(err, errlen, "--poll '%s': expected epoll or busy",
					 optarg);
				return -1;
			}
			break;
		case OPT_CONSUMER_WORK:
			if (num_opt("--consumer-work", optarg, 0, 1000000000, false, &v, err,
				    errlen))
				return -1;
			cfg->consumer_work_ns = v;
			break;
		case 'a':
			o->affinity = true;
			break;
		case OPT_PROD_AFFINITY:
			if (parse_cpulist("--prod-affinity", optarg, &o->prod_cpus, err, errlen))
				return -1;
			o->affinity = true;
			break;
		case OPT_CONS_AFFINITY:
			if (parse_cpulist("--cons-affinity", optarg, &o->cons_cpus, err, errlen))
				return -1;
			o->affinity = true;
			break;
		case OPT_FORMAT:
			if (!strcmp(optarg, "text")) {
				o->format = RBSIM_FMT_TEXT;
			} else if (!strcmp(optarg, "csv")) {
				o->format = RBSIM_FMT_CSV;
			} else if (!strcmp(optarg, "json")) {
				o->format = RBSIM_FMT_JSON;
			} else {
				snprintf(err, errlen, "--format '%s': expected text, csv or json",
					 optarg);
				return -1;
			}
			break;
		case 'o':
			if (!*optarg) {
				snprintf(err, errlen, "-o: empty file name");
				return -1;
			}
			o->output = optarg;
			break;
		case OPT_LABEL:
			o->label = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_NO_VERIFY:
			cfg->verify = false;
			break;
		case OPT_NO_LATENCY:
			cfg->latency = false;
			break;
		case OPT_LAT_EVERY:
			if (num_opt("--latency-every", optarg, 1, 1u << 30, false, &v, err, errlen))
				return -1;
			if (v & (v - 1)) {
				snprintf(err, errlen, "--latency-every %s: not a power of 2",
					 optarg);
				return -1;
			}
			cfg->lat_every = (__u32)v;
			o->lat_every_given = true;
			break;
		case OPT_DUMP_SIZES:
			if (num_opt("--dump-sizes", optarg, 1, 1u << 20, false, &v, err, errlen))
				return -1;
			o->dump_sizes = v;
			break;
		case OPT_INJECT: {
			static const char *const kinds[] = { "", "lose", "dup", "torn", "reorder" };
			const char *at = strchr(optarg, '@');
			size_t len = at ? (size_t)(at - optarg) : strlen(optarg);
			int k;

			o->fault = 0;
			for (k = 1; k < 5; k++) {
				if (strlen(kinds[k]) == len && !strncmp(optarg, kinds[k], len))
					o->fault = k;
			}
			o->fault_at = 100;
			if (!o->fault || (at && parse_u64(at + 1, &o->fault_at, false))) {
				snprintf(err, errlen, "--inject '%s': expected lose, dup, torn or "
					 "reorder, optionally @N", optarg);
				return -1;
			}
			break;
		}
		case 'h':
			rbsim_run_usage(stdout);
			return 1;
		case ':':
			snprintf(err, errlen, "option '%s' needs an argument", argv[optind - 1]);
			return -1;
		case '?':
			if (optopt && optopt < 256)
				snprintf(err, errlen, "unknown option '-%c' (see rbsim run --help)",
					 optopt);
			else
				snprintf(err, errlen, "unknown option '%s' (see rbsim run --help)",
					 argv[optind - 1]);
			return -1;
		default:
			if (c >= OPT_TRANSPORT_BASE && c < OPT_TRANSPORT_BASE + (int)ntopt) {
				i = (unsigned int)(c - OPT_TRANSPORT_BASE);
				topt_seen[i] = true;
				topt_arg[i] = optarg;
				break;
			}
			snprintf(err, errlen, "unhandled option");
			return -1;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s' (see rbsim run --help)",
			 argv[optind]);
		return -1;
	}

	o->ops = rbsim_transport_find(cfg->transport);
	if (!o->ops) {
		char names[256] = "";

		for (t = rbsim_transport_next(NULL); t; t = rbsim_transport_next(t)) {
			strncat(names, names[0] ? ", " : "", sizeof(names) - strlen(names) - 1);
			strncat(names, t->name, sizeof(names) - strlen(names) - 1);
		}
		snprintf(err, errlen, "--transport '%s': unknown (available: %s)", cfg->transport,
			 names);
		return -1;
	}
	/* transport options, now that the transport is known */
	for (i = 0; i < ntopt; i++) {
		unsigned int j;
		bool mine = false;

		if (!topt_seen[i])
			continue;
		/* several transports may share an option name: the selected one must have it */
		for (j = 0; j < ntopt; j++) {
			if (topt_owner[j] == o->ops && !strcmp(topt[j]->name, topt[i]->name))
				mine = true;
		}
		if (!mine) {
			snprintf(err, errlen, "--%s does not apply to --transport %s",
				 topt[i]->name, o->ops->name);
			return -1;
		}
		/*
		 * getopt_long() reports a name shared by several transports as
		 * the first one's entry: the selected transport gets it all the same
		 */
		if (o->ops->parse_option &&
		    o->ops->parse_option(topt[i]->name, topt_arg[i], err, errlen))
			return -1;
	}
	return check_opts(o, err, errlen);
}

static void dump_sizes(const struct rbsim_opts *o)
{
	__u32 *sizes = calloc(o->dump_sizes, sizeof(*sizes));
	struct rbsim_rng rng;
	unsigned int p;
	__u64 i;

	if (!sizes)
		return;
	for (p = 0; p < o->cfg.producers; p++) {
		rbsim_rng_seed(&rng, o->cfg.seed, p);
		rbsim_gen_sizes(&o->size, o->cfg.discard_pct, &rng, sizes, (__u32)o->dump_sizes);
		printf("producer %u:", p);
		for (i = 0; i < o->dump_sizes; i++)
			printf(" %u%s", RBSIM_BATCH_SIZE(sizes[i]),
			       sizes[i] & RBSIM_BATCH_DISCARD ? "d" : "");
		printf("\n");
	}
	free(sizes);
}

static int cmd_run(int argc, char **argv)
{
	static struct rbsim_opts o;
	struct rbsim_result r;
	char err[512];
	int ret;

	ret = rbsim_run_parse(argc, argv, &o, err, sizeof(err));
	if (ret > 0)
		return RBSIM_EXIT_OK;
	if (ret < 0) {
		fprintf(stderr, "rbsim run: %s\n", err);
		return RBSIM_EXIT_USAGE;
	}
	if (o.dump_sizes) {
		dump_sizes(&o);
		return RBSIM_EXIT_OK;
	}
	if (o.warning[0])
		fprintf(stderr, "rbsim run: warning: %s\n", o.warning);

	rbsim_engine_catch_signals();
	/* past RLIMIT_FSIZE (the ring's memfd, the -o file) a call fails (EFBIG), nothing dies */
	signal(SIGXFSZ, SIG_IGN);
	ret = rbsim_engine_run(&o, &r, err, sizeof(err));
	if (ret) {
		rbsim_result_free(&r);
		rbsim_output_close(&o, false);
		/* the one rule of every command: 77 skipped, 1 with RBSIM_REQUIRE_KERNEL=1 */
		if (r.unavailable)
			return kcheck_unavailable("rbsim run", err);
		fprintf(stderr, "rbsim run: %s\n", err);
		return ret == -EINVAL || ret == -E2BIG ? RBSIM_EXIT_USAGE : RBSIM_EXIT_FAIL;
	}

	/* the shells' status of a command ended by a signal */
	ret = r.interrupted ? 128 + r.interrupted :
	      r.integrity.ok ? RBSIM_EXIT_OK : RBSIM_EXIT_FAIL;
	if (o.output) {
		/* the summary is printed whether or not the file takes the row */
		rbsim_report_text(stdout, &o, &r);
		fflush(stdout);
		if (rbsim_report_append(&o, &r, err, sizeof(err))) {
			fprintf(stderr, "rbsim run: %s\n", err);
			ret = RBSIM_EXIT_FAIL;
			rbsim_output_close(&o, false);
		} else {
			rbsim_output_close(&o, true);
		}
	} else if (o.format == RBSIM_FMT_TEXT) {
		rbsim_report_text(stdout, &o, &r);
	} else {
		char *s = rbsim_report_format(&o, &r, o.format, true);

		if (s)
			fputs(s, stdout);
		free(s);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rbsim run: writing the summary to stdout: %s\n", strerror(errno));
		ret = RBSIM_EXIT_FAIL;
	}
	rbsim_result_free(&r);
	return ret;
}

RBSIM_COMMAND(run, "run", "drive a transport with producers and a consumer; report "
	      "throughput, latency, integrity", cmd_run);
