// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead: example event structs for `rbsim overhead --struct NAME
 * --btf overhead_example.bpf.o` (and the tests of --btf). No program: the
 * object is only read for its BTF.
 *
 * The sizes below are checked at compile time, so the BTF the test reads can
 * only disagree with them if the BTF lookup is wrong.
 */
#include "vmlinux.h"

/* a typical exec event: 112 bytes, no padding, costs 120 in the ring buffer */
struct ov_exec_event {
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 gid;
	__u64 ts_ns;
	__u64 cgroup_id;
	char comm[16];
	char filename[64];
};
_Static_assert(sizeof(struct ov_exec_event) == 112, "ov_exec_event is 112 bytes");

/* packed to 39 bytes: costs 48, as does the 38-byte ov_net_event */
struct ov_packed_event {
	__u64 ts_ns;
	__u32 pid;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	char comm[16];
	__u8 flags[6];
} __attribute__((packed));
_Static_assert(sizeof(struct ov_packed_event) == 39, "ov_packed_event is 39 bytes");

/* 2-byte aligned, 38 bytes */
struct ov_net_event {
	__u16 family;
	__u16 sport;
	__u16 dport;
	__u8 saddr[16];
	__u8 daddr[16];
};
_Static_assert(sizeof(struct ov_net_event) == 38, "ov_net_event is 38 bytes");

/* the selftests' ringbuf benchmark record: 8 bytes, 16 in the ring */
struct ov_sample {
	__u64 value;
};
_Static_assert(sizeof(struct ov_sample) == 8, "ov_sample is 8 bytes");

/* one object of each type so that clang emits their BTF */
struct ov_exec_event ov_exec_event_example;
struct ov_packed_event ov_packed_event_example;
struct ov_net_event ov_net_event_example;
struct ov_sample ov_sample_example;

/* one object of each type so that clang emits their BTF */
struct ov_exec_event ov_exec_event_example;
struct ov_packed_event ov_packed_event_example;
struct ov_net_event ov_net_event_example;
struct ov_sample ov_sample_example;
