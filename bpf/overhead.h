/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim overhead, kernel side: what the programs (overhead.bpf.c) and their
 * loader (overhead.c) share, and the loader's part of the command.
 *
 * Included from BPF code (after vmlinux.h) and from userspace (after
 * <linux/types.h>).
 */
#ifndef RBSIM_BPF_OVERHEAD_H
#define RBSIM_BPF_OVERHEAD_H

/* as in sim/overhead.h: perf_event_header.size is a u16, 8 + 4 + round_up(65516 + 4, 8) - 4 */
#ifndef OV_PERF_MAX_PAYLOAD
#define OV_PERF_MAX_PAYLOAD 65516
#endif

/* what ov_perf_fill returns (negated) for a payload above OV_PERF_MAX_PAYLOAD */
#define OV_E2BIG 7

/* ctx of ov_ringbuf_fill, read and written back through BPF_PROG_TEST_RUN */
struct ov_rb_args {
	__u32 size;  /* payload bytes of each record */
	__u32 count; /* records to try, at most BPF_MAX_LOOPS */
	__u32 done;  /* records reserved and submitted */
	__s32 err;   /* error of the first refused reservation, 0 if none */
};

#ifndef __VMLINUX_H__
#include <stddef.h>
#include <stdint.h>

/* --struct NAME [--btf FILE] (btf_size.c): see struct ov_kern_ops in sim/overhead.h */
int ov_btf_struct_size(const char *file, const char *name, uint64_t *size, char *err,
		       size_t errlen);
#endif /* !__VMLINUX_H__ */

#endif /* RBSIM_BPF_OVERHEAD_H */
