// SPDX-License-Identifier: GPL-2.0-only
/* rbsim bpf/: libbpf's messages (see libbpf_log.h). */
#include <stdarg.h>
#include <stdio.h>
#include <bpf/libbpf.h>

#include "bpf/libbpf_log.h"

static bool libbpf_verbose;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || (level == LIBBPF_INFO && !libbpf_verbose))
		return 0;
	if (level == LIBBPF_WARN && !libbpf_verbose)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void rbsim_libbpf_verbose(bool verbose)
{
	libbpf_verbose = verbose;
	libbpf_set_print(libbpf_print);
}
