// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim built without bpf/ (make KERNEL=0, or no BPF toolchain at build
 * time; sim/build.mk leaves this file out otherwise): the kernel commands
 * and the kernel transports keep their names, and say in one line that this
 * rbsim was built without them, by the skip rule of sim/kernel_check.h (77,
 * or 1 with RBSIM_REQUIRE_KERNEL=1). The transports keep their summaries and
 * capabilities and options (sim/kernel_transports.h): every option, generic
 * or their own (--trigger, --perf-pages), is accepted or refused as in a full
 * build.
 */
#include <errno.h>
#include <stdio.h>

#include "sim/rbsim.h"
#include "sim/kernel_check.h"
#include "sim/transport.h"
#include "sim/kernel_transports.h"

static int not_built_cmd(int argc, char **argv)
{
	char cmd[64], why[256];

	(void)argc;
	snprintf(cmd, sizeof(cmd), "rbsim %s", argv[0]);
	return kcheck_unavailable(cmd, kcheck_not_built(NULL, why, sizeof(why)));
}

RBSIM_COMMAND(compare, "compare",
	      "run one workload on the port and the kernel, side by side with ratios",
	      not_built_cmd)
RBSIM_COMMAND(calibrate, "calibrate",
	      "measure what the kernel and the port pay per record, batch, notification, "
	      "wake-up and wait; write a profile for --profile", not_built_cmd)
RBSIM_COMMAND(validate, "validate",
	      "compare the port with the kernel's BPF ring buffer, step by step", not_built_cmd)
RBSIM_COMMAND(validate_perfbuf, "validate-perfbuf",
	      "compare the perf buffer port with the kernel's bpf_perf_event_output "
	      "(also: validate --perfbuf)", not_built_cmd)

static const struct rbsim_opt krb_options[] = KRB_OPTIONS;
static const struct rbsim_opt kpb_options[] = KPB_OPTIONS;

/* setup says why (a missing kernel feature: the run is skipped); nothing else runs */
static int not_built_setup(struct rbsim_transport *t, char *err, size_t errlen)
{
	char what[64];

	snprintf(what, sizeof(what), "--transport %s", t->ops->name);
	kcheck_not_built(what, err, errlen);
	t->unavailable = true;
	return -EOPNOTSUPP;
}

static int not_built_produce(struct rbsim_transport *t, struct rbsim_producer *p,
			     const struct rbsim_batch *b, struct rbsim_batch_result *res)
{
	(void)t, (void)p, (void)b, (void)res;
	return -EOPNOTSUPP;
}

static int not_built_consume(struct rbsim_transport *t, struct rbsim_consumer *c,
			     int timeout_ms)
{
	(void)t, (void)c, (void)timeout_ms;
	return -EOPNOTSUPP;
}

static struct rbsim_transport_ops kernel_ringbuf_ops = {
	.name = KRB_NAME,
	.summary = KRB_SUMMARY,
	.caps = KRB_CAPS,
	.options = krb_options,
	.opts_size = sizeof(struct krb_opts),
	.setup = not_built_setup,
	.produce = not_built_produce,
	.consume = not_built_consume,
};

static struct rbsim_transport_ops kernel_perfbuf_ops = {
	.name = KPB_NAME,
	.summary = KPB_SUMMARY,
	.caps = KPB_CAPS,
	.consumer_name = KPB_CONSUMER,
	.options = kpb_options,
	.opts_size = sizeof(struct kpb_opts),
	.setup = not_built_setup,
	.produce = not_built_produce,
	.consume = not_built_consume,
};

RBSIM_TRANSPORT(kernel_ringbuf, kernel_ringbuf_ops);
RBSIM_TRANSPORT(kernel_perfbuf, kernel_perfbuf_ops);
