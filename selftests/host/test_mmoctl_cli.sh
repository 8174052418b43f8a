#!/bin/bash
# Host tests of the mmoctl binary: every bad input gets its own exit code and
# a message naming the cause, before any kernel is needed. The host kernel
# has no mm_offload, so a valid load must end with exit code 4.
#
# usage: test_mmoctl_cli.sh <build-dir>
set -u
build=$1
mmoctl=$build/mmoctl
pol=$build/policies
tpol=$build/test-policies
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# case NAME WANT_CODE PATTERN CMD...
case_() {
	local name=$1 want=$2 pattern=$3 out rc
	shift 3
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ] && grep -Eq -- "$pattern" <<<"$out"; then
		echo "PASS host/cli_$name"
	else
		echo "FAIL host/cli_$name: exit $rc (want $want), output:"
		sed 's/^/    | /' <<<"$out"
	fi
}

head -c 200 "$pol/threshold.bpf.o" >"$tmp/truncated.bpf.o"
head -c 4096 /dev/urandom >"$tmp/garbage.bpf.o"
: >"$tmp/empty.bpf.o"

case_ no_args 2 "no command given" "$mmoctl"
case_ unknown_command 2 "unknown command 'frobnicate'" "$mmoctl" frobnicate
case_ help 0 "exit codes" "$mmoctl" help
case_ load_missing_file 10 "cannot open policy object" "$mmoctl" load "$tmp/nope.bpf.o"
case_ load_truncated 10 "cannot open policy object" "$mmoctl" load "$tmp/truncated.bpf.o"
case_ load_garbage 10 "cannot open policy object" "$mmoctl" load "$tmp/garbage.bpf.o"
case_ load_empty 10 "cannot open policy object" "$mmoctl" load "$tmp/empty.bpf.o"
case_ load_no_ops 10 "has 0 struct mm_offload_ops maps" "$mmoctl" load "$tpol/no_ops.bpf.o"
case_ load_two_ops 10 "has 2 struct mm_offload_ops maps" "$mmoctl" load "$tpol/two_ops.bpf.o"
case_ load_legacy_section 10 "struct_ops.link" "$mmoctl" load "$tpol/legacy.bpf.o"
case_ unknown_tunable 6 "unknown tunable 'bogus'.*min_pages" "$mmoctl" load "$pol/threshold.bpf.o" --set bogus=1
case_ tunable_below_range 7 "min_pages: 0 is outside \[1, 512\]" "$mmoctl" load "$pol/threshold.bpf.o" --set min_pages=0
case_ tunable_not_number 7 "not a number" "$mmoctl" swap "$pol/threshold.bpf.o" --set min_pages=lots
case_ tunable_no_equals 2 "not name=value" "$mmoctl" load "$pol/threshold.bpf.o" --set min_pages
if [ "$(id -u)" = 0 ]; then
	case_ load_without_kernel_support 4 "no mm_offload" "$mmoctl" load "$pol/threshold.bpf.o" --set min_pages=64
else
	case_ load_not_root 3 "not permitted" "$mmoctl" load "$pol/threshold.bpf.o"
fi
case_ status_without_kernel_support 4 "no mm_offload" "$mmoctl" status
case_ stats_without_kernel_support 4 "no mm_offload" "$mmoctl" stats --json

# dsa: argument checks come before any device is looked at, so they hold
# on this host; bad options exit 2, bad values 7.
case_ dsa_no_subcommand 2 "dsa needs a subcommand" "$mmoctl" dsa
case_ dsa_setup_unknown_option 2 "unknown option '--sise'" "$mmoctl" dsa setup wq0.0 --sise 4
case_ dsa_setup_not_a_wq 2 "'dsa0' is not a work queue" "$mmoctl" dsa setup dsa0
case_ dsa_setup_size_zero 7 "--size: 0 is outside \[1, 65535\]" "$mmoctl" dsa setup wq0.0 --size 0
case_ dsa_setup_priority_junk 7 "--priority: 'high' is not a number" "$mmoctl" dsa setup wq0.0 --priority high
case_ dsa_enable_bad_target 2 "'iax0' is not a device or work queue" "$mmoctl" dsa enable iax0
# No DSA here: every subcommand says so with exit code 12. A host with a
# DSA device cannot run these; they are reported as not run, not passed.
if [ -e /sys/bus/dsa ]; then
	echo "NOTE host/cli_dsa_absent_*: not run, this host has /sys/bus/dsa"
else
	nodsa="no Intel DSA device found: .*idxd driver is not loaded or the machine has none"
	case_ dsa_list_absent 12 "$nodsa" "$mmoctl" dsa list
	case_ dsa_list_json_absent 12 "$nodsa" "$mmoctl" dsa list --json
	case_ dsa_setup_absent 12 "$nodsa" "$mmoctl" dsa setup dsa0/wq0.0 --size 16 --max-batch 32
	case_ dsa_enable_absent 12 "$nodsa" "$mmoctl" dsa enable wq0.0
	case_ dsa_disable_absent 12 "$nodsa" "$mmoctl" dsa disable dsa0
fi
