// SPDX-License-Identifier: GPL-2.0-only
// timerfd_settime() arming and disarming at 1 ns to 1 ms ahead (issue 15 probe, not rbsim code)
#define _GNU_SOURCE
#include <sys/timerfd.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
static uint64_t now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000ull+t.tv_nsec;}
int main(int argc,char**argv){
 int n=20000; int fd=timerfd_create(CLOCK_MONOTONIC,TFD_NONBLOCK);
 long ahead[]={1,1000,10000,100000,1000000};
 for(int a=0;a<5;a++){
  struct itimerspec its={.it_value={ahead[a]/1000000000,ahead[a]%1000000000}};
  struct itimerspec off={0};
  uint64_t t0=now();
  for(int i=0;i<n;i++){ timerfd_settime(fd,0,&its,NULL); timerfd_settime(fd,0,&off,NULL);}
  uint64_t t1=now();
  printf("ahead %ld ns: arm+disarm %.0f ns\n",ahead[a],(t1-t0)/(double)n);
 }
}
