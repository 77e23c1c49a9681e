// SPDX-License-Identifier: GPL-2.0-only
/* Temporary directories of the tests (see tmpdir.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <criterion/criterion.h>

#include "tests/helpers/tmpdir.h"

#define TMP_DIRS_MAX 32

static char *dirs[TMP_DIRS_MAX];
static int ndirs;
static pid_t owner;	/* the process that made them: a forked child must not remove them */

const char *tmp_base(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void tmp_cleanup(void)
{
	int i;

	if (getpid() != owner)
		return;
	for (i = 0; i < ndirs; i++) {
		nftw(dirs[i], rm_one, 16, FTW_DEPTH | FTW_PHYS);
		free(dirs[i]);
	}
	ndirs = 0;
}

void tmp_dir(char *buf, size_t len, const char *tag)
{
	int n = snprintf(buf, len, "%s/rbsim-%s-XXXXXX", tmp_base(), tag);

	cr_assert(n > 0 && (size_t)n < len, "temporary path too long: %s", buf);
	cr_assert(ndirs < TMP_DIRS_MAX, "more than %d temporary directories", TMP_DIRS_MAX);
	cr_assert_not_null(mkdtemp(buf), "mkdtemp %s: %s", buf, strerror(errno));
	if (!owner) {
		owner = getpid();
		atexit(tmp_cleanup);
	}
	dirs[ndirs] = strdup(buf);
	cr_assert_not_null(dirs[ndirs], "strdup");
	ndirs++;
}

void tmp_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	cr_assert(n >= 0 && (size_t)n < len, "path too long: %s", buf);
}

size_t tmp_count_entries(const char *dir)
{
	struct dirent *e;
	size_t n = 0;
	DIR *d = opendir(dir);

	cr_assert(d, "opendir %s", dir);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

void tmp_only_entry(const char *dir, char *buf, size_t len)
{
	struct dirent *e;
	size_t n = 0;
	DIR *d = opendir(dir);

	cr_assert(d, "opendir %s", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (!n++)
			tmp_path(buf, len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	cr_assert_eq(n, 1, "%zu entries under %s, want exactly one", n, dir);
}

void tmp_expect_png(const char *path)
{
	unsigned char magic[8];
	struct stat st;
	int fd;

	cr_assert(!stat(path, &st), "%s exists", path);
	cr_expect_gt(st.st_size, 1000, "the PNG is not empty");
	fd = open(path, O_RDONLY);
	cr_assert(fd >= 0, "open the PNG");
	cr_assert_eq(read(fd, magic, 8), 8, "read the PNG signature");
	close(fd);
	cr_expect(!memcmp(magic, "\x89PNG\r\n\x1a\n", 8), "PNG signature");
}
