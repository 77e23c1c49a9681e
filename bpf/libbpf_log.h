/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim bpf/: libbpf's messages. A command that found what it needs
 * (sim/kernel_check.h) routes them here, so that libbpf's warnings do not
 * add lines to the command's own one-line errors.
 */
#ifndef RBSIM_BPF_LIBBPF_LOG_H
#define RBSIM_BPF_LIBBPF_LOG_H

#include <stdbool.h>

/* libbpf's warnings and info to stderr when verbose, nothing otherwise; never debug */
void rbsim_libbpf_verbose(bool verbose);

#endif /* RBSIM_BPF_LIBBPF_LOG_H */
