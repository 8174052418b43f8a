# Compaction through vm.compact_memory: without a policy, then with batches
# of 512 and 64 pages. Batch sizes in the counters and the tracepoint match
# the policy's, every page keeps its content, the migration hook sees the
# batches (MR_COMPACTION), and order-9 free blocks afterwards are at least
# as many as without a policy, within a tolerance (see below).
. /selftests/lib.sh
no_policy
MB=$FRAG_MB

# 1. Stock: the counters stay still without a policy.
frag_start $MB half
c0=$(mmo compact/calls)
b0=$(ctr sysctl batches)
m0=$(vmstat pgmigrate_success)
echo 1 > /proc/sys/vm/compact_memory
stock9=$(order9 0)
moved=$(( $(vmstat pgmigrate_success) - m0 ))
note "stock: migrated $moved pages, order-9 free blocks on node 0: $stock9"
expect_gt $moved 1000 "pages compaction migrated without a policy"
expect_eq "$(mmo compact/calls)" "$c0" "compact/calls without a policy"
expect_eq "$(ctr sysctl batches)" "$b0" "sysctl/batches without a policy"
frag_verify
frag_stop

# 2. batch 512, then 64 over the other fragmentation: every other 2 MiB
# region freed whole, a pseudo-random half of the rest.
run_expect 0 mmoctl load $TPOL/compact_fixed.bpf.o --set batch=512
for bm in 512:half 64:thp; do
	b=${bm%:*}
	[ $b = 512 ] || run_expect 0 mmoctl set batch=$b
	frag_start $MB ${bm#*:}
	calls=$(mmo compact/calls)
	runs=$(ctr sysctl runs)
	nb=$(ctr sysctl batches)
	np=$(ctr sysctl pages)
	nf=$(ctr sysctl full)
	hb=$(pol_val compaction_batches)
	ctrace_on
	echo 1 > /proc/sys/vm/compact_memory
	ctrace_off
	[ $b = 512 ] && pol9=$(order9 0)
	nb=$(( $(ctr sysctl batches) - nb ))
	np=$(( $(ctr sysctl pages) - np ))
	nf=$(( $(ctr sysctl full) - nf ))
	set -- $(csizes 3)
	note "batch $b, ${bm#*:}: counters: $nb batches, $np pages, $nf full; trace: $1 batches, max $2, $3 full, sizes $4"
	expect_gt $(( $(mmo compact/calls) - calls )) 0 "compact/calls"
	expect_gt $(( $(ctr sysctl runs) - runs )) 0 "sysctl/runs"
	expect_gt $nb 10 "sysctl batches"
	expect_eq "$1" "$nb" "traced batches vs counter"
	expect_eq "$2" "$b" "largest traced batch"
	expect_eq "$4" "$b," "batch_pages in the trace"
	# Short batches: where the scanners meet, at a zone's end, and when a
	# block is rescanned after a failed migration. Most are full, not all.
	[ $((nf * 2)) -ge $nb ] || fail "only $nf of $nb batches full"
	[ $np -le $((nb * b)) ] || fail "$np pages in $nb batches of at most $b"
	expect_gt $(( $(pol_val compaction_batches) - hb )) 0 "MR_COMPACTION batches at the migrate hook"
	frag_verify
	frag_stop
done

# Order-9 blocks: each run fragments a different physical layout (the
# second starts from memory the first one compacted), so the same kernel
# gives different counts: stock alone gave 244 and 260 on two boots, and
# stock/batch 512 pairs differed by -6%, +3% and (2026-12-01, a CI run
# beside a benchmark) -13%. This checks that batched compaction still
# makes 2 MiB blocks at stock's scale, not how well: that is measured by
# make bench (compact.csv). Tolerance: 25% of stock.
tol=$((stock9 / 4)); [ $tol -ge 4 ] || tol=4
note "order-9 free blocks: stock $stock9, batch 512 $pol9 (tolerance $tol)"
[ $((pol9 + tol)) -ge $stock9 ] || fail "batch 512 left $pol9 order-9 blocks, stock $stock9"
no_policy
