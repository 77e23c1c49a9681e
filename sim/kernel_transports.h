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

#define KRB_NAME "kernel-ringbuf"
#define KRB_OPTS {										\
	{ "trigger", true, "kernel-ringbuf producers: syscall (a tracepoint on getpgid, the "	\
			   "selftests' way), raw-syscall or test-run (BPF_PROG_TEST_RUN) "	\
			   "(default: syscall)" },						\
	{ NULL, false, NULL },									\
}
#define KRB_SUMMARY "the running kernel's BPF_MAP_TYPE_RINGBUF, written by a BPF program "	\
		    "(root or CAP_BPF+CAP_PERFMON)"
#define KRB_CAPS (RBSIM_CAP_CONSUMER_KIND | RBSIM_CAP_OUTPUT | RBSIM_CAP_WAKEUP_AVAIL |		\
		  RBSIM_CAP_KERNEL | RBSIM_CAP_DROP_RATE | RBSIM_CAP_DROP_TOO_BIG)

#define KPB_NAME "kernel-perfbuf"
#define KPB_OPTS {										\
	{ "trigger", true, "kernel-perfbuf producers: syscall (a tracepoint on getpgid), "	\
			   "raw-syscall or test-run (BPF_PROG_TEST_RUN) (default: syscall)" },	\
	{ "perf-pages", true, "data pages per CPU buffer, a power of 2 (default: --ring-size "	\
			      "/ page size)" },							\
	{ NULL, false, NULL },									\
}
#define KPB_SUMMARY "the running kernel's BPF_MAP_TYPE_PERF_EVENT_ARRAY, bpf_perf_event_output " \
		    "from a BPF program, libbpf's perf_buffer (root or CAP_BPF+CAP_PERFMON)"
#define KPB_CAPS (RBSIM_CAP_WAKEUP_AVAIL | RBSIM_CAP_KERNEL | RBSIM_CAP_DROP_RATE |		\
		  RBSIM_CAP_DROP_TOO_BIG)
#define KPB_CONSUMER "perf_buffer"

#endif /* RBSIM_KERNEL_TRANSPORTS_H */
