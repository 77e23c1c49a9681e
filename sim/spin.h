/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: busy work calibrated against the clock. --consumer-work spends it per
 * record, and a calibrated port (--profile, sim/inject.h) spends it where the
 * kernel pays a cost the port does not: an empty loop the compiler must keep,
 * never a sleep, so the time stays on the thread that pays it.
 */
#ifndef RBSIM_SPIN_H
#define RBSIM_SPIN_H

#include <linux/types.h>

/*
 * The loop is written out, aligned to 32 bytes, and runs from one copy,
 * rbsim_spin() (out of line, in sim/verify.c), which every spin and
 * rbsim_calibrate_work() call: loops the compiler shapes and places as it
 * likes ran 15% apart in speed on an AMD EPYC guest, and so did a charge
 * and its calibration. Even written out and aligned alike, two inlined
 * copies could: on the family 26 EPYC guest the spins of inject's test,
 * inlined there, took 0.79 to 0.80 of the time their calibration gave them
 * in 3 and in 5 of 12 runs of the test alone, its rounds steady, where a
 * small program's inlined copy and the library's agreed (0.97 to 1.04),
 * and none of 12 once both ran this one copy (2026-12-05; minutes later
 * the inlined copies passed again too: suggestive, not proof). The
 * call costs less than the noise: a spin of 40 loops took 15.9 to 16.3 ns
 * inlined, 16.0 to 16.4 called (the same guest, the same minute).
 *
 * It starts with a barrier that lets no later instruction begin before every
 * earlier one has completed (lfence: dispatch-serializing on Intel, and on
 * AMD since Linux sets LFENCE_RDTSC; isb on arm64). A charge stands for
 * kernel work done in program order; without the barrier the loop ran in
 * the shadow of the port's outstanding loads and stores, and a calibrated
 * port back to back (8-byte records, 28.9 ns charged a record) ran at 26.8
 * M/s where the charges add up to 20.5 and the kernel ran 19.0 (vm, AMD
 * EPYC guest, 2026-12-01); with it, 19.0.
 */
static inline __attribute__((always_inline)) void rbsim_spin_loop(__u64 loops)
{
	if (!loops)
		return;
#if defined(__x86_64__)
	__asm__ __volatile__("lfence\n\t"
			     ".p2align 5\n"
			     "1:\tsub $1, %0\n\t"
			     "jnz 1b"
			     : "+r"(loops) : : "cc", "memory");
#elif defined(__aarch64__)
	__asm__ __volatile__("isb\n\t"
			     ".p2align 5\n"
			     "1:\tsubs %0, %0, #1\n\t"
			     "b.ne 1b"
			     : "+r"(loops) : : "cc", "memory");
#else
	for (__u64 i = 0; i < loops; i++)
		__asm__ __volatile__("" ::: "memory");
#endif
}

/* rbsim_spin_loop() out of line: the one copy every spin and the calibration run (0: none) */
void rbsim_spin(__u64 loops);

/*
 * Loops of rbsim_spin() that take ns nanoseconds of this thread's CPU time
 * (0 for 0): the median of a few timed runs of a few ms, so that the
 * answer does not depend on how busy the machine is
 */
__u64 rbsim_calibrate_work(__u64 ns);

/*
 * Spin loops of rbsim_spin() that take loops / loops_per_ns ns by the
 * calibration, held to that many ns of the monotonic clock: the loops go in
 * steps of about RBSIM_SPIN_STEP_NS, the clock is read after each, and the
 * spin ends once the steps' time adds up to the charge, however fast the
 * loop runs now. A calibration is made once a process, and the loop's
 * speed moves under it: on an AMD EPYC guest one calibrated run, 4.4 us
 * charged a record, used 2.3 to 7.4 us of CPU a record in six runs in a
 * row paid in loops, 4.8 to 5.3 on the clock
 * (results/vm-2026-12-03-7/diag/clock-ab.txt). A step that
 * took more than RBSIM_SPIN_STOLEN times its loops' time and
 * RBSIM_SPIN_STOLEN_NS more
 * (the thread preempted, or a long interrupt) counts as its loops' time
 * alone, so the charge is not paid while the thread is off the CPU. What
 * the last step runs past the charge (a clock read, a part of a step) is
 * taken from the thread's next clocked spin, so that a thread's spins add
 * up to its charges; a spin never ends more than that carry (a step and
 * its read, 2 us more for an interrupt) before its charge's time has passed
 * on the clock. For a charge of RBSIM_SPIN_CLOCKED_NS or more (a calibrated
 * port's, --consumer-work's); each step pays one clock read (26 ns there,
 * the vDSO's), counted in its time, where a shorter spin would pay as much
 * as it spins. A signal handler's spin on the same thread (--nmi-rate's
 * commit) shares the carry: its time lands in the interrupted step.
 */
#define RBSIM_SPIN_CLOCKED_NS 500
#define RBSIM_SPIN_STEP_NS 250
#define RBSIM_SPIN_STOLEN 4
#define RBSIM_SPIN_STOLEN_NS 2000
void rbsim_spin_clocked(__u64 loops, double loops_per_ns);

/*
 * Charges below RBSIM_SPIN_CLOCKED_NS (a record's, a refusal's, a trigger's)
 * held to the x86 time-stamp counter instead of counted loops, where the
 * kernel keeps time by it (its clocksource is "tsc": constant, nonstop and
 * the same on every CPU): one read is 12 ns on an AMD EPYC guest where the
 * vDSO's clock_gettime() is 35. The loop's speed is no measure of the
 * kernel's: on the family 25 EPYC guest (2026-12-06) one vCPU ran it at 1.5
 * loops/ns and the other at 3.2 while the kernel's back-to-back records
 * took 138 and 132 ns on them, so a record's charge counted in loops from
 * a calibration on the fast vCPU took twice its time on the slow one, and
 * the calibrated port ran back to back at 0.58 of the kernel's rate in a
 * bench sitting (results/tsc-spin-vm-2026-12-06). Set
 * once, by rbsim_spin_timer_init(), which rbsim_calibrate_work() calls:
 * every charge's loops come from such a calibration, made before the
 * threads that spin them (pthread_once() and pthread_create() order the
 * stores before their reads). rbsim_spin_tsc_per_ns is 0 where the TSC is
 * not the kernel's clock (and off x86), and the loops stay.
 */
extern double rbsim_spin_tsc_per_ns;
void rbsim_spin_timer_init(void);

/*
 * Spin ns on the TSC, less what this thread's spins ran past theirs
 * before (the carry rbsim_spin_clocked() keeps) and the call's own cost
 * (rbsim_spin_tsc_extra_ns, measured with the tick rate); a gap of more
 * than RBSIM_SPIN_STOLEN_NS between two reads (the thread preempted, an
 * interrupt) is not counted. Starts with the loop's barrier.
 */
extern double rbsim_spin_tsc_extra_ns;
void rbsim_spin_tsc(double ns);

/*
 * Below rbsim_spin_tsc_min_ns, twice a call's own cost and RBSIM_SPIN_TSC_MIN_NS
 * at least, a charge stays in loops: a spin that costs about what it charges
 * leaves most of it to the carry, and its calls that spin nothing still
 * cost something
 */
#define RBSIM_SPIN_TSC_MIN_NS 30
extern double rbsim_spin_tsc_min_ns;

/*
 * A charge of loops at loops_per_ns (its calibration): on the clock from
 * RBSIM_SPIN_CLOCKED_NS (rbsim_spin_clocked()), on the TSC from
 * rbsim_spin_tsc_min_ns where it keeps the kernel's time (rbsim_spin_tsc()),
 * as loops below (nothing for 0 loops)
 */
static inline void rbsim_spin_charge(__u64 loops, double loops_per_ns)
{
	/* compared in loops: the division only where the TSC needs ns (timed in its call's cost) */
	if (!loops)
		return;
	if ((double)loops >= RBSIM_SPIN_CLOCKED_NS * loops_per_ns)
		rbsim_spin_clocked(loops, loops_per_ns);
	else if (rbsim_spin_tsc_per_ns > 0 && (double)loops >= rbsim_spin_tsc_min_ns * loops_per_ns)
		rbsim_spin_tsc((double)loops / loops_per_ns);
	else
		rbsim_spin(loops);
}

#endif /* RBSIM_SPIN_H */
