# Proactive compaction (vm.compaction_proactiveness) under the compaction
# policy: kcompactd's proactive runs take its background batch size.
. /selftests/lib.sh
no_policy
orig=$(cat /proc/sys/vm/compaction_proactiveness)
trap 'echo $orig > /proc/sys/vm/compaction_proactiveness' EXIT
echo 0 > /proc/sys/vm/compaction_proactiveness
run_expect 0 mmoctl load $POL/compaction.bpf.o --set bg_batch=256 --set direct_batch=16
frag_start $FRAG_MB half
runs=$(ctr proactive runs)
nb=$(ctr proactive batches)
nf=$(ctr proactive full)
ctrace_on
echo 90 > /proc/sys/vm/compaction_proactiveness
# kcompactd compacts until the node's score is below the threshold, then
# rechecks every 500 ms: wait until its batches stop growing.
last=-1 i=0
while [ $i -lt 60 ]; do
	sleep 3
	cur=$(ctr proactive batches)
	[ "$cur" = "$last" ] && [ "$cur" != "$nb" ] && break
	last=$cur i=$((i + 1))
done
echo 0 > /proc/sys/vm/compaction_proactiveness
ctrace_off
nb=$(( $(ctr proactive batches) - nb ))
nf=$(( $(ctr proactive full) - nf ))
set -- $(csizes 1)
note "proactive: $(( $(ctr proactive runs) - runs )) runs, $nb batches, $nf full; trace: $1 batches, max $2, sizes $4"
expect_gt $(( $(ctr proactive runs) - runs )) 0 "proactive/runs"
expect_gt $nb 10 "proactive batches"
expect_eq "$2" 256 "largest traced proactive batch"
expect_eq "$4" "256," "batch_pages in the trace"
# Short batches: where the scanners meet, at a zone's end, and when a
# block is rescanned after a failed migration. Most are full, not all.
[ $((nf * 2)) -ge $nb ] || fail "only $nf of $nb batches full"
expect_eq "$(csizes 2 | cut -d' ' -f1)" 0 "direct batches traced"
frag_verify
frag_stop
no_policy
