// SPDX-License-Identifier: GPL-2.0-only
/*
 * rbsim overhead --struct NAME --btf FILE: the size of a struct from BTF,
 * through libbpf's btf API. btf__parse() reads both an ELF object's .BTF
 * section and a raw BTF file (/sys/kernel/btf/vmlinux).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpf/overhead.h"

/* libbpf's own warnings would add lines to the one-line error contract */
static int ov_btf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level, (void)fmt, (void)args;
	return 0;
}

/*
 * Why btf__parse() refused a file, from its first bytes: libbpf's own errors
 * (LIBBPF_ERRNO__FORMAT, 4001, ...) have no strerror() text.
 */
static void ov_btf_why(const char *file, int e, char *err, size_t errlen)
{
	unsigned char magic[4] = { 0 };
	char why[128];
	ssize_t n = 0;
	FILE *f;

	f = fopen(file, "rb");
	if (f) {
		n = (ssize_t)fread(magic, 1, sizeof(magic), f);
		fclose(f);
	}
	if (n == 0) {
		snprintf(err, errlen, "--btf %s: an empty file, not a BPF object with BTF nor a raw "
			 "BTF file", file);
	} else if (n == 4 && !memcmp(magic, "\177ELF", 4)) {
		snprintf(err, errlen, "--btf %s: an ELF file without BTF (no .BTF section; a BPF "
			 "object built with clang -g has one)", file);
	} else if (n >= 2 && magic[0] == (BTF_MAGIC & 0xff) && magic[1] == BTF_MAGIC >> 8) {
		libbpf_strerror(e, why, sizeof(why));
		snprintf(err, errlen, "--btf %s: raw BTF that cannot be read (%s)", file, why);
	} else {
		snprintf(err, errlen, "--btf %s: not a BPF object with BTF nor a raw BTF file (it "
			 "starts with neither the ELF magic nor the BTF magic 0x%x)", file,
			 BTF_MAGIC);
	}
}

int ov_btf_struct_size(const char *file, const char *name, uint64_t *size, char *err,
		       size_t errlen)
{
	libbpf_print_fn_t old = libbpf_set_print(ov_btf_quiet);
	int kinds[2] = { BTF_KIND_STRUCT, BTF_KIND_UNION };
	int nkinds = 2, i, id = -1, ret = -1;
	const char *what = "struct";
	struct btf *btf = NULL;
	struct stat st;
	__s64 sz;

	/* accept "struct foo" and "union foo" as a C programmer writes them */
	if (!strncmp(name, "struct ", 7)) {
		name += 7;
		nkinds = 1;
	} else if (!strncmp(name, "union ", 6)) {
		name += 6;
		kinds[0] = BTF_KIND_UNION;
		what = "union";
		nkinds = 1;
	}
	if (!*name) {
		snprintf(err, errlen, "--struct: empty struct name");
		goto out;
	}
	if (stat(file, &st) || access(file, R_OK)) {
		snprintf(err, errlen, "cannot read --btf %s: %s", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "--btf %s: not a regular file", file);
		goto out;
	}
	btf = btf__parse(file, NULL);
	if (!btf) {
		ov_btf_why(file, errno, err, errlen);
		goto out;
	}
	for (i = 0; i < nkinds && id < 0; i++)
		id = btf__find_by_name_kind(btf, name, kinds[i]);
	if (id < 0) {
		snprintf(err, errlen, "%s %s not found in the BTF of %s", what, name, file);
		goto out;
	}
	sz = btf__resolve_size(btf, id);
	if (sz < 0) {
		snprintf(err, errlen, "%s %s in %s: size not resolvable (%s)", what, name, file,
			 strerror((int)-sz));
		goto out;
	}
	*size = (uint64_t)sz;
	ret = 0;
out:
	btf__free(btf);
	libbpf_set_print(old);
	return ret;
}
