#include <sched.h>
#include <stdio.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
int main(void){
	struct sched_param f={.sched_priority=1}, o={.sched_priority=0};
	double a=0,b=0,c=0; int n=20000;
	for(int i=0;i<n;i++){double t0=now(); sched_setscheduler(0,SCHED_FIFO,&f); double t1=now();
		sched_setscheduler(0,SCHED_OTHER,&o); double t2=now(); sched_yield(); double t3=now();
		a+=t1-t0;b+=t2-t1;c+=t3-t2;}
	printf("enter %.0f leave %.0f yield %.0f ns\n",a/n,b/n,c/n);
}
