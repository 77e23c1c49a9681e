#include <stdio.h>
#include <time.h>
int main(void)
{
	struct timespec a, b;
	long n = 20000000;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long k = 0; k < n; k++)
		for (int i = 0; i < 30; i++)
			__asm__ __volatile__("" ::: "memory");
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f ns per 30 iterations\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
