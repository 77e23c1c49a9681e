/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the record's copy of the kernel transport's BPF program, for the
 * ringbuf transport's --write kernel (sim/calibration.md, "How a record is
 * written").
 *
 * bpf/kernel_ringbuf.bpf.c builds each record in its producer slot's
 * scratch buffer and copies it into the reservation with one
 * bpf_dynptr_write(); for a ring buffer dynptr that is the kernel's
 * memmove() (__bpf_dynptr_write(), kernel/bpf/helpers.c, Linux 6.18). On
 * x86-64 that is arch/x86/lib/memmove_64.S: a forward copy (the scratch
 * buffer and the ring never overlap) is one `rep movsb` where the CPU has
 * FSRM, one from 32 bytes where it has ERMS, and moves of 8 bytes
 * otherwise (the kernel unrolls them by four, then finishes with smaller
 * moves). rbsim_kcopy() takes the same path on the same CPU; on other
 * architectures it is memcpy().
 */
#ifndef RBSIM_KCOPY_H
#define RBSIM_KCOPY_H

#include <limits.h>
#include <string.h>
#include <linux/types.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

/* rbsim_kcopy()'s third argument for this CPU: the size from which it is one rep movsb */
static inline unsigned int rbsim_kcopy_movsb_from(void)
{
#if defined(__x86_64__)
	unsigned int a, b, c, d;

	if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
		if (d & (1u << 4))      /* CPUID.(EAX=7,ECX=0):EDX[4], FSRM */
			return 0;
		if (b & (1u << 9))      /* CPUID.(EAX=7,ECX=0):EBX[9], ERMS */
			return 32;
	}
#endif
	return UINT_MAX;
}

/* copy n bytes from src to dst, which do not overlap, as the kernel's memmove() does */
static inline void rbsim_kcopy(void *dst, const void *src, __u32 n, unsigned int movsb_from)
{
#if defined(__x86_64__)
	if (n >= movsb_from) {
		size_t cnt = n;

		__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(cnt) : : "memory");
		return;
	}
	while (n >= 8) {
		__u64 w;

		memcpy(&w, src, 8);
		memcpy(dst, &w, 8);
		dst = (char *)dst + 8;
		src = (const char *)src + 8;
		n -= 8;
	}
#else
	(void)movsb_from;
#endif
	memcpy(dst, src, n);
}

#endif /* RBSIM_KCOPY_H */
