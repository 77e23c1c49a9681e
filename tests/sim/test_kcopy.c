// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/kcopy.h, the copy --write kernel makes of each record (as the kernel's
 * memmove() does it): every size and alignment, copied byte for byte and
 * nothing around it touched, on each of its paths (one rep movsb, moves of
 * 8 bytes); and the path this CPU takes is the one the kernel's
 * alternatives would patch in (FSRM: always rep movsb, ERMS: from 32 bytes).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "sim/kcopy.h"

#define GUARD 64

/* n bytes of a pattern of seed from src + so to dst + doff; dst's bytes around untouched */
static void check_copy(unsigned int n, unsigned int soff, unsigned int doff, unsigned int from)
{
	static unsigned char src[4096 + 2 * GUARD], dst[4096 + 3 * GUARD];

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 131 + n + soff);
	memset(dst, 0xa5, sizeof(dst));
	rbsim_kcopy(dst + GUARD + doff, src + soff, n, from);
	cr_assert(!memcmp(dst + GUARD + doff, src + soff, n),
		  "%u bytes (src +%u, dst +%u, rep movsb from %u): copied", n, soff, doff, from);
	for (unsigned int i = 0; i < GUARD + doff; i++)
		cr_assert_eq(dst[i], 0xa5, "%u bytes: byte %u before dst untouched", n, i);
	for (unsigned int i = GUARD + doff + n; i < sizeof(dst); i++)
		cr_assert_eq(dst[i], 0xa5, "%u bytes: byte %u after dst untouched", n, i);
}

Test(kcopy, every_size_on_every_path)
{
	static const unsigned int froms[] = { 0, 32, UINT_MAX };

	for (unsigned int f = 0; f < sizeof(froms) / sizeof(froms[0]); f++) {
		for (unsigned int n = 0; n <= 300; n++)
			for (unsigned int off = 0; off < 8; off += 3)
				check_copy(n, off, 7 - off, froms[f]);
		check_copy(4096, 0, 0, froms[f]);
		check_copy(4095, 1, 5, froms[f]);
	}
}

#if defined(__x86_64__)
/* the CPU's flags as /proc/cpuinfo lists them: the kernel's reading of the same CPUID */
static bool cpu_flag(const char *flag)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[8192], want[32];
	bool has = false;

	cr_assert_not_null(f, "/proc/cpuinfo");
	snprintf(want, sizeof(want), " %s ", flag);
	while (!has && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		line[strcspn(line, "\n")] = ' ';
		has = strstr(line, want) != NULL;
		break;
	}
	fclose(f);
	return has;
}
#endif

Test(kcopy, the_path_of_this_cpu)
{
	unsigned int from = rbsim_kcopy_movsb_from();

#if defined(__x86_64__)
	if (cpu_flag("fsrm"))
		cr_expect_eq(from, 0, "FSRM: every copy is one rep movsb");
	else if (cpu_flag("erms"))
		cr_expect_eq(from, 32, "ERMS: from 32 bytes");
	else
		cr_expect_eq(from, UINT_MAX, "neither: moves of 8 bytes");
#else
	cr_expect_eq(from, UINT_MAX, "not x86-64: memcpy()");
#endif
}
