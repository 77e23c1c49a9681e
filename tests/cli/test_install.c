// SPDX-License-Identifier: GPL-2.0-only
/*
 * make install as a packager runs it (DESTDIR) and as a user runs it
 * (PREFIX): every file where it belongs, with its mode and its bytes, then a
 * program built with `pkg-config --cflags --libs rbsim` against what was
 * installed, run, its output compared line by line; make uninstall removes
 * every file again. The program is tests/fixtures/installed/ring_user.c,
 * built in the tree's spelling too ("ringbuf/ringbuf.h", make print-ldlibs).
 *
 * pkg-config reads a staged install (DESTDIR) through PKG_CONFIG_SYSROOT_DIR:
 * rbsim.pc says prefix=/usr/local, as the installed file must, and pkgconf
 * puts the DESTDIR in front of its -I and -L paths; the PREFIX test reads
 * its rbsim.pc where it lies, with no sysroot.
 *
 * make runs with the command-line variables of the build under test
 * ($OUTPUT/.make-overrides, e.g. ASAN=1 UBSAN=1 OUTPUT=build/asan-ubsan), so
 * it finds that build up to date: the test asserts it rebuilt nothing. One
 * make at a time (a lock on $OUTPUT/.make-lock): two at once in one build
 * directory race on its stamps and on bpf/vmlinux.h.tmp, and rebuild it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "ringbuf/ringbuf.h"
#include "tests/helpers/cli.h"
#include "tests/helpers/tmpdir.h"

#if !defined(RBSIM_VERSION) || !defined(RBSIM_SAN)
#error "RBSIM_VERSION and RBSIM_SAN (the build's -fsanitize flags) come from scripts/install.mk"
#endif

/* the compiler line of ring_user.c: the build's sanitizers, which its librbsim.a needs */
#define CC_PROG "cc -std=c11 -Wall -Wextra -Werror " RBSIM_SAN

/* what ring_user.c prints: 4 records of 24 bytes in the ring, the discarded one skipped */
static const char ring_user_output[] =
	"pending: 96 bytes\n"
	"sample 0: 16 bytes, \"event 0\"\n"
	"sample 1: 16 bytes, \"event 1\"\n"
	"sample 3: 16 bytes, \"event 3\"\n"
	"consumed: 3 (callback 3 times)\n"
	"pending: 0 bytes\n"
	"port of Linux " RBSIM_KERNEL_VERSION "\n";

/* the public headers; others may come with them (what they include, from ringbuf/) */
static const char *const public_headers[] = { "ringbuf.h", "consumer.h", "perfbuf.h" };

/* what make install writes under DESTDIR with the default PREFIX */
static const char *const installed[] = {
	"usr/local/bin/rbsim",
	"usr/local/include/rbsim/consumer.h",
	"usr/local/include/rbsim/perfbuf.h",
	"usr/local/include/rbsim/ringbuf.h",
	"usr/local/lib/librbsim.a",
	"usr/local/lib/pkgconfig/rbsim.pc",
	"usr/local/share/bash-completion/completions/rbsim",
	"usr/local/share/man/man1/rbsim.1",
};

/* the build under test: the directory of $RBSIM_BIN (build/rbsim) */
static void output_dir(char *buf, size_t len)
{
	const char *bin = cli_bin(), *slash = strrchr(bin, '/');

	cr_assert_not_null(slash, "RBSIM_BIN has no directory: %s", bin);
	snprintf(buf, len, "%.*s", (int)(slash - bin), bin);
}

/* `make -s args...` with the build's own variables; its output in r */
static void make(struct cli_run *r, const char *const *args)
{
	static char flags[1024];
	const char *env[] = { flags, "MAKELEVEL", "MFLAGS", NULL };
	const char *argv[16] = { "make", "-s" };
	char out[256], path[300];
	char *overrides = NULL;
	size_t i;
	int lock;

	output_dir(out, sizeof(out));
	snprintf(path, sizeof(path), "%s/.make-lock", out);
	lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	cr_assert(lock >= 0, "open %s: %s", path, strerror(errno));
	cr_assert_eq(flock(lock, LOCK_EX), 0, "flock %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/.make-overrides", out);
	if (!access(path, F_OK))
		overrides = cli_read_file(path, NULL);
	/* MAKEFLAGS as make passes it to a sub-make: no jobserver of the make running the tests */
	snprintf(flags, sizeof(flags), "MAKEFLAGS= -- %.*s", overrides ? (int)strcspn(overrides,
		 "\n") : 0, overrides ? overrides : "");
	free(overrides);
	for (i = 0; args[i]; i++) {
		cr_assert_lt(i + 3, sizeof(argv) / sizeof(argv[0]), "too many make arguments");
		argv[i + 2] = args[i];
	}
	cli_run_prog(r, argv, &(struct cli_opts){ .env = env });
	close(lock);
	cr_assert_eq(r->status, 0, "make %s: status %d\n%s%s", args[0], r->status, r->out, r->err);
}

static void assert_same_file(const char *installed, const char *source, mode_t mode)
{
	size_t a_len, b_len;
	char *a, *b;
	struct stat st;

	cr_assert_eq(stat(installed, &st), 0, "%s: %s", installed, strerror(errno));
	cr_assert_eq(st.st_mode & 07777, mode, "%s: mode %o, not %o", installed,
		     st.st_mode & 07777, mode);
	a = cli_read_file(installed, &a_len);
	b = cli_read_file(source, &b_len);
	cr_assert(a_len == b_len && !memcmp(a, b, a_len), "%s is not a copy of %s", installed,
		  source);
	free(a);
	free(b);
}

/* the regular files under a directory, paths relative to it */
#define FILES_MAX 64
static char files[FILES_MAX][160];
static int nfiles;
static size_t files_root;

static int note_file(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag != FTW_F)
		return 0;
	cr_assert_lt(nfiles, FILES_MAX, "more than %d files", FILES_MAX);
	snprintf(files[nfiles++], sizeof(files[0]), "%s", path + files_root);
	return 0;
}

static int files_under(const char *dir)
{
	nfiles = 0;
	files_root = strlen(dir) + 1;
	cr_assert_eq(nftw(dir, note_file, 16, FTW_PHYS), 0, "walk %s", dir);
	return nfiles;
}

static bool found(const char *name)
{
	int i;

	for (i = 0; i < nfiles; i++)
		if (!strcmp(name, files[i]))
			return true;
	return false;
}

static bool listed(const char *name, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static time_t mtime(const char *path)
{
	struct stat st;

	cr_assert_eq(stat(path, &st), 0, "%s: %s", path, strerror(errno));
	return st.st_mtime;
}

/* build ring_user.c with cflags/libs from `pkg-config` (env names the .pc), run it, compare */
static void build_and_run(const char *dir, const char *const *env)
{
	char script[1024], *out;

	snprintf(script, sizeof(script),
		 CC_PROG " -pedantic -o %s/ring_user "
		 "tests/fixtures/installed/ring_user.c $(pkg-config --cflags --libs rbsim) && "
		 "%s/ring_user", dir, dir);
	out = cli_sh(script, env);
	cr_assert_str_eq(out, ring_user_output, "what ring_user printed");
	free(out);
}

/* every file where it belongs, nothing else but headers the public ones include */
static void check_files(const char *dest, const char *out)
{
	static const char incdir[] = "usr/local/include/rbsim/";
	char path[512], src[512];
	size_t i;
	int k;

	files_under(dest);
	for (i = 0; i < sizeof(installed) / sizeof(installed[0]); i++)
		cr_expect(found(installed[i]), "make install wrote no %s", installed[i]);
	for (k = 0; k < nfiles; k++) {
		if (listed(files[k], installed, sizeof(installed) / sizeof(installed[0])))
			continue;
		cr_assert(!strncmp(files[k], incdir, strlen(incdir)), "make install wrote %s",
			  files[k]);
		snprintf(path, sizeof(path), "%s/%.159s", dest, files[k]);
		snprintf(src, sizeof(src), "ringbuf/%s", files[k] + strlen(incdir));
		assert_same_file(path, src, 0644);
	}
	snprintf(path, sizeof(path), "%s/usr/local/bin/rbsim", dest);
	snprintf(src, sizeof(src), "%s/rbsim", out);
	assert_same_file(path, src, 0755);
	snprintf(path, sizeof(path), "%s/usr/local/lib/librbsim.a", dest);
	snprintf(src, sizeof(src), "%s/librbsim.a", out);
	assert_same_file(path, src, 0644);
	for (i = 0; i < sizeof(public_headers) / sizeof(public_headers[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s%s", dest, incdir, public_headers[i]);
		snprintf(src, sizeof(src), "ringbuf/%s", public_headers[i]);
		assert_same_file(path, src, 0644);
	}
	snprintf(path, sizeof(path), "%s/usr/local/share/man/man1/rbsim.1", dest);
	assert_same_file(path, "sim/rbsim.1", 0644);
	snprintf(path, sizeof(path), "%s/usr/local/share/bash-completion/completions/rbsim", dest);
	assert_same_file(path, "sim/rbsim.bash", 0644);
}

/* rbsim.pc as installed: the default PREFIX, the paths relative to it */
static void check_pc(const char *dest)
{
	static const char *const lines[] = {
		"prefix=/usr/local\n", "libdir=${exec_prefix}/lib\n",
		"includedir=${prefix}/include\n", "\nVersion: " RBSIM_VERSION "\n",
		"\nCflags: -I${includedir}\n", "\nLibs: -L${libdir} -lrbsim\n",
		"\nLibs.private: -pthread\n",
	};
	char path[512], *pc;
	size_t i;

	snprintf(path, sizeof(path), "%s/usr/local/lib/pkgconfig/rbsim.pc", dest);
	pc = cli_read_file(path, NULL);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		cr_expect(strstr(pc, lines[i]), "rbsim.pc has no line %s:\n%s", lines[i], pc);
	free(pc);
}

/* pkg-config on the staged tree (env), each header alone, a program built with it */
static void check_pkg_config(const char *dest, const char *const *env)
{
	char want[1024], script[512], dir[192], *got;
	size_t i;

	got = cli_sh("pkg-config --cflags --libs rbsim", env);
	snprintf(want, sizeof(want), "-I%s/usr/local/include -L%s/usr/local/lib -lrbsim \n", dest,
		 dest);
	cr_expect_str_eq(got, want, "pkg-config --cflags --libs rbsim");
	free(got);
	got = cli_sh("pkg-config --static --libs rbsim", env);
	cr_expect(strstr(got, " -pthread"), "pkg-config --static --libs rbsim: %s", got);
	free(got);
	got = cli_sh("pkg-config --modversion rbsim", env);
	cr_expect_str_eq(got, RBSIM_VERSION "\n", "pkg-config --modversion rbsim");
	free(got);
	for (i = 0; i < sizeof(public_headers) / sizeof(public_headers[0]); i++) {
		snprintf(script, sizeof(script),
			 "printf '#include <rbsim/%s>\\n' | cc -std=c11 -Wall -Wextra -Werror "
			 "-pedantic -fsyntax-only -x c - $(pkg-config --cflags rbsim)",
			 public_headers[i]);
		free(cli_sh(script, env));
	}
	tmp_dir(dir, sizeof(dir), "prog");
	build_and_run(dir, env);
}

Test(install, destdir_holds_every_file_and_a_program_builds_against_it)
{
	char out[256], dest[192], arg[256], path[512], pcpath[300], sysroot[300], *got;
	const char *install[] = { "install", arg, NULL }, *uninstall[] = { "uninstall", arg, NULL };
	const char *env[] = { pcpath, sysroot, NULL };
	struct cli_run r = { 0 };
	time_t bin_t, lib_t;

	output_dir(out, sizeof(out));
	tmp_dir(dest, sizeof(dest), "destdir");
	snprintf(arg, sizeof(arg), "DESTDIR=%s", dest);
	snprintf(path, sizeof(path), "%s/rbsim", out);
	bin_t = mtime(path);
	snprintf(path, sizeof(path), "%s/librbsim.a", out);
	lib_t = mtime(path);

	make(&r, install);
	snprintf(path, sizeof(path), "%s/rbsim", out);
	cr_expect_eq(mtime(path), bin_t, "make install rebuilt %s", path);
	snprintf(path, sizeof(path), "%s/librbsim.a", out);
	cr_expect_eq(mtime(path), lib_t, "make install rebuilt %s", path);
	check_files(dest, out);
	check_pc(dest);

	/* rbsim.pc says /usr/local: the sysroot puts the DESTDIR in front of its paths */
	snprintf(pcpath, sizeof(pcpath), "PKG_CONFIG_PATH=%s/usr/local/lib/pkgconfig", dest);
	snprintf(sysroot, sizeof(sysroot), "PKG_CONFIG_SYSROOT_DIR=%s", dest);
	check_pkg_config(dest, env);

	/* the installed rbsim is the program built here */
	snprintf(path, sizeof(path), "%s/usr/local/bin/rbsim --version", dest);
	got = cli_sh(path, NULL);
	cr_expect(strstr(got, "rbsim " RBSIM_VERSION " (git "), "%s: %s", path, got);
	free(got);

	make(&r, uninstall);
	cr_assert_eq(files_under(dest), 0, "make uninstall left %s behind", files[0]);
	cli_free(&r);
}

Test(install, prefix_is_where_files_go_and_what_rbsim_pc_says)
{
	char dir[192], prefix[256], arg[300], pcpath[300], want[700], path[512], *flags;
	const char *install[] = { "install", arg, NULL }, *uninstall[] = { "uninstall", arg, NULL };
	const char *env[] = { pcpath, "PKG_CONFIG_SYSROOT_DIR", NULL };
	struct cli_run r = { 0 };

	tmp_dir(dir, sizeof(dir), "prefix");
	snprintf(prefix, sizeof(prefix), "%s/opt/rbsim", dir);
	snprintf(arg, sizeof(arg), "PREFIX=%s", prefix);
	make(&r, install);
	snprintf(path, sizeof(path), "%s/lib/pkgconfig/rbsim.pc", prefix);
	snprintf(pcpath, sizeof(pcpath), "PKG_CONFIG_PATH=%s/lib/pkgconfig", prefix);
	flags = cli_sh("pkg-config --cflags --libs rbsim", env);
	snprintf(want, sizeof(want), "-I%s/include -L%s/lib -lrbsim \n", prefix, prefix);
	cr_expect_str_eq(flags, want, "pkg-config --cflags --libs rbsim of %s", path);
	free(flags);
	build_and_run(dir, env);
	make(&r, uninstall);
	cr_assert_eq(files_under(prefix), 0, "make uninstall left %s behind", files[0]);
	cli_free(&r);
}

/* the tree's spelling keeps working: "ringbuf/ringbuf.h" with -I. and make -s print-ldlibs */
Test(install, in_tree_build_still_works)
{
	const char *args[] = { "print-ldlibs", NULL };
	char dir[192], script[1024], *out;
	struct cli_run r = { 0 };

	tmp_dir(dir, sizeof(dir), "intree");
	make(&r, args);
	cr_assert(strstr(r.out, "-lrbsim"), "make -s print-ldlibs: %s", r.out);
	snprintf(script, sizeof(script),
		 CC_PROG " -DRBSIM_IN_TREE -I. -o %s/ring_user "
		 "tests/fixtures/installed/ring_user.c %.*s && %s/ring_user", dir,
		 (int)strcspn(r.out, "\n"), r.out, dir);
	out = cli_sh(script, NULL);
	cr_assert_str_eq(out, ring_user_output, "what ring_user printed");
	free(out);
	cli_free(&r);
}
