// SPDX-License-Identifier: GPL-2.0-only
/* stub.c: sim/main.c's rbsim_register() for hoprobe.c, which runs no command */
struct rbsim_cmd;
void rbsim_register(struct rbsim_cmd *cmd);
void rbsim_register(struct rbsim_cmd *cmd)
{
	(void)cmd;
}
