# Migration benchmark, run inside the VM by run-bench.sh (busybox sh).
#
# usage: sh vm-migrate.sh CLOCK [throughput] [hook]
#
# Prints CSV rows on the console, each prefixed "BENCH," so the host can pick
# them out of the boot log:
#   BENCH,throughput,CLOCK,REP,KIND,ENGINE,CHUNK,MB,MOVES,MOVE_NS,MB_PER_S
#   BENCH,hook,CLOCK,ROUND,CONFIG,MOVE_NS
# Every configuration runs BENCH_REPS times (throughput) or BENCH_HOOK_ROUNDS
# times (hook), in rounds that visit all configurations, so slow drift of the
# host hits them all alike; the host takes the median.
# CLOCK says what the guest's CLOCK_MONOTONIC measures: "wall" (MTTCG, real
# time, noisy) or "icount" (one virtual ns per guest instruction, repeatable).
# Every run of mmo-migrate checks the content of every page after its last
# move; a content error fails the benchmark.
. /selftests/lib.sh
clock=$1
shift
parts=${*:-throughput hook}

MB=${BENCH_MB:-64}
MOVES=${BENCH_MOVES:-4}
CHUNKS=${BENCH_CHUNKS:-"1 8 32 128 512"}
REPS=${BENCH_REPS:-3}
HOOK_ROUNDS=${BENCH_HOOK_ROUNDS:-7}

# run_moves ARGS...: one mmo-migrate run; prints its move_ns.
run_moves() {
	out=$(mmo-migrate --mb $MB --loops $MOVES --bench "$@" 2>&1) ||
		fail "mmo-migrate $*: $out"
	echo "$out" | sed -n 's/.*move_ns=\([0-9]*\).*/\1/p'
}

# Memory was just faulted in, and kcompactd would migrate behind our back.
echo 1 > /proc/sys/vm/compact_memory

if echo "$parts" | grep -q throughput; then
	engines=
	# Not dsa-sim: its wall time is a CPU doing a device's work (vm-dsa.sh).
	for e in cpu cpu-mt dsa; do
		[ "$(eng $e available 2>/dev/null)" = 1 ] && engines="$engines $e"
	done
	note "engines available: $engines; cpu-mt threads: $(eng cpu-mt threads)"
	rep=1
	while [ $rep -le $REPS ]; do
		for kind in 4k thp; do
			args=
			[ $kind = thp ] && args=--thp
			no_policy
			ns=$(run_moves $args)
			echo "BENCH,throughput,$clock,$rep,$kind,stock,0,$MB,$MOVES,$ns,$((MB * MOVES * 1000000000 / ns))"
			for chunk in $CHUNKS; do
				for e in $engines; do
					use_fixed $e $chunk
					ns=$(run_moves $args)
					echo "BENCH,throughput,$clock,$rep,$kind,$e,$chunk,$MB,$MOVES,$ns,$((MB * MOVES * 1000000000 / ns))"
				done
			done
			no_policy
		done
		rep=$((rep + 1))
	done
fi

# The hook's cost: the same moves with no policy, with cpu_only (hook plus
# the executor's CPU copy), and with "decline" (hook only, stock copy),
# interleaved round by round, each round starting with the next one, so
# neither drift nor the order within a round favours any of them.
if echo "$parts" | grep -q hook; then
	r=1
	while [ $r -le $HOOK_ROUNDS ]; do
		for cfg in $(rotation $r detached cpu_only decline); do
			no_policy
			case $cfg in
			cpu_only) mmoctl load $POL/cpu_only.bpf.o >/dev/null || fail "load cpu_only" ;;
			decline) mmoctl load $TPOL/decline.bpf.o >/dev/null || fail "load decline" ;;
			esac
			echo "BENCH,hook,$clock,$r,$cfg,$(run_moves)"
		done
		r=$((r + 1))
	done
	no_policy
fi
echo "BENCH-DONE"
