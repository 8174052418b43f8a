# The kernel's own mm selftests, run differentially (issue 15): each case
# runs first with no policy (stock), then with every shipped policy
# attached, and each result is compared with stock's. Sourced by the
# 6x-ksft-* tests (busybox sh); the programs are in /ksft (build-mm.sh).
#
# A result is the program's exit status and its sorted ksft case lines
# ("ok N ...", "not ok N ...", with "# SKIP" kept), so a case that passes,
# fails or skips differently under a policy names itself.
. /selftests/lib.sh
KSFT=/ksft
KSFT_POLICIES=${KSFT_POLICIES:-"cpu_only threshold-cpu-mt threshold-dsa-sim adaptive reason_admission compaction paraksm tiering"}
KSFT_TIMEOUT=${KSFT_TIMEOUT:-600}
THP=/sys/kernel/mm/transparent_hugepage
ksft_failed=0

# ksft_policy NAME: attach one of $KSFT_POLICIES (or none).
ksft_policy() {
	case $1 in
	none|cpu_only|threshold-*) use_policy $1 ;;
	*) no_policy
	   mmoctl load $POL/$1.bpf.o >/dev/null || fail "loading policy $1" ;;
	esac
}

# ksft_result DIR CMD...: run CMD in DIR, print its result (see above).
ksft_result() {
	dir=$1; shift
	out=$(cd "$dir" && timeout $KSFT_TIMEOUT "$@" 2>&1)
	rc=$?
	echo "exit $rc"
	# Case lines without the numbering, which a retried case can shift.
	echo "$out" | sed -n 's/^\(not ok\|ok\) [0-9]* /\1 /p' | sort
	echo "$out" > /tmp/ksft-last.out
}

# ksft_run NAME THPMODE CMD...: stock's result, then every policy's, each
# compared with stock's; one PASS/FAIL line per cell,
# ksft-NAME-POLICY[-thp=MODE].
ksft_run() {
	name=$1 mode=$2; shift 2
	suffix=
	if [ "$mode" != - ]; then
		echo "$mode" > $THP/enabled || fail "THP mode $mode"
		suffix=-thp=$mode
	fi
	ksft_policy none
	ksft_result $KSFT "$@" > /tmp/ksft-stock.res
	stock=$(head -1 /tmp/ksft-stock.res)
	note "ksft-$name$suffix stock: $stock, $(grep -c '^ok' /tmp/ksft-stock.res) ok, $(grep -c '^not ok' /tmp/ksft-stock.res) not ok ($(grep -c SKIP /tmp/ksft-stock.res) skipped)"
	cp /tmp/ksft-last.out /tmp/ksft-stock.out
	for pol in $KSFT_POLICIES; do
		ksft_policy $pol
		ksft_result $KSFT "$@" > /tmp/ksft-pol.res
		no_policy
		if cmp -s /tmp/ksft-stock.res /tmp/ksft-pol.res; then
			echo "PASS ksft-$name-$pol$suffix"
		else
			echo "FAIL ksft-$name-$pol$suffix: differs from stock (< stock, > $pol):"
			diff /tmp/ksft-stock.res /tmp/ksft-pol.res | sed 's/^/    /' | head -20
			tail -15 /tmp/ksft-last.out | sed 's/^/    | /'
			ksft_failed=$((ksft_failed + 1))
		fi
	done
	[ "$mode" = - ] || echo madvise > $THP/enabled
}
