// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the kernel eras of the ring buffer (5.8 to 6.19) and the making of a
 * map for one: ringbuf_era(), ringbuf_era_at(), ringbuf_map__new_opts()
 * (the kernel's ringbuf_map_alloc()). The reserve of each era is in
 * ringbuf.c, in one translation unit with commit.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "ringbuf_internal.h"

/*
 * The eras of __bpf_ringbuf_reserve(), mainline releases oldest first: each
 * begins with the commit that changed what reserve does. A stable kernel
 * carries some of them earlier (4b81ccebaeee went to 5.10.37, 5.11.21 and
 * 5.12.4; cfa1a2329a69 to every stable tree in July 2024; 8b62645b09f8 to
 * 6.6.y and 6.11.y; 27861fc720be was sent Cc stable): an era names the
 * mainline release, X.Y.0.
 */
static const struct rb_era_def {
	struct ringbuf_era info;
	enum rb_variant variant;
} rb_eras[] = {
	{ { RBSIM_KERNEL(5, 8), RBSIM_KERNEL(5, 12), "5.8", "spinlock_t", true, false, false,
	    false, "457f44363a88", "the ring buffer, spin_lock_irqsave() or, in NMI, "
	    "spin_trylock_irqsave()" }, RB_V_5_8 },
	{ { RBSIM_KERNEL(5, 13), RBSIM_KERNEL(6, 9), "5.13", "spinlock_t", true, true, false,
	    false, "4b81ccebaeee", "a record longer than the ring is refused "
	    "(CVE-2021-3489)" }, RB_V_5_13 },
	{ { RBSIM_KERNEL(6, 10), RBSIM_KERNEL(6, 11), "6.10", "spinlock_t", true, true, true,
	    false, "cfa1a2329a69", "pending_pos: no reservation reaches past the oldest BUSY "
	    "record (CVE-2024-41009)" }, RB_V_6_10 },
	{ { RBSIM_KERNEL(6, 12), RBSIM_KERNEL(6, 14), "6.12", "raw_spinlock_t", true, true, true,
	    false, "8b62645b09f8", "raw_spinlock_t (PREEMPT_RT: reserve runs with preemption "
	    "off)" }, RB_V_6_10 },
	{ { RBSIM_KERNEL(6, 15), RBSIM_KERNEL(6, 16), "6.15", "rqspinlock_t", false, true, true,
	    false, "a650d38915c1", "rqspinlock: taking the lock can fail (AA deadlock, "
	    "timeout), in NMI too" }, RB_V_6_18 },
	{ { RBSIM_KERNEL(6, 17), RBSIM_KERNEL(6, 17), "6.17", "raw_spinlock_t", true, true, true,
	    false, "27861fc720be", "rqspinlock dropped after lock-ups in NMI programs: the "
	    "raw spinlock and NMI trylock again" }, RB_V_6_10 },
	{ { RBSIM_KERNEL(6, 18), RBSIM_KERNEL(6, 18), "6.18", "rqspinlock_t", false, true, true,
	    false, "27861fc720be reverted", "rqspinlock again (the revert; the October 2025 "
	    "patches apply to its blob 719d73299397)" }, RB_V_6_18 },
	{ { RBSIM_KERNEL(6, 19), RBSIM_KERNEL(6, 19), "6.19", "rqspinlock_t", false, true, true,
	    true, "bpf: Add overwrite mode for BPF ring buffer", "BPF_F_RB_OVERWRITE: a full "
	    "ring overwrites its oldest committed records (Xu Kuohai)" }, RB_V_6_18 },
};
#define RB_NR_ERAS (sizeof(rb_eras) / sizeof(rb_eras[0]))

/* the era of a release, NULL for one before the ring buffer, after 6.19, or not a release */
static const struct rb_era_def *rb_era_of(__u32 kernel)
{
	unsigned int a = kernel >> 8, b = kernel & 0xff, i;

	if (!kernel)
		kernel = RBSIM_KERNEL(6, 18);
	else if (kernel > 0xffff || !((a == 5 && b >= 8 && b <= 19) || (a == 6 && b <= 19)))
		return NULL;
	for (i = RB_NR_ERAS; i-- > 0;) {
		if (kernel >= rb_eras[i].info.kernel)
			return &rb_eras[i];
	}
	return NULL;
}

int ringbuf_era(__u32 kernel, struct ringbuf_era *era)
{
	const struct rb_era_def *e = rb_era_of(kernel);

	if (!e)
		return -EINVAL;
	if (era)
		*era = e->info;
	return 0;
}

int ringbuf_era_at(unsigned int idx, struct ringbuf_era *era)
{
	if (idx >= RB_NR_ERAS)
		return -ERANGE;
	if (era)
		*era = rb_eras[idx].info;
	return 0;
}

/* libbpf's OPTS_VALID(): the fields past sz are 0, bytes past the known fields must be 0 */
static bool rb_opts_valid(const struct ringbuf_map_opts *opts)
{
	const char *p = (const char *)opts;
	size_t i;

	if (opts->sz < sizeof(opts->sz))
		return false;
	for (i = sizeof(*opts); i < opts->sz; i++) {
		if (p[i])
			return false;
	}
	return true;
}

struct bpf_ringbuf_map *ringbuf_map__new(__u32 max_entries, __u32 map_flags)
{
	return ringbuf_map__new_opts(max_entries, map_flags, NULL);
}

struct bpf_ringbuf_map *ringbuf_map__new_opts(__u32 max_entries, __u32 map_flags,
					      const struct ringbuf_map_opts *opts)
{
	struct bpf_ringbuf_map *rb_map;
	const struct rb_era_def *era;
	__u32 kernel = 0, mask;

	if (opts && !rb_opts_valid(opts)) {
		errno = EINVAL;
		return NULL;
	}
	if (opts && opts->sz >= offsetof(struct ringbuf_map_opts, kernel) + sizeof(opts->kernel))
		kernel = opts->kernel;
	era = rb_era_of(kernel);
	if (!era) {
		errno = EINVAL;
		return NULL;
	}

	/* PORT: the layout is built for PAGE_SIZE pages; other page sizes are refused */
	if (sysconf(_SC_PAGESIZE) != (long)PAGE_SIZE) {
		errno = EINVAL;
		return NULL;
	}

	/*
	 * ringbuf_map_alloc(): the kernel's checks, in its order. 6.19 takes
	 * BPF_F_RB_OVERWRITE for BPF_MAP_TYPE_RINGBUF (the only type here;
	 * Andrii's fix-up refuses it for any other), with any other flag the
	 * mask refuses as before.
	 */
	mask = era->info.overwrite ? RINGBUF_CREATE_FLAG_MASK_6_19 : RINGBUF_CREATE_FLAG_MASK;
	if (map_flags & ~mask) {
		errno = EINVAL;
		return NULL;
	}

	/* PORT: key_size and value_size are not parameters here; both are 0 */
	if (!is_power_of_2(max_entries) || !PAGE_ALIGNED(max_entries)) {
		errno = EINVAL;
		return NULL;
	}

	rb_map = port_zalloc_lines(sizeof(*rb_map));
	if (!rb_map) {
		errno = ENOMEM;
		return NULL;
	}
	rb_map->max_entries = max_entries;
	rb_map->map_flags = map_flags;
	rb_map->kernel = kernel ? kernel : RBSIM_KERNEL(6, 18);

	rb_map->rb = bpf_ringbuf_alloc(max_entries, map_flags & BPF_F_RB_OVERWRITE);
	if (!rb_map->rb) {
		free(rb_map);
		errno = ENOMEM;
		return NULL;
	}
	rb_map->rb->pending = era->info.pending_pos;
	rb_map->rb->variant = rb_map->rb->overwrite_mode ? RB_V_6_19_OW : era->variant;
	rb_pick_reserve(rb_map->rb);

	return rb_map;
}
