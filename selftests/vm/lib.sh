# Helpers sourced by every VM selftest (busybox sh).
POL=/policies
TPOL=/test-policies
MMO=/sys/kernel/mm/mm_offload
ROWS="stock cpu cpu-mt dsa dsa-sim"

fail() { echo "  FAIL: $*"; exit 1; }
note() { echo "  $*"; }

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
mmo() { cat "$MMO/$1"; }
row() { cat "$MMO/migrate/$1/$2"; }

# Sum of one per-row counter over every row.
rows_total() {
	t=0
	for r in $ROWS; do t=$((t + $(row "$r" "$1"))); done
	echo $t
}

expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

expect_gt() {
	[ "$1" -gt "$2" ] || fail "$3: got $1, expected more than $2"
}

# run_expect CODE CMD...: run CMD, keep its output in $OUT, check its exit code.
run_expect() {
	want=$1; shift
	OUT=$("$@" 2>&1)
	rc=$?
	echo "$OUT" | sed 's/^/    | /'
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want"
}

# expect_in TEXT PATTERN: PATTERN (grep -E) occurs in TEXT.
expect_in() {
	echo "$1" | grep -Eq -- "$2" || fail "output lacks /$2/"
}

no_policy() {
	mmoctl unload >/dev/null 2>&1
	[ "$(mmo state)" = none ] || fail "could not return to no policy"
}

# Background compaction would migrate pages the tests do not account for.
echo 0 > /proc/sys/vm/compaction_proactiveness

eng() { cat "$MMO/engines/$1/$2"; }

# pol_val NAME: a global of the loaded policy, from mmoctl status --json.
pol_val() {
	mmoctl status --json | sed -n "s/.*\"$1\": \([-0-9]*\).*/\1/p"
}

# use_fixed ENGINE CHUNK: the "fixed" test policy, loaded or swapped in.
use_fixed() {
	if [ "$(mmo state)" = attached ]; then
		mmoctl swap $TPOL/fixed.bpf.o --set engine=$1 --set chunk_pages=$2 >/dev/null
	else
		mmoctl load $TPOL/fixed.bpf.o --set engine=$1 --set chunk_pages=$2 >/dev/null
	fi || fail "loading fixed engine=$1 chunk_pages=$2"
}

# The simulated DSA device (dsa-sim) and the executor self-test.
SIM=/sys/kernel/debug/mm_offload/dsa-sim
EXEC_TEST=/sys/kernel/debug/mm_offload/exec_test

# sim_stat NAME: one of the dsa-sim queue's counters.
sim_stat() { awk -v k="$1" '$1 == k { print $2 }' $SIM/stats; }

# sim_reset: default WQ limits, no faults, counters zeroed.
sim_reset() {
	echo 32 > $SIM/max_batch_size
	echo 2097152 > $SIM/max_transfer_size
	echo 32 > $SIM/wq_size
	echo 0 > $SIM/fault_kind
	echo 0 > $SIM/fault_interval
	echo 0 > $SIM/fault_times
	echo 2000 > $SIM/timeout_ms
	echo 0 > $SIM/irq
	echo 0 > $SIM/stats
}

# exec_test ENGINE OP PATTERN COUNT: one executor self-test job; its result
# line in $OUT. Fails unless every item's result is right.
exec_test() {
	echo "$1 $2 $3 $4" > $EXEC_TEST || fail "exec_test '$*' refused"
	OUT=$(cat $EXEC_TEST)
	note "$OUT"
	expect_in "$OUT" "count=$4 ok=$4 bad=0 "
	expect_in "$OUT" "lost=0"
}

# res_val KEY: a key=value field of $OUT.
res_val() { echo "$OUT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
