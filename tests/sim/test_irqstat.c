// SPDX-License-Identifier: GPL-2.0-only
/*
 * sim/irqstat.h: the IRQ work interrupts of /proc/interrupts, every CPU's
 * summed, from the texts of x86 (the IWI line) and arm64 (an IPI described
 * "IRQ work interrupts"), none from a text without them, and from the
 * running kernel's file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>

#include "sim/irqstat.h"

TestSuite(irqstat, .timeout = 10);

/* Linux 6.18 on x86: the architecture's lines after the devices' */
static const char x86[] =
	"           CPU0       CPU1       \n"
	"  1:          0          9  IO-APIC   1-edge      i8042\n"
	" NMI:          0          0   Non-maskable interrupts\n"
	" LOC:      22692      24114   Local timer interrupts\n"
	" IWI:       1250          7   IRQ work interrupts\n"
	" RES:       4800       3955   Rescheduling interrupts\n"
	" ERR:          0\n";

/* arm64: IPIs numbered, each with its description */
static const char arm64[] =
	"           CPU0       CPU1       CPU2       CPU3       \n"
	" 11:      12345      23456      34567      45678     GICv3  30 Level     arch_timer\n"
	"IPI0:        10         20         30         40       Rescheduling interrupts\n"
	"IPI5:       100        200        300        401       IRQ work interrupts\n"
	"IPI6:         0          0          0          0       CPU wake-up interrupts\n";

Test(irqstat, x86_sums_the_iwi_line)
{
	cr_expect_eq(rbsim_irq_work_parse(x86), 1257);
}

Test(irqstat, arm64_sums_the_described_ipi)
{
	cr_expect_eq(rbsim_irq_work_parse(arm64), 1001);
}

Test(irqstat, none_without_the_line)
{
	static const char other[] =
		"           CPU0\n"
		" LOC:       5   Local timer interrupts\n"
		" IWIX:      7   Not the line\n"
		" XYZ:       9   Not IRQ work interrupts either\n";

	cr_expect_eq(rbsim_irq_work_parse(other), -1, "a label or a description near it is not it");
	cr_expect_eq(rbsim_irq_work_parse(""), -1);
	/* the last line without its newline, a CPU of 0 */
	cr_expect_eq(rbsim_irq_work_parse(" IWI: 0 3 IRQ work interrupts"), 3);
}

/* the running kernel's file: read where it has the line, never going back */
Test(irqstat, the_running_kernels)
{
	const size_t room = 1 << 18;
	char *text = malloc(room); /* not static: .bss costs every test's exit under ASan */
	FILE *f = fopen("/proc/interrupts", "r");
	size_t len = 0, n;
	long long a, b;

	cr_assert_not_null(text, "out of memory");
	cr_assert_not_null(f, "/proc/interrupts");
	/* procfs gives no size: read until its end */
	while ((n = fread(text + len, 1, room - 1 - len, f)) > 0)
		len += n;
	fclose(f);
	cr_assert_lt(len, room - 1, "the whole file");
	text[len] = '\0';
	a = rbsim_irq_work_now();
	b = rbsim_irq_work_now();
	if (rbsim_irq_work_parse(text) < 0) {
		cr_expect_eq(a, -1, "no line, no count");
	} else {
		cr_expect_geq(a, 0, "a count");
		cr_expect_geq(b, a, "a count never goes back: %lld then %lld", a, b);
	}
	free(text);
}
