// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the kernel's preemption model and the calibrated port's
 * non-preemptible batch (sim/preempt.h).
 *
 * The names and the debugfs file follow kernel/sched/core.c of 6.18
 * (sched_dynamic_mode(), "Dynamic Preempt: %s" in sched_dynamic_update()'s
 * caller, /sys/kernel/debug/sched/preempt) and kernel/Kconfig.preempt.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sim/clock.h"
#include "sim/preempt.h"
#include "sim/profile.h"

const char *const rbsim_preempt_names[RBSIM_PREEMPT_NR + 1] = {
	[RBSIM_PREEMPT_UNKNOWN] = "unknown",
	[RBSIM_PREEMPT_NONE] = "none",
	[RBSIM_PREEMPT_VOLUNTARY] = "voluntary",
	[RBSIM_PREEMPT_LAZY] = "lazy",
	[RBSIM_PREEMPT_FULL] = "full",
	[RBSIM_PREEMPT_RT] = "rt",
	[RBSIM_PREEMPT_NR] = NULL,
};

enum rbsim_preempt rbsim_preempt_from_name(const char *name)
{
	for (int m = 0; m < RBSIM_PREEMPT_NR; m++)
		if (!strcmp(name, rbsim_preempt_names[m]))
			return m;
	return RBSIM_PREEMPT_NR;
}

bool rbsim_preempt_batch_atomic(enum rbsim_preempt m)
{
	return m == RBSIM_PREEMPT_NONE || m == RBSIM_PREEMPT_VOLUNTARY || m == RBSIM_PREEMPT_LAZY;
}

/* a model's name at s, ended by anything but a letter; UNKNOWN if none */
static enum rbsim_preempt word_at(const char *s)
{
	char w[16];
	size_t n = 0;

	while (n < sizeof(w) - 1 && s[n] >= 'a' && s[n] <= 'z') {
		w[n] = s[n];
		n++;
	}
	w[n] = '\0';
	for (int m = RBSIM_PREEMPT_NONE; m < RBSIM_PREEMPT_NR; m++)
		if (!strcmp(w, rbsim_preempt_names[m]))
			return m;
	return RBSIM_PREEMPT_UNKNOWN;
}

enum rbsim_preempt rbsim_preempt_parse_debugfs(const char *text)
{
	const char *p = strchr(text, '(');

	return p ? word_at(p + 1) : RBSIM_PREEMPT_UNKNOWN;
}

enum rbsim_preempt rbsim_preempt_parse_cmdline(const char *text)
{
	enum rbsim_preempt m = RBSIM_PREEMPT_UNKNOWN;

	/* the last preempt= wins, as the kernel's early_param parsing leaves it */
	for (const char *p = text; (p = strstr(p, "preempt=")); p += 8)
		if (p == text || p[-1] == ' ')
			m = word_at(p + 8);
	return m;
}

enum rbsim_preempt rbsim_preempt_parse_log(const char *text, size_t len)
{
	static const char key[] = "Dynamic Preempt: ";
	enum rbsim_preempt m = RBSIM_PREEMPT_UNKNOWN;
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), key, sizeof(key) - 1);

		if (!q)
			break;
		q += sizeof(key) - 1;
		if (q < end) {
			char w[16] = "";
			size_t n = 0;

			while (n < sizeof(w) - 1 && q + n < end && q[n] >= 'a' && q[n] <= 'z') {
				w[n] = q[n];
				n++;
			}
			w[n] = '\0';
			m = word_at(w);
		}
		p = q;
	}
	return m;
}

/* is word a whole word of s (between spaces or the ends)? */
static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = s; (p = strstr(p, word)); p += n)
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

enum rbsim_preempt rbsim_preempt_parse_uname(const char *version)
{
	if (has_word(version, "PREEMPT_RT"))
		return RBSIM_PREEMPT_RT;
	if (has_word(version, "PREEMPT_LAZY"))
		return RBSIM_PREEMPT_LAZY;
	if (has_word(version, "PREEMPT"))
		return RBSIM_PREEMPT_FULL;
	return RBSIM_PREEMPT_UNKNOWN;
}

enum rbsim_preempt rbsim_preempt_parse_config(const char *text)
{
	static const struct {
		const char *line;
		enum rbsim_preempt m;
	} opt[] = {
		{ "CONFIG_PREEMPT_RT=y", RBSIM_PREEMPT_RT },
		{ "CONFIG_PREEMPT_LAZY=y", RBSIM_PREEMPT_LAZY },
		{ "CONFIG_PREEMPT=y", RBSIM_PREEMPT_FULL },
		{ "CONFIG_PREEMPT_VOLUNTARY=y", RBSIM_PREEMPT_VOLUNTARY },
		{ "CONFIG_PREEMPT_NONE=y", RBSIM_PREEMPT_NONE },
	};

	/* the choice of Kconfig.preempt: one of these is set, RT and LAZY first */
	for (size_t i = 0; i < sizeof(opt) / sizeof(opt[0]); i++) {
		size_t n = strlen(opt[i].line);

		for (const char *p = text; (p = strstr(p, opt[i].line)); p += n)
			if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
				return opt[i].m;
	}
	return RBSIM_PREEMPT_UNKNOWN;
}

/* a whole (small) file into buf, NUL-ended; false if it cannot be read */
static bool slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
	return n > 0;
}

bool rbsim_lockdown_parse_securityfs(const char *text)
{
	/* "none [integrity] confidentiality": debugfs is shut from integrity on */
	return strstr(text, "[integrity]") || strstr(text, "[confidentiality]");
}

bool rbsim_lockdown_parse_cmdline(const char *text)
{
	for (const char *p = text; (p = strstr(p, "lockdown=")); p += 9)
		if ((p == text || p[-1] == ' ') &&
		    (!strncmp(p + 9, "integrity", 9) || !strncmp(p + 9, "confidentiality", 15)))
			return true;
	return false;
}

bool rbsim_lockdown_parse_config(const char *text)
{
	static const char *const opt[] = { "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y",
					   "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY=y" };

	for (size_t i = 0; i < sizeof(opt) / sizeof(opt[0]); i++) {
		size_t n = strlen(opt[i]);

		for (const char *p = text; (p = strstr(p, opt[i])); p += n)
			if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
				return true;
	}
	return false;
}

/* the running kernel's config, as far as rbsim_preempt_here() reads it */
struct kconfig {
	bool read;                  /* looked for already */
	enum rbsim_preempt preempt; /* its Kconfig.preempt choice */
	bool locked;                /* it locks the kernel down at boot (debugfs shut) */
	char from[128];             /* where it was read; "" if nowhere */
};

/* the CONFIG_PREEMPT and CONFIG_LOCK_DOWN lines of f, into c */
static void config_of(FILE *f, struct kconfig *c)
{
	char line[256], keep[2048] = "";
	size_t used = 0;

	while (fgets(line, sizeof(line), f))
		if ((!strncmp(line, "CONFIG_PREEMPT", 14) || !strncmp(line, "CONFIG_LOCK_DOWN", 16)) &&
		    used + strlen(line) < sizeof(keep)) {
			memcpy(keep + used, line, strlen(line) + 1);
			used += strlen(line);
		}
	c->preempt = rbsim_preempt_parse_config(keep);
	c->locked = rbsim_lockdown_parse_config(keep);
}

/*
 * The running kernel's config, read once: /boot/config-RELEASE, else its
 * own (CONFIG_IKCONFIG_PROC) through gzip (an essential package on Debian),
 * not zlib, which a build without the kernel's libraries does not link.
 */
static const struct kconfig *kconfig(struct kconfig *c)
{
	struct utsname u;
	char path[128];
	FILE *f;

	if (c->read)
		return c;
	c->read = true;
	if (!uname(&u)) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		f = fopen(path, "r");
		if (f) {
			config_of(f, c);
			fclose(f);
			snprintf(c->from, sizeof(c->from), "%s", path);
			/* one that says no preemption model leaves the kernel's own to ask */
			if (c->preempt != RBSIM_PREEMPT_UNKNOWN)
				return c;
			c->from[0] = '\0';
		}
	}
	if (!access("/proc/config.gz", R_OK) &&
	    (f = popen("gzip -dc /proc/config.gz 2>/dev/null", "r"))) {
		bool locked = c->locked;	/* what /boot's said, if it was read */

		config_of(f, c);
		if (pclose(f) == 0) {
			snprintf(c->from, sizeof(c->from), "/proc/config.gz");
		} else {
			c->preempt = RBSIM_PREEMPT_UNKNOWN;	/* no gzip, or a broken file */
			c->locked = locked;
		}
	}
	return c;
}

/*
 * Is debugfs shut by lockdown? Then reading it only logs a refusal, one a
 * process (rate-limited): on a machine up for 20 hours, 1,200 of its kernel
 * log's 1,431 lines were such refusals, nearly all of rbsim's and its tests'
 * reads, and they had pushed the boot's "Dynamic Preempt" line out.
 * securityfs says the current level; without it, the command line's
 * lockdown= and the config's boot level (security/lockdown/lockdown.c); the
 * level only ever rises.
 */
static bool debugfs_shut(struct kconfig *c)
{
	char buf[256];

	if (slurp("/sys/kernel/security/lockdown", buf, sizeof(buf)))
		return rbsim_lockdown_parse_securityfs(buf);
	if (slurp("/proc/cmdline", buf, sizeof(buf)) && rbsim_lockdown_parse_cmdline(buf))
		return true;
	return kconfig(c)->locked;
}

enum rbsim_preempt rbsim_preempt_here(char *from, size_t len)
{
	enum rbsim_preempt m = RBSIM_PREEMPT_UNKNOWN;
	struct kconfig c = { 0 };
	struct utsname u;
	char buf[4096];
	int size;

	snprintf(from, len, "nothing says");
	if (!debugfs_shut(&c) && slurp("/sys/kernel/debug/sched/preempt", buf, sizeof(buf)) &&
	    (m = rbsim_preempt_parse_debugfs(buf))) {
		snprintf(from, len, "/sys/kernel/debug/sched/preempt");
		return m;
	}
	if (slurp("/proc/cmdline", buf, sizeof(buf)) && (m = rbsim_preempt_parse_cmdline(buf))) {
		snprintf(from, len, "/proc/cmdline");
		return m;
	}
	size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	if (size > 0) {
		char *log = malloc((size_t)size);
		int n = log ? klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, size) : -1;

		if (n > 0)
			m = rbsim_preempt_parse_log(log, (size_t)n);
		free(log);
		if (m) {
			snprintf(from, len, "the kernel log (\"Dynamic Preempt\")");
			return m;
		}
	}
	if (uname(&u))
		return RBSIM_PREEMPT_UNKNOWN;
	/* a PREEMPT_DYNAMIC kernel's string says only that: its config's default is in the log */
	if (!has_word(u.version, "PREEMPT_DYNAMIC") && (m = rbsim_preempt_parse_uname(u.version))) {
		snprintf(from, len, "uname -v");
		return m;
	}
	/*
	 * A PREEMPT_DYNAMIC kernel boots in its config's choice unless the
	 * command line (read above) says otherwise; only debugfs, unreadable
	 * here, could have changed it since. A long-running machine's log may
	 * have lost the boot's line (above).
	 */
	if (kconfig(&c)->preempt) {
		snprintf(from, len, "%s", c.from);
		return c.preempt;
	}
	return RBSIM_PREEMPT_UNKNOWN;
}

int rbsim_nopreempt_enter(void)
{
	struct sched_param sp = { .sched_priority = 1 };

	return sched_setscheduler(0, SCHED_FIFO, &sp) ? -errno : 0;
}

void rbsim_nopreempt_leave(bool yield)
{
	struct sched_param sp = { .sched_priority = 0 };

	/* back from FIFO to where enter() found it: cannot fail for the thread itself */
	(void)sched_setscheduler(0, SCHED_OTHER, &sp);
	if (yield)
		sched_yield();
}

double rbsim_nopreempt_cost_ns(unsigned int rounds)
{
	struct rbsim_cost_stat st = { 0 };
	double *ns;
	int err = 0;

	if (!rounds)
		rounds = 1;
	ns = malloc(rounds * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	for (unsigned int i = 0; !err && i < rounds; i++) {
		__u64 t0 = rbsim_now_ns();

		err = rbsim_nopreempt_enter();
		if (!err) {
			rbsim_nopreempt_leave(true);
			ns[i] = (double)(rbsim_now_ns() - t0);
		}
	}
	/* the median as a profile's costs take it (sim/profile.c) */
	if (!err)
		err = rbsim_cost_stat_set(&st, ns, rounds);
	free(ns);
	free(st.samples);
	return err ? err : st.median;
}
