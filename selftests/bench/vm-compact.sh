# Compaction benchmark, run inside the VM by run-bench.sh (busybox sh).
#
# Per engine (cpu, cpu-mt) and compaction batch size (the compact_fixed
# test policy; "stock" is no policy at all):
#   BENCH,compact,ENGINE,BATCH,MB,PAGES,MS,PAGES_PER_S
#       vm.compact_memory over MB MiB fragmented on node 0 (a
#       pseudo-random half freed): pages migrated and the time it took
#   BENCH,direct,ENGINE,BATCH,FAULTS,THP,AVG_US,MAX_US
#       THP faults on the same fragmented node once its free 2 MiB blocks
#       are used up, so each one waits on direct compaction (mmo-thp)
# Times are TCG wall clock (from /proc/uptime, 10 ms): compare the rows
# with each other only. Every run checks the content of every kept page.
. /selftests/lib.sh

MB=${BENCH_COMPACT_MB:-400}
BATCHES=${BENCH_COMPACT_BATCHES:-"32 128 512"}
FAULTS=${BENCH_COMPACT_FAULTS:-16}
THP=/sys/kernel/mm/transparent_hugepage
echo madvise > $THP/enabled
echo madvise > $THP/defrag

cs() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }

# one ENGINE BATCH: a compact_memory run and a direct-compaction run.
one() {
	no_policy
	if [ "$2" != stock ]; then
		mmoctl load $TPOL/compact_fixed.bpf.o --set batch=$2 --set engine=$1 \
			>/dev/null || fail "load compact_fixed $1 $2"
	fi
	frag_start $MB half
	m0=$(vmstat pgmigrate_success) t0=$(cs)
	echo 1 > /proc/sys/vm/compact_memory
	t=$(( ($(cs) - t0) * 10 )) m=$(( $(vmstat pgmigrate_success) - m0 ))
	[ $t -gt 0 ] || t=10
	echo "BENCH,compact,$1,$2,$MB,$m,$t,$((m * 1000 / t))"
	frag_verify
	frag_stop
	frag_start $MB half
	out=$(mmo-thp 0 $FAULTS) || fail "mmo-thp: $out"
	set -- "$1" "$2" $(echo "$out" | tr ' =' '\n\n' | awk 'NR % 2 == 0')
	echo "BENCH,direct,$1,$2,$4,$5,$6,$7"
	frag_verify
	frag_stop
}

for e in cpu cpu-mt; do
	[ $e = cpu ] && one cpu stock
	for b in $BATCHES; do one $e $b; done
done
no_policy
echo BENCH-DONE
