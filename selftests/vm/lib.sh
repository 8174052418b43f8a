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

# A kernel built with CONFIG_MM_OFFLOAD off (make test's stock kernel): only
# the tests that need no policy run there, with no policy.
STOCK_KERNEL=0
[ -d $MMO ] || STOCK_KERNEL=1

no_policy() {
	[ $STOCK_KERNEL = 0 ] || return 0
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

# Compaction (26-compaction-*). ctr TRIGGER FIELD: compact/<trigger>/<field>.
ctr() { cat "$MMO/compact/$1/$2"; }

# order9 NODE: free blocks of order 9 and up on NODE, in 2 MiB units.
order9() {
	awk -v n="$1" '$1 == "Node" && $2 == n"," { t += $14 + 2 * $15 } END { print t + 0 }' /proc/buddyinfo
}

# How much of node 0 the compaction tests fragment: on the debug kernel
# (make test-debug) KASAN's shadow takes an eighth of memory, so less.
FRAG_MB=600
grep -qw mmo_debug /proc/cmdline && FRAG_MB=400

# frag_start MB MODE: mmo-frag on node 0 (half or thp), until it is ready.
frag_start() {
	mmo-frag "$1" 0 "$2" > /tmp/frag.out 2>&1 &
	FRAG=$!
	i=0
	until grep -q ready /tmp/frag.out; do
		i=$((i + 1))
		[ $i -lt 300 ] || fail "mmo-frag not ready: $(cat /tmp/frag.out)"
		kill -0 $FRAG 2>/dev/null || fail "mmo-frag died: $(cat /tmp/frag.out)"
		sleep 1
	done
}

# frag_verify: every page mmo-frag kept has its content.
frag_verify() {
	kill -USR1 $FRAG
	i=0
	until grep -q verify /tmp/frag.out; do
		i=$((i + 1))
		[ $i -lt 120 ] || fail "mmo-frag did not verify"
		sleep 1
	done
	v=$(grep verify /tmp/frag.out)
	note "content: $v"
	expect_in "$v" "verify ok [1-9]"
}

frag_stop() {
	kill $FRAG 2>/dev/null
	wait $FRAG 2>/dev/null
}

# ctrace_on / ctrace_off: the mmo_compact_batch tracepoint, into $CTR.
ctrace_on() {
	echo 16384 > /sys/kernel/tracing/buffer_size_kb
	echo > /sys/kernel/tracing/trace
	echo 1 > /sys/kernel/tracing/events/mm_offload/mmo_compact_batch/enable ||
		fail "no mmo_compact_batch tracepoint"
}
ctrace_off() {
	echo 0 > /sys/kernel/tracing/events/mm_offload/mmo_compact_batch/enable
	CTR=$(grep mmo_compact_batch: /sys/kernel/tracing/trace)
}

# csizes TRIGGER: "batches max full(=batch_pages) policy-sizes" of the
# traced batches of one trigger.
csizes() {
	echo "$CTR" | awk -v t="trigger=$1" '$0 ~ t" " {
		for (i = 1; i <= NF; i++) {
			if ($i ~ /^batch_pages=/) { split($i, a, "="); b = a[2]; sz[b] = 1 }
			if ($i ~ /^nr_pages=/) { split($i, a, "="); n = a[2] }
		}
		c++; if (n > m) m = n; if (n == b) f++
	} END { s = ""; for (k in sz) s = s k ","; print c + 0, m + 0, f + 0, s }'
}

# KSM (50-53). ksm_stat NAME: a counter of the batched scan (mm/offload/ksm.c).
KSM=/sys/kernel/mm/ksm
ksm_stat() { cat "$MMO/ksm/$1"; }

# ksm_setup [PAGES_TO_SCAN [SLEEP_MS]]: ksmd fast and exact (smart_scan
# skips pages that did not merge for a growing number of scans; off, every
# scan looks at every page), zero pages merged into a KSM page of zeroes as
# by default (ksm_functional_tests sets use_zero_pages). ksm_restore puts
# back what ksm_setup changed, and max_page_sharing and the advisor.
ksm_setup() {
	KSM_SAVED="$(cat $KSM/run) $(cat $KSM/pages_to_scan) $(cat $KSM/sleep_millisecs) $(cat $KSM/smart_scan) $(cat $KSM/use_zero_pages) $(cat $KSM/max_page_sharing) $(sed 's/.*\[\(.*\)\].*/\1/' $KSM/advisor_mode) $(cat $KSM/advisor_target_scan_time)"
	echo 0 > $KSM/smart_scan
	echo 0 > $KSM/use_zero_pages
	echo ${1:-2048} > $KSM/pages_to_scan
	echo ${2:-10} > $KSM/sleep_millisecs
	echo 1 > $KSM/run
}
ksm_restore() {
	echo 2 > $KSM/run
	set -- $KSM_SAVED
	# While the advisor is on, pages_to_scan refuses writes.
	echo $7 > $KSM/advisor_mode
	echo $8 > $KSM/advisor_target_scan_time
	echo $2 > $KSM/pages_to_scan
	echo $3 > $KSM/sleep_millisecs
	echo $4 > $KSM/smart_scan
	echo $5 > $KSM/use_zero_pages
	echo $6 > $KSM/max_page_sharing
	echo $1 > $KSM/run
}

# ksm_fixed BATCH ENGINE: the ksm_fixed test policy, loaded or swapped in,
# with checksums and compares on ENGINE.
ksm_fixed() {
	if [ "$(mmo state)" = attached ]; then verb=swap; else verb=load; fi
	mmoctl $verb $TPOL/ksm_fixed.bpf.o --set batch=$1 --set csum_engine=$2 \
		--set cmp_engine=$2 >/dev/null || fail "ksm_fixed batch=$1 engine=$2"
}

# ksm_eq NAME: mmo-ksm-eq (three processes, known answer, options
# $KSM_EQ_ARGS besides); fails unless
# ksm ends with exactly the expected pages_shared/pages_sharing and every
# page's content is right after copy-on-write. The result line in $OUT.
ksm_eq() {
	echo 2 > $KSM/run	# nothing left merged from before
	echo 1 > $KSM/run
	OUT=$(mmo-ksm-eq --procs 3 --pages 512 --kinds 16 --settle 3 ${KSM_EQ_ARGS:-} 2>&1)
	rc=$?
	echo "$OUT" | sed 's/^/    | /'
	[ $rc = 0 ] || fail "$1: mmo-ksm-eq exited $rc"
	OUT=$(echo "$OUT" | tail -1)
	expect_eq "$(res_val content_errors)" 0 "$1: content errors"
	expect_eq "$(res_val pages_shared)/$(res_val pages_sharing)" \
		"$(res_val expect_shared)/$(res_val expect_sharing)" "$1: pages_shared/pages_sharing"
}

# rotation ROUND A B C: the three configurations in the order round ROUND
# runs them (ABC, BCA, CAB, ...), so that neither drift nor the order within
# a round favours one of them in a benchmark.
rotation() {
	case $(($1 % 3)) in
	1) echo "$2 $3 $4" ;;
	2) echo "$3 $4 $2" ;;
	0) echo "$4 $2 $3" ;;
	esac
}

# The policies every migration-correctness test runs under (14-16).
MIGRATE_POLICIES="none cpu_only threshold-cpu-mt threshold-dsa-sim"
[ $STOCK_KERNEL = 0 ] || MIGRATE_POLICIES=none

# use_policy NAME: one of $MIGRATE_POLICIES, from no policy.
use_policy() {
	no_policy
	case $1 in
	none) ;;
	cpu_only) mmoctl load $POL/cpu_only.bpf.o >/dev/null ;;
	threshold-*) mmoctl load $POL/threshold.bpf.o --set min_pages=1 \
		--set offload_engine=${1#threshold-} >/dev/null ;;
	*) fail "use_policy: unknown policy $1" ;;
	esac || fail "loading policy $1"
}

# Hugetlb pools (14-hugetlb): hp NODE FILE reads one per-node 2 MiB count.
hp() { cat /sys/devices/system/node/node$1/hugepages/hugepages-2048kB/$2; }
hp_set() { echo "$2" > /sys/devices/system/node/node$1/hugepages/hugepages-2048kB/nr_hugepages; }
