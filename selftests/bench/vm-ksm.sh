# KSM benchmark, run inside the VM by run-bench.sh (busybox sh), under
# -icount (guest time is instructions, so runs repeat).
#
# mmo-ksm-eq --static: PROCS processes of PAGES pages each, content final
# from the start (zero pages, four twins per 8 pages and kind, unique
# pages), traced until ksm has made every merge the layout implies. Per
# configuration (stock = no policy; else B/ENGINE or B/CSUM/CMP: the
# ksm_fixed test policy with batch B, checksums on CSUM and compares on CMP):
#   BENCH,ksm,CONFIG,ENGINE,BATCH,REP,PAGES_SHARING,SECONDS,KSMD_MS,MERGES_PER_CPU_S,SCANS
#       merges per ksmd CPU-second (utime+stime of ksmd, /proc/PID/stat),
#       and the full scans it took
#   BENCH,ksmtrace,CONFIG,ENGINE,BATCH,REP,T,PAGES_SHARING,KSMD_MS
#       memory saved over time (pages_sharing, each a 4 KiB page)
#   BENCH,ksmstat,CONFIG,ENGINE,BATCH,REP,BATCHES,CANDIDATES,LEVELS,CMP_ITEMS,CMP_SLOTS,BATCH_MERGES,SERIAL
#       the batched scan's counters over the run: compare levels (one job
#       each) and their utilisation, cmp_items / cmp_slots (the paper's
#       Fig. 9: 1 - utilisation is the comparison skewness)
# dsa-sim's device is a MODEL: its work runs on a kernel thread on the
# other vCPU, not in ksmd, as a DSA device's would; ksmd's own time is the
# submission, the waits and the tree work. ksmd waits for it by interrupt
# (dsa-sim's irq=1, BENCH_KSM_SIM_IRQ): polling would charge ksmd for the
# simulated device's slowness (its CRCs and compares run at TCG CPU speed,
# far slower than the model's DSA), which a real device would not cost.
. /selftests/lib.sh

PROCS=${BENCH_KSM_PROCS:-4}
PAGES=${BENCH_KSM_PAGES:-8192}
KINDS=${BENCH_KSM_KINDS:-64}
REPS=${BENCH_KSM_REPS:-3}
SCAN=${BENCH_KSM_SCAN:-1024}
# The efficiency configurations, then the batch sweep on both engines.
EFF=${BENCH_KSM_EFF:-"stock 1/cpu 256/cpu 256/dsa-sim 256/dsa-sim/cpu"}
SWEEP=${BENCH_KSM_SWEEP:-"1 2 4 8 16 32 64 128 256 512 1024"}

echo 2 > $KSM/run
# Zero pages: one KSM page shares PROCS*PAGES/8 of them.
echo 65536 > $KSM/max_page_sharing || fail "max_page_sharing"
# No sleep between rounds: ksmd runs flat out, so the time to merge
# everything follows ksmd's cost per page (on dsa-sim: the simulator's
# speed, not DSA's).
ksm_setup $SCAN ${BENCH_KSM_SLEEP:-0}
sim_reset
echo ${BENCH_KSM_SIM_IRQ:-1} > $SIM/irq

# one CONFIG REP TRACE|-
one() {
	no_policy
	engine=cpu batch=1
	if [ $1 != stock ]; then
		batch=${1%%/*} engine=${1#*/}
		csum=${engine%/*} cmp=${engine#*/}
		mmoctl load $TPOL/ksm_fixed.bpf.o --set batch=$batch --set csum_engine=$csum \
			--set cmp_engine=$cmp >/dev/null || fail "load ksm_fixed $1"
	fi
	# Stopped (and its cursor back at the first mm) until the workload is
	# filled: mmo-ksm-eq starts it, so every run scans from the same place.
	echo 2 > $KSM/run
	set -- "$@" $(for c in batches candidates stable_levels unstable_levels cmp_items cmp_slots batch_merges serial; do ksm_stat $c; done)
	out=$(mmo-ksm-eq --static --start-ksmd --procs $PROCS --pages $PAGES --kinds $KINDS \
		--trace-ms 100 --timeout 1200 2>&1) || fail "mmo-ksm-eq $1: $out"
	r=$(echo "$out" | tail -1)
	OUT=$r
	[ "$(res_val content_errors)" = 0 ] || fail "$1: content errors"
	ms=$(res_val ksmd_ms)
	[ "$ms" -gt 0 ] || ms=1
	echo "BENCH,ksm,$1,$engine,$batch,$2,$(res_val pages_sharing),$(res_val seconds),$ms,$(( $(res_val pages_sharing) * 1000 / ms )),$(res_val scans)"
	echo "BENCH,ksmstat,$1,$engine,$batch,$2,$(( $(ksm_stat batches) - $4 )),$(( $(ksm_stat candidates) - $5 )),$(( $(ksm_stat stable_levels) + $(ksm_stat unstable_levels) - $6 - $7 )),$(( $(ksm_stat cmp_items) - $8 )),$(( $(ksm_stat cmp_slots) - $9 )),$(( $(ksm_stat batch_merges) - ${10} )),$(( $(ksm_stat serial) - ${11} ))"
	[ "$3" = trace ] && echo "$out" | sed -n 's/^trace: t=\([0-9.]*\) pages_sharing=\([0-9]*\) ksmd_ms=\([0-9]*\)$/\1,\2,\3/p' |
		sed "s|^|BENCH,ksmtrace,$1,$engine,$batch,$2,|"
	no_policy
}

# A first run after boot costs ksmd more (measured: 4x, whatever the
# configuration): warm up, and keep no figures from it.
one stock 0 - >/dev/null
rep=1
while [ $rep -le $REPS ]; do
	for cfg in $EFF; do one $cfg $rep -; done
	rep=$((rep + 1))
done
for engine in cpu dsa-sim; do
	for b in $SWEEP; do one $b/$engine 1 trace; done
done
ksm_restore
echo "BENCH-DONE"
