# A swap storm: MMO_STORM_SWAPS (default 1000) atomic swaps through ten
# policies, back to back, through mmoctl's pinned link, while 4K and THP
# migrations (content checked after every move) and compaction run; then
# the same load without a policy, as the control. Nothing may be
# corrupted, no policy ejected, the kernel may log no WARN or BUG, and
# migration may fail no more than it does in stock under the same load:
# compaction racing with move_pages fails some pages in stock too.
# ksmd merges and copy-on-write splits a third workload's pages throughout;
# paraksm (batch 256 on dsa-sim) and ksm_fixed (batch 16 on the CPU) switch
# it between the batched and the serial scan.
. /selftests/lib.sh
no_policy
sim_reset
# A vCPU of a busy host can stall for seconds: that is not an engine fault.
echo 10000 > $SIM/timeout_ms
N=${MMO_STORM_SWAPS:-1000}
ksm_setup 1000 20
ks0=$(cat $KSM/full_scans)

# load_phase NAME CMD...: CMD runs while the load does (its output in
# /tmp/NAME-cmd.out); sets
# ${NAME}_moved, ${NAME}_fail, ${NAME}_lost (pages never moved after about
# 3 s of retries), ${NAME}_held (the longest a move waited for pages another
# migration held) and checks the content. Compaction's 512-page batches
# (the compaction policy) keep pages unmapped for longer than stock's 32:
# on the debug kernel a wait of 310 ms was once not enough.
load_phase() {
	name=$1
	shift
	f0=$(vmstat pgmigrate_fail) s0=$(vmstat pgmigrate_success)
	rm -f /tmp/stop
	mmo-migrate --mb 4 --loops 2 --retry 10 --until /tmp/stop > /tmp/$name-4k.out 2>&1 &
	w1=$!
	mmo-migrate --mb 4 --thp --method mbind --loops 2 --retry 10 --until /tmp/stop \
		> /tmp/$name-thp.out 2>&1 &
	w2=$!
	( while [ ! -f /tmp/stop ]; do echo 1 > /proc/sys/vm/compact_memory; sleep 3; done ) &
	w3=$!
	mmo-ksm --mb 8 --until /tmp/stop > /tmp/$name-ksm.out 2>&1 &
	w4=$!
	"$@" > /tmp/$name-cmd.out 2>&1
	rc=$?
	eval "${name}_sharing=$(cat $KSM/pages_sharing)"
	touch /tmp/stop
	wait $w1 $w2 $w3
	wait $w4 || { cat /tmp/$name-ksm.out; fail "$name: KSM workload content errors"; }
	sed 's/^/    | /' /tmp/$name-4k.out /tmp/$name-thp.out /tmp/$name-ksm.out
	grep -q 'content_errors=0 ' /tmp/$name-4k.out && grep -q 'content_errors=0 ' /tmp/$name-thp.out ||
		fail "$name: content errors"
	eval "${name}_moved=$(( $(vmstat pgmigrate_success) - s0 ))"
	eval "${name}_fail=$(( $(vmstat pgmigrate_fail) - f0 ))"
	eval "${name}_lost=$(cat /tmp/$name-4k.out /tmp/$name-thp.out |
		sed -n 's/.*failed_pages=\([0-9]*\).*/\1/p' | awk '{ t += $1 } END { print t }')"
	eval "${name}_held=$(cat /tmp/$name-4k.out /tmp/$name-thp.out |
		sed -n 's/.*longest_retry_ms=\([0-9]*\).*/\1/p' | sort -n | tail -1)"
	return $rc
}

run_expect 0 mmoctl load $POL/cpu_only.bpf.o
sw0=$(mmo swaps) j0=$(mmo ejections) kb0=$(ksm_stat batched_rounds)
dmesg -c >/dev/null
t0=$(date +%s)
load_phase storm mmo-swapper $N 0 $POL/cpu_only.bpf.o $POL/threshold.bpf.o \
	$POL/adaptive.bpf.o $POL/reason_admission.bpf.o $POL/tiering.bpf.o \
	$TPOL/fixed.bpf.o $TPOL/decline.bpf.o $POL/compaction.bpf.o \
	$POL/paraksm.bpf.o $TPOL/ksm_fixed.bpf.o ||
	{ cat /tmp/storm-cmd.out; fail "mmo-swapper"; }
secs=$(( $(date +%s) - t0 ))
note "storm: $(cat /tmp/storm-cmd.out) in ${secs}s"
expect_eq $(( $(mmo swaps) - sw0 )) $N "swaps counted"
expect_eq $(( $(mmo ejections) - j0 )) 0 "ejections during the storm"
expect_eq "$(mmo state)" attached "state"
if dmesg | grep -E 'WARNING|BUG|Oops|lockdep|KASAN|ejected'; then
	fail "the kernel logged a warning during the storm"
fi
note "ksmd: $(( $(cat $KSM/full_scans) - ks0 )) full scans, $(( $(ksm_stat batched_rounds) - kb0 )) of its rounds batched, pages_sharing $storm_sharing at the end of the storm"
expect_gt $(( $(ksm_stat batched_rounds) - kb0 )) 0 "ksmd rounds batched during the storm"
expect_gt $storm_sharing 0 "pages ksmd had merged by the end of the storm"
no_policy
# The control runs as long as the storm did.
load_phase stock sleep $secs
note "storm: $storm_moved pages migrated, $storm_fail failed (pgmigrate_fail), $storm_lost never moved after retries, longest wait for held pages ${storm_held} ms"
note "stock, ${secs}s: $stock_moved pages migrated, $stock_fail failed, $stock_lost never moved, longest wait ${stock_held} ms"
# A page stock moved in the end (after retries) must move under the storm.
[ $storm_lost -le $stock_lost ] || fail "$storm_lost pages never moved under the storm, $stock_lost in stock"
# Failures per million pages migrated, against stock's with some slack.
awk -v sf=$storm_fail -v sm=$storm_moved -v kf=$stock_fail -v km=$stock_moved 'BEGIN {
	s = sf * 1e6 / (sm ? sm : 1); k = kf * 1e6 / (km ? km : 1)
	printf "  failures per million pages: storm %.1f, stock %.1f\n", s, k
	exit !(s <= 2 * k + 50) }' || fail "the storm failed more migrations than stock"
ksm_restore
