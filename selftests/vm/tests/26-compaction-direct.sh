# Direct compaction for THP faults under the compaction policy: small
# batches (direct_batch) while the allocation waits.
. /selftests/lib.sh
no_policy
THP=/sys/kernel/mm/transparent_hugepage
[ -f $THP/defrag ] || fail "no THP"
defrag=$(sed 's/.*\[\(.*\)\].*/\1/' $THP/defrag)
enabled=$(sed 's/.*\[\(.*\)\].*/\1/' $THP/enabled)
trap 'echo $defrag > $THP/defrag; echo $enabled > $THP/enabled' EXIT
echo madvise > $THP/defrag
echo madvise > $THP/enabled
run_expect 0 mmoctl load $POL/compaction.bpf.o --set bg_batch=512 --set direct_batch=16
frag_start $FRAG_MB half
runs=$(ctr direct runs)
nb=$(ctr direct batches)
stall=$(vmstat compact_stall)
ctrace_on
OUT=$(mmo-thp 0 16) || fail "mmo-thp: $OUT"
ctrace_off
note "mmo-thp: $OUT; compact_stall +$(( $(vmstat compact_stall) - stall ))"
nb=$(( $(ctr direct batches) - nb ))
set -- $(csizes 2)
note "direct: $(( $(ctr direct runs) - runs )) runs, $nb batches; trace: $1 batches, max $2, $3 full, sizes $4"
expect_gt $(( $(ctr direct runs) - runs )) 0 "direct/runs"
expect_gt $nb 0 "direct batches"
expect_eq "$4" "16," "batch_pages in the trace"
[ "$2" -le 16 ] || fail "a direct batch of $2 pages"
expect_in "$OUT" "thp=[1-9]"
frag_verify
frag_stop
no_policy
