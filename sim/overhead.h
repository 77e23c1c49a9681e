/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim overhead: what a record of N payload bytes costs in the BPF ring
 * buffer and in the perf buffer. overhead.c holds the arithmetic, the command
 * and its output; bpf/btf_size.c reads struct sizes from BTF and
 * bpf/overhead.c measures on the running kernel's maps for --verify, both
 * with libbpf, through struct ov_kern_ops below.
 */
#ifndef RBSIM_OVERHEAD_H
#define RBSIM_OVERHEAD_H

#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>

/* include/uapi/linux/bpf.h: BPF_RINGBUF_HDR_SZ; kernel/bpf/ringbuf.c: RINGBUF_MAX_RECORD_SZ */
#define OV_RB_HDR_SZ 8
#define OV_RB_MAX_RECORD_SZ (UINT32_MAX / 4)
/* include/linux/bpf.h: bpf_ringbuf_reserve_dynptr() sizes are limited to 24 bits */
#define OV_DYNPTR_MAX_SIZE ((1U << 24) - 1)
/* perf_event_header (8) + the u32 size of PERF_SAMPLE_RAW */
#define OV_PERF_HDR_SZ 12
/* perf_event_header.size is a u16: the largest raw payload whose record fits it */
#define OV_PERF_MAX_PAYLOAD 65516

/* the BPF output event libbpf's perf_buffer__new() opens, for the port's buffer and the kernel's */
static inline struct perf_event_attr ov_perf_attr(void)
{
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.wakeup_events = 1,
	};

	return attr;
}

struct ov_kern;

struct ov_measure {
	uint64_t footprint; /* bytes one record moved producer_pos/data_head; 0 if refused */
	uint64_t capacity;  /* records accepted into an empty buffer before the first refusal */
};

/*
 * The parts of the command that need libbpf or the running kernel
 * (bpf/overhead.c, bpf/btf_size.c). bpf/ registers them at startup, from a
 * constructor; an rbsim built without bpf/ (make KERNEL=0) has none, and
 * --struct and the kernel side of --verify say so.
 */
struct ov_kern_ops {
	/*
	 * Size of struct (or union) NAME in the BTF of FILE (a .bpf.o with BTF
	 * or a raw BTF file such as /sys/kernel/btf/vmlinux). Returns 0, or -1
	 * with one line naming the problem in err.
	 */
	int (*btf_struct_size)(const char *file, const char *name, uint64_t *size, char *err,
			       size_t errlen);
	/*
	 * The running kernel's BPF ring buffer and perf buffer, for --verify:
	 * NULL with the reason in why when the kernel side cannot run here (no
	 * CAP_BPF+CAP_PERFMON, the verifier refuses, ...).
	 */
	struct ov_kern *(*open)(uint32_t ring_size, uint32_t perf_pages, char *why,
				size_t whylen);
	/* 0, 1 when this size cannot be measured here (reason in why), or -1 on an error */
	int (*ringbuf)(struct ov_kern *k, uint64_t size, uint64_t max_records,
		       struct ov_measure *m, char *why, size_t whylen);
	int (*perf)(struct ov_kern *k, uint64_t size, uint64_t max_records, struct ov_measure *m,
		    char *why, size_t whylen);
	void (*close)(struct ov_kern *k); /* NULL-safe */
};

void ov_kern_register(const struct ov_kern_ops *ops);

#endif /* RBSIM_OVERHEAD_H */
