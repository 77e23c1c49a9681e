/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the kernel transports as sim/ knows them: their names, summaries,
 * capabilities, consumers and option tables. bpf/kernel_ringbuf.c and bpf/kernel_perfbuf.c
 * build them; in an rbsim built without bpf/, sim/nokernel.c stands for them
 * with the same words, so that their options are accepted or refused alike in
 * both builds and only running one says what is missing.
 */
#ifndef RBSIM_KERNEL_TRANSPORTS_H
#define RBSIM_KERNEL_TRANSPORTS_H

#include "sim/transport.h"

#include "sim/options.h"
#include "sim/perfbuf_sample.h"

/* --trigger: what runs the producers' BPF program (bpf/kprod.c) */
enum kprod_trigger { KPROD_TRIG_SYSCALL, KPROD_TRIG_RAW_SYSCALL, KPROD_TRIG_TEST_RUN,
		     KPROD_TRIG_NR };

/* the words of --trigger, by enum kprod_trigger, NULL-terminated (sim/transport.c) */
extern const char *const kprod_trigger_names[KPROD_TRIG_NR + 1];

/* --trigger, an entry of both kernel transports' option tables, into an int field */
#define KPROD_OPT_TRIGGER(type, field)						\
	{ .kind = RBSIM_OPT_CHOICE, .name = "trigger", .metavar = "HOW",		\
	  .def = "syscall", .choices = kprod_trigger_names,			\
	  .help = "what runs the BPF program: syscall (a tracepoint on getpgid, the "	\
		  "selftests' way), raw-syscall or test-run (BPF_PROG_TEST_RUN)",	\
	  RBSIM_OPT_DST(type, field) }

/* kernel-ringbuf's options (cfg->topts) */
struct krb_opts {
	int trigger;			/* --trigger: enum kprod_trigger */
};

#define KRB_NAME "kernel-ringbuf"
#define KRB_OPTIONS {								\
	KPROD_OPT_TRIGGER(struct krb_opts, trigger),				\
	{ 0 }									\
}
#define KRB_SUMMARY "the running kernel's BPF_MAP_TYPE_RINGBUF, written by a BPF program "	\
		    "(root or CAP_BPF+CAP_PERFMON)"
#define KRB_CAPS (RBSIM_CAP_CONSUMER_KIND | RBSIM_CAP_OUTPUT | RBSIM_CAP_WAKEUP_AVAIL |		\
		  RBSIM_CAP_KERNEL | RBSIM_CAP_DROP_RATE | RBSIM_CAP_DROP_TOO_BIG |		\
		  RBSIM_CAP_NOTIFY_COUNT)

/* kernel-perfbuf's options (cfg->topts) */
struct kpb_opts {
	int trigger;			/* --trigger: enum kprod_trigger */
	__u64 perf_pages;		/* --perf-pages, 0 = from --ring-size */
};

#define KPB_NAME "kernel-perfbuf"
#define KPB_OPTIONS {								\
	KPROD_OPT_TRIGGER(struct kpb_opts, trigger),				\
	PERFBUF_OPT_PAGES(struct kpb_opts, perf_pages),				\
	{ 0 }									\
}
#define KPB_SUMMARY "the running kernel's BPF_MAP_TYPE_PERF_EVENT_ARRAY, bpf_perf_event_output " \
		    "from a BPF program, libbpf's perf_buffer (root or CAP_BPF+CAP_PERFMON)"
#define KPB_CAPS (RBSIM_CAP_WAKEUP_AVAIL | RBSIM_CAP_KERNEL | RBSIM_CAP_DROP_RATE |		\
		  RBSIM_CAP_DROP_TOO_BIG | RBSIM_CAP_NOTIFY_COUNT)
#define KPB_CONSUMER "perf_buffer"

#endif /* RBSIM_KERNEL_TRANSPORTS_H */
