// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim: privilege and kernel-feature checks done before any BPF call, and
 * the exit-status rule when something is missing (see kernel_check.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <linux/capability.h>

#include "sim/kernel_check.h"

#define TRACEFS_DIR "/sys/kernel/tracing"
#define TRACEFS_MAGIC_NR 0x74726163
#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

bool kcheck_required(void)
{
	const char *v = getenv("RBSIM_REQUIRE_KERNEL");

	return v && *v && strcmp(v, "0");
}

/* why the build left bpf/ out, from the Makefile (make KERNEL=0 unless it says otherwise) */
#ifndef RBSIM_KERNEL_WHY
#define RBSIM_KERNEL_WHY "make KERNEL=0"
#endif

const char *kcheck_not_built(const char *what, char *buf, size_t len)
{
	snprintf(buf, len, "%s%sthis rbsim was built without its kernel parts (%s)",
		 what ? what : "", what ? ": " : "", RBSIM_KERNEL_WHY);
	return buf;
}

int kcheck_unavailable(const char *cmd, const char *what)
{
	if (kcheck_required()) {
		fprintf(stderr, "%s: FAIL: %s (RBSIM_REQUIRE_KERNEL is set)\n", cmd, what);
		return 1;
	}
	fprintf(stderr, "%s: skipped: %s\n", cmd, what);
	return RBSIM_EXIT_SKIP;
}

/* effective capability bit, read with capget(2) (no libcap dependency) */
bool kcheck_has_cap(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

static bool tracefs_mounted(void)
{
	struct statfs st;

	return !statfs(TRACEFS_DIR, &st) && (unsigned long)st.f_type == TRACEFS_MAGIC_NR;
}

int kcheck_missing(unsigned int need, char *what, size_t len)
{
	if (need & KCHECK_BPF) {
		bool bpf = kcheck_has_cap(CAP_BPF) || kcheck_has_cap(CAP_SYS_ADMIN);
		bool perfmon = kcheck_has_cap(CAP_PERFMON) || kcheck_has_cap(CAP_SYS_ADMIN);

		if (!bpf || !perfmon) {
			snprintf(what, len, "needs root or CAP_BPF+CAP_PERFMON (missing %s%s%s)",
				 bpf ? "" : "CAP_BPF", !bpf && !perfmon ? ", " : "",
				 perfmon ? "" : "CAP_PERFMON");
			return -EPERM;
		}
	}
	if ((need & KCHECK_BTF) && access(VMLINUX_BTF, R_OK)) {
		snprintf(what, len, "no kernel BTF at %s (%s)", VMLINUX_BTF, strerror(errno));
		return -ENOENT;
	}
	if ((need & KCHECK_TRACEFS) && !tracefs_mounted()) {
		/* mount it as the selftests expect; needs CAP_SYS_ADMIN */
		mkdir(TRACEFS_DIR, 0755);
		if (mount("nodev", TRACEFS_DIR, "tracefs", 0, NULL) && !tracefs_mounted()) {
			snprintf(what, len, "tracefs not mounted at %s and mount failed (%s)",
				 TRACEFS_DIR, strerror(errno));
			return -ENOENT;
		}
	}
	return 0;
}

int kcheck(const char *cmd, unsigned int need)
{
	char what[160];

	if (kcheck_missing(need, what, sizeof(what)))
		return kcheck_unavailable(cmd, what);
	return 0;
}
