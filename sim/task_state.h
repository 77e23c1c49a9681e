/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: whether a thread of this process sleeps, from /proc: for the
 * probes that time a wake-up (rbsim calibrate's, rbsim model --probe's),
 * which must notify a consumer only once it is asleep in its wait. A
 * static inline in a header of its own, as sim/clock.h, so that sim/ and
 * bpf/ share it without a library between them.
 */
#ifndef RBSIM_TASK_STATE_H
#define RBSIM_TASK_STATE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "sim/clock.h"

/* the scheduler state of thread tid of this process ('S': asleep), or 0 */
static inline char rbsim_task_state(pid_t tid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "tid (comm) S ...": comm may hold anything, the state follows its last ')' */
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Until thread tid is asleep: seen so twice in a row (a few us apart), as a
 * consumer that caught up is, shortly, before a commit notifies it. 0, or
 * -ETIMEDOUT after timeout_ns
 */
static inline int rbsim_wait_asleep(pid_t tid, __u64 timeout_ns)
{
	__u64 end = rbsim_now_ns() + timeout_ns;
	int seen = 0;

	while (seen < 2) {
		seen = rbsim_task_state(tid) == 'S' ? seen + 1 : 0;
		if (rbsim_now_ns() > end)
			return -ETIMEDOUT;
	}
	return 0;
}

#endif /* RBSIM_TASK_STATE_H */
