/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim validate --perfbuf: what the loader (perfbuf_validate.c) and the
 * BPF program (perfbuf_validate.bpf.c) share. One step is a batch of up to
 * PBV_MAX_OPS bpf_perf_event_output() calls, each of size[i] bytes taken at
 * payload + off[i]; the program stores each call's return value in ret[i].
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_PERFBUF_VALIDATE_H
#define RBSIM_BPF_PERFBUF_VALIDATE_H

#define PBV_MAX_OPS	64
#define PBV_MAX_SIZE	8192	/* largest sample, a power of 2: the program masks */

struct pbv_step {
	__u32 n;			/* calls in this step */
	__u32 pad;
	__u32 size[PBV_MAX_OPS];
	__u32 off[PBV_MAX_OPS];		/* < PBV_MAX_SIZE */
	__s64 ret[PBV_MAX_OPS];		/* out */
	__u8 payload[2 * PBV_MAX_SIZE];
};

#ifndef __VMLINUX_H__
struct rbsim_pbv_opts;

/*
 * The command itself (bpf/perfbuf_validate.c), once its options are parsed
 * (sim/validate_opts.c): `rbsim validate-perfbuf`, and `rbsim validate
 * --perfbuf`. Returns the exit status.
 */
int perfbuf_validate_run(const struct rbsim_pbv_opts *o);
#endif

#endif /* RBSIM_BPF_PERFBUF_VALIDATE_H */
