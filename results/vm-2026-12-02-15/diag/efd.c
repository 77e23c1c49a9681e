// SPDX-License-Identifier: GPL-2.0-only
// an eventfd write that wakes nobody: its cost (results/vm-2026-12-02-15/diag/near.sh)
#include <sys/eventfd.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <stdint.h>

int main(void)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	uint64_t one = 1, v;
	struct timespec a, b;

	for (int r = 0; r < 5; r++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		for (int i = 0; i < 200000; i++) {
			if (write(fd, &one, 8) != 8)
				return 1;
			/* keep the count from filling */
			if ((i & 1023) == 1023)
				read(fd, &v, 8);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("eventfd write, no waiter: %.0f ns\n",
		       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 200000);
	}
	return 0;
}
