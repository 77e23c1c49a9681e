/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: what a command needs from the running kernel before it touches
 * BPF, checked up front so a missing piece gives one line instead of a
 * libbpf error: root or CAP_BPF + CAP_PERFMON, BTF at /sys/kernel/btf/vmlinux,
 * and for tracepoints a mounted (or mountable) tracefs.
 *
 * Without them a command skips (RBSIM_EXIT_SKIP, the automake "skipped"
 * status); with RBSIM_REQUIRE_KERNEL=1 in the environment (CI sets it) a
 * missing piece is a failure (RBSIM_EXIT_FAIL) instead.
 */
#ifndef RBSIM_KERNEL_CHECK_H
#define RBSIM_KERNEL_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#ifndef RBSIM_EXIT_SKIP
#define RBSIM_EXIT_SKIP 77
#endif

enum kcheck_need {
	KCHECK_BPF	= 1 << 0,	/* load programs, create maps, BPF_PROG_TEST_RUN */
	KCHECK_BTF	= 1 << 1,	/* /sys/kernel/btf/vmlinux (kfuncs, CO-RE) */
	KCHECK_TRACEFS	= 1 << 2,	/* tracefs at /sys/kernel/tracing (mounted if not) */
};

/* the calling thread has capability cap (CAP_*) in its effective set */
bool kcheck_has_cap(int cap);

/* true when RBSIM_REQUIRE_KERNEL is set to something other than "" or "0" */
bool kcheck_required(void);

/*
 * Check what `need` names. 0 when everything is there; otherwise prints
 * "CMD: skipped: WHAT" (or "CMD: FAIL: WHAT is required ...") on stderr and
 * returns the exit status the command should end with.
 */
int kcheck(const char *cmd, unsigned int need);

/* the check alone: 0, or -EPERM/-ENOENT with what is missing in `what` */
int kcheck_missing(unsigned int need, char *what, size_t len);

/* the verdict for something found missing: the skip (or FAIL) line, the exit status */
int kcheck_unavailable(const char *cmd, const char *what);

/*
 * "WHAT: this rbsim was built without its kernel parts (WHY)" into buf (no
 * "WHAT: " for a NULL what), for what an rbsim built without bpf/ cannot do
 * (make KERNEL=0, or the build found no BPF toolchain); returns buf
 */
const char *kcheck_not_built(const char *what, char *buf, size_t len);

#endif /* RBSIM_KERNEL_CHECK_H */
