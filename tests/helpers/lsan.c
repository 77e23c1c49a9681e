// SPDX-License-Identifier: GPL-2.0-only
/*
 * LeakSanitizer in ASAN=1 test binaries. libcriterion 2.4's runner loses a
 * few 48-byte blocks of its own when it runs tests in parallel (--jobs 2):
 * a leak report at the end of every run, in the runner's process, which
 * runs none of our code. The tests run in boxfort workers (exec'd as
 * "boxfort-worker"); LeakSanitizer asks this hook before its check at exit,
 * so the workers are checked and the runner is not.
 */
#ifdef __SANITIZE_ADDRESS__
#include <errno.h>
#include <string.h>

int __lsan_is_turned_off(void);

int __lsan_is_turned_off(void)
{
	return strcmp(program_invocation_short_name, "boxfort-worker") != 0;
}
#endif /* __SANITIZE_ADDRESS__ */
