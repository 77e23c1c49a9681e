// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: the run's BPF ring buffer port map (sim/rings.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim/rings.h"

struct bpf_ringbuf_map *rbsim_ringbuf_create(const struct rbsim_cfg *cfg, char *err,
					     size_t errlen)
{
	struct bpf_ringbuf_map *map = ringbuf_map__new((__u32)cfg->ring_size, 0);
	int e = errno;

	if (!map) {
		snprintf(err, errlen, "ringbuf_map__new(%llu): %s",
			 (unsigned long long)cfg->ring_size, strerror(e));
		errno = e;
	}
	return map;
}
