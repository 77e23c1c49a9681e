// SPDX-License-Identifier: GPL-2.0-only
// The producer-side cost of a timerfd wake-up against the port's FUTEX_WAKE_OP (issue 15 probe, not rbsim code)
#define _GNU_SOURCE
#include <sys/timerfd.h>
#include <sys/syscall.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <limits.h>
static uint64_t now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000ull+t.tv_nsec;}
int main(int argc,char**argv){
 int n=argc>1?atoi(argv[1]):100000;
 int fd=timerfd_create(CLOCK_MONOTONIC,TFD_NONBLOCK|TFD_CLOEXEC);
 struct itimerspec its={.it_value={0,1}};
 uint64_t v; unsigned word=0;
 for(int r=0;r<5;r++){
 uint64_t t0=now();
 for(int i=0;i<n;i++) syscall(SYS_futex,&word,FUTEX_WAKE_OP_PRIVATE,INT_MAX,0,&word,FUTEX_OP(FUTEX_OP_ADD,1,FUTEX_OP_CMP_EQ,0));
 uint64_t t1=now();
 for(int i=0;i<n;i++){ timerfd_settime(fd,0,&its,NULL);}
 uint64_t t2=now();
 long spins=0;
 for(int i=0;i<n;i++){ timerfd_settime(fd,0,&its,NULL); while(read(fd,&v,8)!=8) spins++;}
 uint64_t t3=now();
 printf("futexop %.0f ns  settime %.0f ns  settime+fire %.0f ns (reads/iter %.2f)\n",(t1-t0)/(double)n,(t2-t1)/(double)n,(t3-t2)/(double)n,1+spins/(double)n);
 }
}
