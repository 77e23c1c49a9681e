// SPDX-License-Identifier: GPL-2.0-only
/* Thread helpers for the concurrency tests (see threads.h). */
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "tests/helpers/threads.h"

long thread_syscall(pid_t tid)
{
	char path[64], buf[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return THREAD_GONE;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return THREAD_GONE;
	buf[n] = '\0';
	if (!strncmp(buf, "running", 7))
		return THREAD_RUNNING;
	/* first field: the syscall number, or -1 when blocked outside a syscall */
	return strtol(buf, NULL, 10);
}

int is_epoll_wait_nr(long nr)
{
#ifdef SYS_epoll_wait
	if (nr == SYS_epoll_wait)
		return 1;
#endif
#ifdef SYS_epoll_pwait
	if (nr == SYS_epoll_pwait)
		return 1;
#endif
#ifdef SYS_epoll_pwait2
	if (nr == SYS_epoll_pwait2)
		return 1;
#endif
	return 0;
}

int is_sleep_nr(long nr)
{
#ifdef SYS_futex_waitv
	if (nr == SYS_futex_waitv)
		return 1;
#endif
	return is_epoll_wait_nr(nr);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wait_blocked_asleep(pid_t tid, const int *done, int limit_ms)
{
	long long end = now_ms() + limit_ms;

	for (;;) {
		if (is_sleep_nr(thread_syscall(tid)))
			return 0;
		/* pairs with the waiting thread's release of *done after its call */
		if (__atomic_load_n(done, __ATOMIC_ACQUIRE))
			return -1;
		if (now_ms() > end)
			return -2;
		sched_yield();
	}
}

int wait_nonzero(const int *word)
{
	int v;

	/* pairs with the release store of *word by the thread that sets it */
	while (!(v = __atomic_load_n(word, __ATOMIC_ACQUIRE)))
		sched_yield();
	return v;
}
