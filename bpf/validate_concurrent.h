/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim validate --concurrent: several threads drive the kernel's ring buffer
 * at once (stamp.bpf.c through BPF_PROG_TEST_RUN) while libbpf's ring_buffer
 * consumer checks every record: nothing lost, nothing reordered within a
 * producer, nothing corrupted, no discarded record delivered.
 */
#ifndef RBSIM_BPF_VALIDATE_CONCURRENT_H
#define RBSIM_BPF_VALIDATE_CONCURRENT_H

#include <stdbool.h>

#define CONC_DEF_RECORDS	200000
#define CONC_MAX_PRODUCERS	64

/*
 * producers 0: online CPUs, at least 2. inject N > 0: the checker ignores
 * the N-th record it is handed, as if the ring had lost it (the proof that
 * a loss is caught). Returns an rbsim exit status.
 */
int validate_concurrent(const char *cmd, unsigned long producers, unsigned long records,
			unsigned long inject, bool verbose);

#endif /* RBSIM_BPF_VALIDATE_CONCURRENT_H */
