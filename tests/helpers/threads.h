/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Thread helpers for the concurrency tests: find out, without sleeping,
 * whether a thread is blocked in epoll_wait (from /proc/self/task/TID/syscall,
 * which names the system call only while the thread is off the CPU in it).
 */
#ifndef RBSIM_TESTS_THREADS_H
#define RBSIM_TESTS_THREADS_H

#include <sys/types.h>

/* values of thread_syscall() besides a system call number */
#define THREAD_RUNNING	(-2)	/* "running": on a CPU or runnable */
#define THREAD_NOSYS	(-1)	/* blocked, but not in a system call */
#define THREAD_GONE	(-3)	/* no such thread (or /proc unreadable) */

/* the system call thread tid of this process is blocked in, or one of the above */
long thread_syscall(pid_t tid);

/* nonzero if nr is epoll_wait, epoll_pwait or epoll_pwait2 */
int is_epoll_wait_nr(long nr);

/* nonzero if nr is one of those, or futex_waitv (ring_consumer's futex sleep) */
int is_sleep_nr(long nr);

/*
 * Wait (sched_yield between checks, never sleep) until thread tid is blocked
 * in epoll_wait/epoll_pwait/epoll_pwait2 or futex_waitv. Returns 0 once it
 * is, -1 if *done becomes nonzero first (the thread left the call that
 * should block), and -2 after limit_ms milliseconds (a bound, not a
 * synchronisation).
 */
int wait_blocked_asleep(pid_t tid, const int *done, int limit_ms);

/* spin (sched_yield) until *word is nonzero; returns its value (acquire) */
int wait_nonzero(const int *word);

#endif /* RBSIM_TESTS_THREADS_H */
