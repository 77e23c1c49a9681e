// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim built without bpf/ (make KERNEL=0, or no BPF toolchain at build
 * time; sim/build.mk leaves this file out otherwise): the kernel commands
 * and the kernel transports keep their names, and say in one line that this
 * rbsim was built without them, by the skip rule of sim/kernel_check.h (77,
 * or 1 with RBSIM_REQUIRE_KERNEL=1). The commands take their options as in a
 * full build (sim/kernel_cmds.h): --help and bad input are answered alike,
 * only running one says it was not built. The transports keep their summaries and
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
#include "sim/kernel_cmds.h"

/* what running a kernel command says here: the skip rule's line, 77 (or 1) */
static int not_built(const char *cmd)
{
	char what[64], why[256];

	snprintf(what, sizeof(what), "rbsim %s", cmd);
	return kcheck_unavailable(what, kcheck_not_built(NULL, why, sizeof(why)));
}

/* the kernel commands parse as in a full build (sim/kernel_cmds.h): --help, bad input */
static int validate_cmd(int argc, char **argv)
{
	struct rbsim_validate_opts o;
	struct rbsim_pbv_opts pb;
	int rc = rbsim_validate_parse(argc, argv, &o, &pb);

	return rc >= 0 ? rc : not_built("validate");
}

static int validate_perfbuf_cmd(int argc, char **argv)
{
	struct rbsim_pbv_opts o;
	int rc = rbsim_pbv_parse("validate-perfbuf", argc, argv, &o);

	return rc >= 0 ? rc : not_built("validate-perfbuf");
}

static int compare_cmd(int argc, char **argv)
{
	static struct rbsim_compare_opts c;
	int rc = rbsim_compare_parse(argc, argv, &c);

	if (rc >= 0)
		return rc;
	rbsim_compare_close(&c, false);
	return not_built("compare");
}

static int calibrate_cmd(int argc, char **argv)
{
	struct rbsim_calibrate_opts o;
	int rc = rbsim_calibrate_parse(argc, argv, &o);

	return rc >= 0 ? rc : not_built("calibrate");
}

RBSIM_COMMAND(calibrate, "calibrate", RBSIM_CALIBRATE_SUMMARY, calibrate_cmd)
RBSIM_COMMAND(compare, "compare", RBSIM_COMPARE_SUMMARY, compare_cmd)
RBSIM_COMMAND(validate, "validate", RBSIM_VALIDATE_SUMMARY, validate_cmd)
RBSIM_COMMAND(validate_perfbuf, "validate-perfbuf", RBSIM_PBV_SUMMARY, validate_perfbuf_cmd)

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
