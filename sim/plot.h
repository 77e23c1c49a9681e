/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * rbsim: what the commands that draw with gnuplot (overhead --plot, size
 * --plot) share: the plot's temporary file, made before any work beside the
 * file asked for and renamed over it at the end (so that a bad path is bad
 * input and nothing is half-written), and gnuplot's quoting.
 */
#ifndef RBSIM_PLOT_H
#define RBSIM_PLOT_H

#include <stddef.h>
#include <stdio.h>

/* FILE.tmp.XXXXXX beside plot, made with the mode a plain create gives: 0, or -1 with err */
int rbsim_plot_tmp(const char *plot, char *tmp, size_t len, char *err, size_t errlen);

/* s as a gnuplot single-quoted string ('' stands for ') */
void rbsim_gp_str(FILE *f, const char *s);

#endif /* RBSIM_PLOT_H */
