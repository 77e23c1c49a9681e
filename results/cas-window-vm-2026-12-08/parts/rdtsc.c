#include <stdio.h>
#include <time.h>
#include <x86intrin.h>
int main(void)
{
	struct timespec a, b;
	unsigned long long s = 0;
	long n = 5000000;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long k = 0; k < n; k++)
		s += __rdtsc();
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f ns per rdtsc (%llu)\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n, s & 1);
	return 0;
}
