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
