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

void rbsim_ringbuf_stats(const struct bpf_ringbuf_map *map, struct rbsim_tstats *st)
{
	struct ringbuf_stats s;

	ringbuf_map__stats(map, &s);
	st->notifications = s.notifications;
	st->have_drop_reasons = true;
	st->drops[RBSIM_DROP_NO_SPACE] = s.fail_no_space;
	st->drops[RBSIM_DROP_LOCK] = s.fail_lock;
	st->drops[RBSIM_DROP_TOO_BIG] = s.fail_too_big;
	st->nr_extra = 1;
	st->extra[0].name = "notify_dedup";
	st->extra[0].value = (double)s.notify_dedup;
}
