/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: a calibrated port. With `--profile FILE` (a profile of `rbsim
 * calibrate`, sim/profile.h) the port transport pays, for each step of a run,
 * the difference between what the kernel and the port pay for it, where the
 * kernel pays it and on the thread that pays it: a busy loop (sim/spin.h),
 * never a sleep. The model and its limits: sim/calibration.md.
 *
 *   per record      producer, between reserve and commit (the kernel builds
 *                   and copies the record there): record_8/256/4096,
 *                   linear in the size between and beyond them
 *   per refusal     producer, after a reservation refused for want of
 *                   space (the kernel's program returns from its failed
 *                   helper call there): reserve_fail
 *   per batch       producer, before each produce() call: trigger_* of
 *                   --profile-trigger (the system call and program entry of
 *                   a batch), and with a consumer thread beside the
 *                   producers what batch_gap adds to it (the gap a run's
 *                   batch leaves: rbsim_inject_gap_ns())
 *   per notification  producer, split at the kernel's wake-up: in
 *                   ringbuf_map__set_notify_hook(), where the kernel queues
 *                   its irq_work, as much as the kernel wakes its consumer
 *                   later after the commit than the port (notify_wake, at
 *                   most notify); the rest before the producer's next
 *                   reservation or at its batch's end. The port still writes
 *                   its eventfd where a consumer may sleep, and what that
 *                   write costs it (measured at setup) is taken from its
 *                   next charges
 *   per wait        consumer, each wait on the map fd, one it slept in too:
 *                   before it, the kernel's way to where its wait decides to
 *                   sleep (wait_look, with a consumer that decides at its
 *                   re-poll: --wait repoll or epoll; else wait_enter, the
 *                   kernel's way into the system call), at most the whole of
 *                   wait; the rest of wait after it returns (wakeup_busy is
 *                   measured, not charged:
 *                   sim/calibration.md, "A woken wait");
 *                   what the port's eventfd reads cost it (measured at
 *                   setup) is taken from its next charges
 *   per section     --profile-preempt (sim/preempt.h): a batch that woke a
 *                   sleeping consumer runs unpreempted from that wake-up on;
 *                   what that costs the port is taken from its next charges
 *
 * A cost the port pays more of than the kernel is charged 0: a port cannot
 * run faster than it does.
 */
#ifndef RBSIM_INJECT_H
#define RBSIM_INJECT_H

#include <stdbool.h>
#include <linux/types.h>

#include "sim/kernel_transports.h"
#include "sim/options.h"
#include "sim/preempt.h"
#include "sim/profile.h"
#include "sim/transport.h"

/* a transport's --profile and --profile-trigger, in its options struct (cfg->topts) */
/*
 * A profile's kernel wake-ups as measured, sample by sample: [0] wakeup_busy's,
 * [i + 1] idle point i's, each with its median (virtual time's spread=drawn).
 * Made by rbsim_inject_parse() and kept for the process's life.
 */
struct rbsim_wake_draws {
	double *s[RBSIM_PROFILE_MAX_IDLE + 1];
	unsigned int n[RBSIM_PROFILE_MAX_IDLE + 1];
	double median[RBSIM_PROFILE_MAX_IDLE + 1];
	struct rbsim_wake_draws *next; /* the process's list of them */
};

struct rbsim_inject_opts {
	const char *path;           /* --profile FILE (argv's), NULL for none */
	struct rbsim_costs delta;   /* what the port is charged, ns (rbsim_profile_delta) */
	struct rbsim_costs kernel;  /* the kernel's medians: --virtual's costs (rbsim_inject_vcosts) */
	bool has_fail;              /* the profile measured reserve_fail (version 5 on) */
	bool has_wake;              /* ... and notify_wake (version 6 on) */
	bool has_look;              /* ... and wait_look (version 12 on) */
	bool has_gap;               /* ... and batch_gap (version 15 on) */
	bool kernel_write;          /* ... and its port side wrote each record as the
				     * kernel's program does (version 8 on; --write auto) */
	int trigger;                /* --profile-trigger: enum kprod_trigger, the trigger_* charged */
	enum rbsim_preempt preempt; /* the profile's kernel's preemption model */
	int batch_atomic;           /* --profile-preempt: enum rbsim_inject_preempt */
	/* the kernel's medians of the profile's idle_wakeups: --virtual's idle= */
	unsigned int nidle;
	double idle_slept[RBSIM_PROFILE_MAX_IDLE], idle_kernel[RBSIM_PROFILE_MAX_IDLE];
	/*
	 * the profile's halt polling (version 10 on): --virtual's haltpoll=,
	 * MAX and the halts each train's long sleep counted (0: none seen)
	 */
	double halt_max;
	unsigned int ntrains;
	double train_slept[RBSIM_PROFILE_MAX_IDLE];
	unsigned int train_halts[RBSIM_PROFILE_MAX_IDLE];
	/* the host's stops (version 11 on; stop_period 0: none), hoststop='s */
	double stop_period, stop_quota, stop_burst;
	/* the kernel's samples of its wake-ups, for --virtual's spread=drawn (NULL: none) */
	const struct rbsim_wake_draws *draws;
	bool futex_wake;            /* the consumer sleeps on a futex (--wait futex or repoll):
				     * the port's wake-up call is a FUTEX_WAKE_OP, not an eventfd
				     * write */
	bool look_at_repoll;        /* the consumer's sleep decides at its re-poll (--wait
				     * repoll or epoll): with has_look, wait_look's charge is
				     * paid before the wait, else wait_enter's */
	unsigned int gap_batch;     /* the run's --batch where a consumer thread drains
				     * beside its producers; 0 (--b2b, --consumer none):
				     * none of batch_gap is charged, nor where those
				     * producers and the consumer outnumber the CPUs
				     * (rbsim_inject_setup()) */
};

/* --profile-preempt: is a batch made non-preemptible after a wake-up (sim/preempt.h)? */
enum rbsim_inject_preempt {
	RBSIM_INJECT_PREEMPT_AUTO,  /* as the profile's kernel: yes for none, voluntary, lazy */
	RBSIM_INJECT_PREEMPT_BATCH, /* yes */
	RBSIM_INJECT_PREEMPT_OFF,   /* no: the pure port's scheduling */
	RBSIM_INJECT_PREEMPT_NR,
};

extern const char *const rbsim_inject_preempt_names[RBSIM_INJECT_PREEMPT_NR + 1];

int rbsim_inject_parse(const struct rbsim_opt *opt, const char *arg, void *base, char *why,
		       size_t len);
void rbsim_inject_format(const struct rbsim_opt *opt, const void *base, char *buf, size_t len);

/* the two options, for a table whose struct holds a struct rbsim_inject_opts at field */
#define RBSIM_INJECT_OPTIONS(type, field)						\
	{ .kind = RBSIM_OPT_CUSTOM, .name = "profile", .metavar = "FILE", .def = "none",	\
	  .parse = rbsim_inject_parse, .format = rbsim_inject_format,			\
	  .off = offsetof(type, field), .size = sizeof(struct rbsim_inject_opts),	\
	  .help = "a calibration profile (rbsim calibrate -o FILE): the port pays the "	\
		  "kernel's extra cost of each record, batch, notification, wake-up and "	\
		  "wait; with --virtual, virtual time's costs are the profile's kernel "	\
		  "costs (those --vcosts names excepted); none: the pure port" },		\
	{ .kind = RBSIM_OPT_CHOICE, .name = "profile-trigger", .metavar = "HOW", .def = "syscall",	\
	  .choices = kprod_trigger_names,						\
	  .help = "with --profile: the kernel trigger whose per-batch cost is charged "	\
		  "(syscall, raw-syscall or test-run, as kernel-ringbuf's --trigger)",	\
	  .off = offsetof(type, field) + offsetof(struct rbsim_inject_opts, trigger),	\
	  .size = sizeof(int) },								\
	{ .kind = RBSIM_OPT_CHOICE, .name = "profile-preempt", .metavar = "HOW", .def = "auto",	\
	  .choices = rbsim_inject_preempt_names,					\
	  .help = "with --profile: batch: from the wake-up of a consumer asleep on its CPU "	\
		  "to its batch's end a producer runs SCHED_FIFO, unpreempted, as a BPF "	\
		  "program on a kernel without kernel preemption; off: preemptible, as "	\
		  "the pure port; auto: batch where the profile's kernel is preempt=none, "	\
		  "voluntary or lazy",								\
	  .off = offsetof(type, field) + offsetof(struct rbsim_inject_opts, batch_atomic),	\
	  .size = sizeof(int) }

/*
 * Refused reservations' charges are spun together once they add up to this
 * many ns (and what is left at the batch's end): each spin has a fixed cost
 * of its own (its barrier and entry, about 3.5 ns on an AMD EPYC guest), which
 * a charge of a few ns a refusal (reserve_fail less the port's) would pay
 * again at every refusal. A full ring then refuses at the kernel's pace, not
 * slower; 100 ns is a few refusals' time, far below anything a consumer
 * does in between
 */
#define RBSIM_INJECT_FAIL_STEP_NS 100

/* what a run spends, in loops of rbsim_spin(), from rbsim_inject_setup() */
struct rbsim_inject {
	bool on;                    /* a profile is in use */
	double loops_per_ns;
	double rec_ns[3];           /* per record at 8, 256, 4096 bytes */
	__u64 trigger, notify, wait; /* trigger: with gap_ns */
	double gap_ns;              /* of trigger, what rbsim_inject_gap_ns() adds */
	__u64 notify_before;        /* of notify, the part paid before the port's wake-up */
	__u64 notify_after;         /* ... and the rest, paid after it */
	__u64 fail;                 /* a reservation refused for want of space */
	__u64 fail_step;            /* refusals' charges are spun once they add up to this */
	__u64 wait_before;          /* the part of wait spun before the wait, the rest after it */
	__u64 notify_write;         /* the port's own wake-up call (an eventfd write or a
				     * FUTEX_WAKE_OP), no more than notify: taken from the
				     * charges after each call (loops) */
	double notify_write_ns;     /* ... in ns */
	__u64 read_back;            /* the port consumer's eventfd read, no more than wait:
				     * taken from its charges after each read (loops) */
	double read_back_ns;        /* ... in ns */
	bool atomic;                /* --profile-preempt asks for unpreemptible batches */
	bool batch_atomic;          /* a batch unpreempted after a wake-up (rbsim_inject_setup()) */
	__u64 section;              /* a section's cost to the port in loops (from charges) */
	double section_ns;          /* ... in ns */
	int section_err;            /* -errno: a section was asked for and cannot be had */
	unsigned int crowded_cpus;  /* auto opens no section: the CPUs, as few as the producers */
};

/*
 * Loops of rbsim_spin() per ns on this machine: calibrated once per process
 * (a few ms, sim/spin.h) and shared, so that every charge of a run, and a
 * test's reference, spin by the same measure
 */
double rbsim_inject_loops_per_ns(void);

/*
 * That calibration, for a charge's spin (rbsim_spin_charge(): on the clock
 * from RBSIM_SPIN_CLOCKED_NS, notifications, wake-ups, waits, sections,
 * triggers; a record's nanoseconds as loops). Set once, in
 * rbsim_inject_loops_per_ns(), which a calibrated run's setup calls before
 * it makes any thread that charges (pthread_once() and pthread_create()
 * order the store before their reads); 0 before it, when nothing charges.
 */
extern double rbsim_inject_lpns;

/*
 * turn o's costs into loops (the calibration above); nothing for --profile
 * none. producers: the run's that may open sections, those not pinned to
 * their consumer's CPU (which defer their batches' wake-ups instead): none,
 * and no section is set up, so none needs SCHED_FIFO; for --profile-preempt
 * auto, no section either when they are as many as the CPUs this process may
 * use (sections on every CPU starve the fair tasks, and the scheduler's
 * answer stalls the producers: sim/calibration.md)
 */
void rbsim_inject_setup(struct rbsim_inject *inj, const struct rbsim_inject_opts *o,
			unsigned int producers);

/*
 * What a batch of batch records adds to the trigger's charge when a consumer
 * drains beside its producer (batch 0: none): of costs (the charges, or the
 * kernel's medians for virtual time) batch_gap beyond trigger_syscall (the
 * gap was measured through that trigger, between batches of
 * RBSIM_GAP_BATCH records), all of it from RBSIM_GAP_BATCH records on and in
 * proportion below (sim/calibration.md, "The gap between batches")
 */
double rbsim_inject_gap_ns(const struct rbsim_costs *costs, unsigned int batch);

/* the loops one record of size bytes is charged */
__u64 rbsim_inject_record_loops(const struct rbsim_inject *inj, __u32 size);

/*
 * Virtual time's costs from o's profile, the kernel's medians (sim/vtime.md):
 * produce, a record of size bytes and a batch's trigger (--profile-trigger's,
 * with what a batch of gap_batch records adds beside a consumer:
 * rbsim_inject_gap_ns() of the kernel's medians; gap_batch 0: none) over
 * batch records; notify; wake, wakeup_busy (from before the commit, as
 * the engine counts it); poll, a wait that finds records; refuse,
 * reserve_fail and the trigger's share (a profile before version 5: as
 * produce). record is not measured and stays; nor do those of keep (bits as
 * struct rbsim_vcosts' named: --vcosts given beside --profile).
 */
void rbsim_inject_vcosts(const struct rbsim_inject_opts *o, double size, unsigned int batch,
			 unsigned int gap_batch, unsigned int keep, struct rbsim_vcosts *vc);

/*
 * of the per-notification charge, the ns paid before the port's eventfd
 * write (the rest after it): notify_wake's difference, between 0 and notify;
 * without it (has_wake false: a profile before version 6), all of notify
 */
double rbsim_inject_notify_before_ns(const struct rbsim_costs *delta, bool has_wake);

/* the per-record charge at size bytes, ns: linear between 8, 256, 4096, beyond as the last */
double rbsim_inject_record_ns(const struct rbsim_costs *delta, __u32 size);

#endif /* RBSIM_INJECT_H */
