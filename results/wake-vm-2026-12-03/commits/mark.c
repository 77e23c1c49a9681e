// SPDX-License-Identifier: GPL-2.0-only
/*
 * Five markers in the tracefs trace: "mono=<CLOCK_MONOTONIC ns>" written to
 * trace_marker, each read just before its write, then "after=<ns>" read just
 * after that write returned, so that commits.py can put the records' stamps
 * (CLOCK_MONOTONIC) on the trace's x86-tsc clock: the write's system call
 * entry and exit (traced) split the time between the two readings.
 * cc -O2 mark.c -o mark
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static unsigned long long mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

int main(void)
{
	int fd = open("/sys/kernel/tracing/trace_marker", O_WRONLY), i;
	char b[64];

	if (fd < 0) {
		perror("trace_marker");
		return 1;
	}
	for (i = 0; i < 5; i++) {
		int n = snprintf(b, sizeof(b), "mono=%llu", mono_ns());
		unsigned long long after;

		if (write(fd, b, (size_t)n) != n)
			perror("write");
		after = mono_ns();
		n = snprintf(b, sizeof(b), "after=%llu", after);
		if (write(fd, b, (size_t)n) != n)
			perror("write");
	}
	return 0;
}
