// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads probe.bpf.o, prints one CSV line per event of probe.h until SIGINT
 * or SIGTERM (then drains the ring). Built by build.sh, outside make.
 */
#include <signal.h>
#include <stdio.h>
#include <bpf/libbpf.h>
#include "probe.h"
#include "probe.skel.h"

static volatile sig_atomic_t stop;

static void on_sig(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_ev(void *ctx, void *data, size_t len)
{
	const struct ev *e = data;

	(void)ctx;
	(void)len;
	printf("%llu,%u,%u,%u,%u,%#llx,%llu,%llu,%lld,%llu,%llu,%u,%u,%llu,%llu,%llu,%llu,%llu,"
	       "%llu,%llu,%lld,%u,%u\n", e->t, e->kind, e->pid, e->cur_pid, e->cpu,
	       e->ti_flags, e->p_v, e->p_d, (long long)e->p_vlag, e->p_slice, e->p_w,
	       e->p_delayed, e->p_on_rq, e->c_v, e->c_d, e->c_vprot, e->c_slice, e->c_w,
	       e->zero_v, e->sum_weight, (long long)e->sum_w_v, e->nr_queued, e->curr_is_cur);
	return 0;
}

int main(void)
{
	struct probe_bpf *skel = probe_bpf__open_and_load();
	struct ring_buffer *rb;

	if (!skel || probe_bpf__attach(skel)) {
		fprintf(stderr, "probe: cannot load or attach\n");
		return 1;
	}
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_ev, NULL, NULL);
	if (!rb)
		return 1;
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	printf("t,kind,pid,cur_pid,cpu,ti_flags,p_v,p_d,p_vlag,p_slice,p_w,p_delayed,p_on_rq,"
	       "c_v,c_d,c_vprot,c_slice,c_w,zero_v,sum_weight,sum_w_v,nr_queued,curr_is_cur\n");
	fprintf(stderr, "probe: attached\n");
	while (!stop)
		ring_buffer__poll(rb, 100);
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	probe_bpf__destroy(skel);
	return 0;
}
