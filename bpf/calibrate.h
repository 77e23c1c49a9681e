/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim calibrate: what its program (calibrate.bpf.c) and its loader
 * (calibrate_sides.c) share: the BPF_PROG_TEST_RUN context and the record.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_CALIBRATE_H
#define RBSIM_BPF_CALIBRATE_H

/* ctx of cal_submit: one record committed with flags */
struct cal_ctx {
	__u64 flags;  /* BPF_RB_NO_WAKEUP or BPF_RB_FORCE_WAKEUP */
	__u64 tag;    /* copied into the record */
	__s64 err;    /* out: the reservation's error, 0 if it was committed */
	__u64 more;   /* then this many records (tag 0), in the same run, */
	__u64 more_flags; /* committed with these flags (BPF_RB_NO_WAKEUP or BPF_RB_FORCE_WAKEUP) */
};

/* the most records of ctx->more: a batch of a run, with room */
#define CAL_MORE_MAX 4096

/* a record of either side: when its commit began (CLOCK_MONOTONIC) and its tag */
struct cal_rec {
	__u64 stamp;
	__u64 tag;
};

#endif /* RBSIM_BPF_CALIBRATE_H */
