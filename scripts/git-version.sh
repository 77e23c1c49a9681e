#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The git description of the rbsim tree DIR (default: the current directory)
# for `rbsim --version`: `git describe --always --dirty`, or "unknown" when
# DIR is not the top of a git checkout (a tarball unpacked inside some other
# repository would otherwise take that repository's description).
dir=${1:-.}
top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) &&
	[ "$top" = "$(cd "$dir" && pwd -P)" ] &&
	git -C "$dir" describe --always --dirty 2>/dev/null || echo unknown
