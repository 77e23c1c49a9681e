# SPDX-License-Identifier: GPL-2.0-only
# bash completion of rbsim (make install puts it in
# share/bash-completion/completions/rbsim; `source` it to try it from the tree).
# The commands and each command's options are read from `rbsim --help` and
# `rbsim CMD --help` as you complete, so they follow the binary being
# completed; the values of options that take one of a fixed set, the
# transports (from `rbsim run --help`) and file names for -o complete too.
# Plain bash: no bash-completion package needed.

# the names listed under "SECTION:" in `BIN [CMD] --help`, its lines "  name  what":
# the commands (rbsim --help), the transports (rbsim run --help)
_rbsim_names()
{
	local section=$1 line on=
	shift
	while IFS= read -r line; do
		# "transports:" or "transports (and their own options):"
		if [[ $line == "$section:" || ($line == "$section "*: && $line != " "*) ]]; then
			on=1
		elif [[ $on && $line =~ ^\ \ ([a-z][-a-z0-9]*) ]]; then
			printf '%s\n' "${BASH_REMATCH[1]}"
		elif [[ $on && $line && $line != " "* ]]; then
			on=
		fi
	done < <("$@" --help 2>/dev/null)
}

# the options of a command, "name ARG" or "name" for a switch: the --help lines
# indented by 1 to 8 spaces that start with '-' ("  -p, --producers N   ...")
_rbsim_options()
{
	local line names arg name re='^ {1,8}(-[^ ,]+(, -[^ ,]+)*)( ([A-Z][^ ]*))?'
	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		names=${BASH_REMATCH[1]}
		arg=${BASH_REMATCH[4]}
		for name in ${names//,/ }; do
			printf '%s %s\n' "$name" "$arg"
		done
	done < <("$1" "$2" --help 2>/dev/null)
}

_rbsim()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local bin=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]} opts arg words
	COMPREPLY=()

	bin=${bin/#\~/$HOME}
	type -P "$bin" >/dev/null || return 0

	# --name=value: bash splits the word at '='
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && $COMP_CWORD -ge 3 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			words="-h --help -V --version"
		else
			words=$(_rbsim_names commands "$bin")
		fi
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return 0
	fi

	opts=$(_rbsim_options "$bin" "$cmd")
	# compare passes rbsim run's options on to both of its sides
	[[ $cmd == compare ]] && opts+=$'\n'$(_rbsim_options "$bin" run)

	# the value of the option before the cursor, if it takes one
	arg=$(while read -r name a; do [[ $name == "$prev" ]] && { echo "${a:--}"; break; }; done \
		<<<"$opts")
	if [[ $arg && $arg != - ]]; then
		case $prev in
		-o | --output | --btf | --plot)
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			return 0
			;;
		--transport | --port | --kernel) words=$(_rbsim_names transports "$bin" run) ;;
		--format) words="text csv json" ;;
		--wakeup) words="adaptive none force sampled: bytes:" ;;
		--consumer) words="libbpf batch" ;;
		--poll) words="epoll busy" ;;
		--trigger | --profile-trigger) words="syscall raw-syscall test-run" ;;
		--profile-preempt) words="auto batch off" ;;
		--write) words="auto kernel place" ;;
		--inject) words="lose dup torn reorder" ;;
		--size) words="uniform: mix:" ;;
		*) return 0 ;;	# a number or free text
		esac
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		[[ ${COMPREPLY[0]} == *: ]] && compopt -o nospace 2>/dev/null
		return 0
	fi

	if [[ $cur == -* ]]; then
		# a transport's option shows under each transport that has it: once here
		words=$(cut -d' ' -f1 <<<"$opts" | sort -u)
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
	fi
	return 0
}

complete -F _rbsim rbsim
