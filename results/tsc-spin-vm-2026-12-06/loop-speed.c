// SPDX-License-Identifier: GPL-2.0-only
/* The charges' loop (sim/spin.h: lfence, then sub/jnz) timed on CPU 0 and on CPU 1:
 * loops a ns, the best of 5 runs of 3 M loops on each; argument: rounds */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <time.h>
static void spin(unsigned long loops){ __asm__ __volatile__("lfence\n\t.p2align 5\n1:\tsub $1, %0\n\tjnz 1b":"+r"(loops)::"cc","memory"); }
static double now(){struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec*1e9+t.tv_nsec;}
int main(int c,char**v){ int rounds=atoi(v[1]);
 for(int r=0;r<rounds;r++) for(int cpu=0;cpu<2;cpu++){ cpu_set_t s; CPU_ZERO(&s); CPU_SET(cpu,&s); sched_setaffinity(0,sizeof s,&s);
  double best=1e18; for(int i=0;i<5;i++){double t0=now(); spin(3000000); double t=now()-t0; if(t<best)best=t;}
  printf("round %d cpu %d loops/ns %.3f\n",r,cpu,3000000/best);} }
