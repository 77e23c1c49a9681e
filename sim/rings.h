/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the virtual-time engine's BPF ring buffer (the port's map, of the
 * current kernel: virtual time refuses --kernel, --overwrite and --nmi-rate,
 * which the ringbuf transport takes, sim/transport_ringbuf.c), and the map's
 * counters as a transport reports them.
 */
#ifndef RBSIM_RINGS_H
#define RBSIM_RINGS_H

#include <stddef.h>

#include "ringbuf/ringbuf.h"
#include "sim/transport.h"

/* a map of cfg->ring_size bytes: the map, or NULL with errno set and one line in err */
struct bpf_ringbuf_map *rbsim_ringbuf_create(const struct rbsim_cfg *cfg, char *err,
					     size_t errlen);

/* the map's counters as a transport reports them: notifications, drops by reason, dedups */
void rbsim_ringbuf_stats(const struct bpf_ringbuf_map *map, struct rbsim_tstats *st);

#endif /* RBSIM_RINGS_H */
