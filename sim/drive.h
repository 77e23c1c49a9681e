/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: one transport driven by hand, as the engine's --b2b thread drives
 * it: a producer and a consumer on the calling thread (or on whichever CPU
 * the caller moves it to between calls), each step timed on its own. Used
 * by `rbsim calibrate` (a record's and a batch's cost on each side) and by
 * `rbsim model --probe` (the per-record figures of a machine file).
 */
#ifndef RBSIM_DRIVE_H
#define RBSIM_DRIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "sim/engine.h"

struct rbsim_drive {
	struct rbsim_opts o;
	struct rbsim_transport t;
	struct rbsim_producer *p;     /* producer 0 of prods */
	struct rbsim_producer *prods; /* -p N of the options: N, each its own id */
	unsigned int nprod, pinit_n;  /* producers, and those whose producer_init() ran */
	struct rbsim_consumer *c;
	__u32 *sizes;
	unsigned int max_batch;
	bool setup, cinit;
};

/*
 * argv: `rbsim run` options (argv[0] "run"), records of one --size; batches
 * of up to max_batch records; with -p N, N producers on the transport as a
 * run sets them up (their rings by --reserve), each driven by whichever
 * thread calls rbsim_drive_try_on() for it, one thread a producer at a
 * time. 0, or -errno with the reason in err. Close with rbsim_drive_close()
 * whatever it returns.
 */
int rbsim_drive_open(struct rbsim_drive *d, int argc, char **argv, unsigned int max_batch,
		     char *err, size_t errlen);
/*
 * the same, each batch stamped where its records are written (struct
 * rbsim_batch_result's t_first and t_last; rbsim_drive_try() returns them):
 * the ringbuf transport and the kernel transports stamp, the others leave 0
 */
int rbsim_drive_open_stamped(struct rbsim_drive *d, int argc, char **argv,
			     unsigned int max_batch, char *err, size_t errlen);
/*
 * the ns one produce() of n records took, what became of them in *res
 * (committed, refused by reason); < 0: -errno, reason in err
 */
long long rbsim_drive_try(struct rbsim_drive *d, __u32 n, struct rbsim_batch_result *res,
			  char *err, size_t errlen);
/* the same, every one committed (else -EIO) */
long long rbsim_drive_produce(struct rbsim_drive *d, __u32 n, char *err, size_t errlen);
/* rbsim_drive_try() and rbsim_drive_produce() by producer i (< d->nprod) */
long long rbsim_drive_try_on(struct rbsim_drive *d, unsigned int i, __u32 n,
			     struct rbsim_batch_result *res, char *err, size_t errlen);
long long rbsim_drive_produce_on(struct rbsim_drive *d, unsigned int i, __u32 n, char *err,
				 size_t errlen);
/*
 * the ns a drain of the ring took, every record of every producer intact;
 * < 0: -errno, reason in err
 */
long long rbsim_drive_consume(struct rbsim_drive *d, char *err, size_t errlen);
void rbsim_drive_close(struct rbsim_drive *d);

#endif /* RBSIM_DRIVE_H */
