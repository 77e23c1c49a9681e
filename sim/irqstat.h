/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: the kernel's IRQ work interrupts, from /proc/interrupts. A BPF ring
 * buffer's commit notifies by irq_work_queue(): each notification it queues
 * (one already pending is not queued again) raises one IRQ work interrupt,
 * on x86 a self-IPI ("IWI"), on arm64 an IPI ("IRQ work interrupts"), and
 * the interrupt runs bpf_ringbuf_notify(). The kernel counts them nowhere
 * else that user space can read, so the kernel transports count a run's
 * notifications as the machine's IRQ work interrupts over the run: exact on
 * an otherwise quiet machine, higher by whatever else queued irq_work (perf
 * events, printk, cpufreq's schedutil) meanwhile.
 */
#ifndef RBSIM_IRQSTAT_H
#define RBSIM_IRQSTAT_H

/*
 * The IRQ work interrupts of every CPU, summed, in the text of
 * /proc/interrupts (its line named IWI, or described "IRQ work interrupts"),
 * or -1 if it has no such line.
 */
long long rbsim_irq_work_parse(const char *text);

/* the same, read now from /proc/interrupts; -1 if unreadable or no such line */
long long rbsim_irq_work_now(void);

#endif /* RBSIM_IRQSTAT_H */
