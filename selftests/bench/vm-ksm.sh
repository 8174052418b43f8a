# KSM benchmark, run inside the VM by run-bench.sh (busybox sh), under
# -icount (guest time is instructions, so runs repeat).
#
# mmo-ksm-eq --static: PROCS processes of PAGES pages each, content final
# from the start (zero pages, four twins per 8 pages and kind, unique
# pages), traced until ksm has made every merge the layout implies. Per
# configuration (stock = no policy; else the ksm_fixed test policy with
# batch B and checksums and compares on ENGINE):
#   BENCH,ksm,CONFIG,ENGINE,BATCH,REP,PAGES_SHARING,SECONDS,KSMD_MS,MERGES_PER_CPU_S
#       merges per ksmd CPU-second (utime+stime of ksmd, /proc/PID/stat)
#   BENCH,ksmtrace,CONFIG,ENGINE,BATCH,REP,T,PAGES_SHARING,KSMD_MS
#       memory saved over time (pages_sharing, each a 4 KiB page)
# dsa-sim's device is a MODEL: its work runs on a kernel thread on the
# other vCPU, not in ksmd, as a DSA device's would; ksmd's own time is the
# submission, the waits and the tree work.
. /selftests/lib.sh

PROCS=${BENCH_KSM_PROCS:-4}
PAGES=${BENCH_KSM_PAGES:-4096}
KINDS=${BENCH_KSM_KINDS:-64}
REPS=${BENCH_KSM_REPS:-3}
SCAN=${BENCH_KSM_SCAN:-1024}
# The efficiency configurations, then the batch sweep on both engines.
EFF=${BENCH_KSM_EFF:-"stock 1/cpu 256/cpu 256/dsa-sim"}
SWEEP=${BENCH_KSM_SWEEP:-"1 2 4 8 16 32 64 128 256 512 1024"}

echo 2 > $KSM/run
# Zero pages: one KSM page shares PROCS*PAGES/8 of them.
echo 65536 > $KSM/max_page_sharing || fail "max_page_sharing"
ksm_setup $SCAN
echo 20 > $KSM/sleep_millisecs
sim_reset

# one CONFIG REP TRACE
one() {
	no_policy
	engine=cpu batch=1
	if [ $1 != stock ]; then
		batch=${1%/*} engine=${1#*/}
		ksm_fixed $batch $engine
	fi
	echo 2 > $KSM/run
	echo 1 > $KSM/run
	out=$(mmo-ksm-eq --static --procs $PROCS --pages $PAGES --kinds $KINDS \
		--trace-ms 250 --timeout 1200 2>&1) || fail "mmo-ksm-eq $1: $out"
	r=$(echo "$out" | tail -1)
	OUT=$r
	[ "$(res_val content_errors)" = 0 ] || fail "$1: content errors"
	ms=$(res_val ksmd_ms)
	[ "$ms" -gt 0 ] || ms=1
	echo "BENCH,ksm,$1,$engine,$batch,$2,$(res_val pages_sharing),$(res_val seconds),$ms,$(( $(res_val pages_sharing) * 1000 / ms ))"
	[ "$3" = trace ] && echo "$out" | sed -n 's/^trace: t=\([0-9.]*\) pages_sharing=\([0-9]*\) ksmd_ms=\([0-9]*\)$/\1,\2,\3/p' |
		sed "s/^/BENCH,ksmtrace,$1,$engine,$batch,$2,/"
	no_policy
}

rep=1
while [ $rep -le $REPS ]; do
	for cfg in $EFF; do one $cfg $rep; done
	rep=$((rep + 1))
done
for engine in cpu dsa-sim; do
	for b in $SWEEP; do one $b/$engine 1 trace; done
done
ksm_restore
echo "BENCH-DONE"
