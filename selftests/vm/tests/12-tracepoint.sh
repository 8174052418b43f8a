# Each decision and its outcome are traced.
. /selftests/lib.sh
no_policy
T=/sys/kernel/tracing
echo > $T/trace
echo 1 > $T/events/mm_offload/enable || fail "no mm_offload tracepoints"
run_expect 0 mmoctl load $POL/threshold.bpf.o
run_expect 0 mmo-migrate --mb 8 --thp
echo 0 > $T/events/mm_offload/enable
tr=$(cat $T/trace)
echo "$tr" | grep mmo_migrate | head -4 | sed 's/^/    | /'
expect_in "$tr" "mmo_migrate_decide: reason=[0-9]+ mode=0 folios=[0-9]+ pages=[0-9]+ large=[1-9][0-9]* nid=0->1 verdict=0 engine=cpu-mt chunk=0 valid=1"
expect_in "$tr" "mmo_migrate_moved: engine=cpu-mt moved_pages=[1-9]"
expect_in "$tr" "mmo_exec: engine=cpu-mt items=[1-9][0-9]* pages=[1-9][0-9]* fallbacks=0 lost=0"

# ksmd's rounds: each ksm_scan decision, and each batch a batched round
# flushed (why, its candidates, lock-step levels, pages it left merged).
sim_reset
ksm_setup
echo > $T/trace
echo 1 > $T/events/mm_offload/mmo_ksm_scan/enable
echo 1 > $T/events/mm_offload/mmo_ksm_batch/enable
ksm_fixed 16 dsa-sim
ksm_eq traced
echo 0 > $T/events/mm_offload/enable
tr=$(cat $T/trace)
echo "$tr" | grep -m 2 mmo_ksm_scan | sed 's/^/    | /'
echo "$tr" | grep mmo_ksm_batch | grep -m 2 -v 'merged_pages=0 ' | sed 's/^/    | /'
expect_in "$tr" "mmo_ksm_scan: pages_to_scan=2048 full_scans=[0-9]+ stable=[0-9]+ unstable=[0-9]+ verdict=0 batch=16 csum=dsa-sim cmp=dsa-sim valid=1"
expect_in "$tr" "mmo_ksm_batch: flush=full candidates=16 levels=[1-9][0-9]* merged_pages=[0-9]+ ns=[1-9]"
expect_in "$tr" "mmo_ksm_batch: flush=(full|slot|round|node) candidates=[0-9]+ levels=[0-9]+ merged_pages=[1-9]"
no_policy
ksm_restore
