# Promotion benchmark, run inside the VM by run-bench.sh (busybox sh).
#
# usage: sh vm-promote.sh CLOCK [tiering] [cost]
#
# tiering: mmo-hotset (BENCH_PROMO_MB MiB on node 1, the first
#   BENCH_PROMO_HOT_MB hot) for BENCH_PROMO_SECS s per configuration, stock
#   (no policy) and tiering over BENCH_PROMO_CONFIGS ("limit_mbps/target_mbps/
#   guard" each), BENCH_PROMO_REPS times (in reverse order on even
#   repetitions, so that drift favours no configuration). The workload runs in a cgroup whose memory.reclaim is
#   written every second (BENCH_PROMO_RECLAIM), with demotion on, so pages
#   on node 0 are demoted and promoted ones can bounce. mmo-hotset samples
#   every page's node every BENCH_PROMO_SAMPLE_MS ms (move_pages(2) query);
#   a promotion and demotion within one interval is not seen.
#   BENCH,promote,CLOCK,REP,CONFIG,LIMIT,TARGET,GUARD,SECS,PROMOTED,CANDIDATES,
#     DEMOTED,UP,DOWN,PINGPONG,T90,T100,HOT_TOP,HOT
# cost: BENCH_PROMO_COST_PASSES passes over the hot set (no pressure), with
#   no policy, promote_stock (promote_tune only) and promote_stock_folio
#   (promote_tune and an allow-all promote_folio), BENCH_PROMO_COST_ROUNDS
#   rounds in rotating order:
#   BENCH,pcost,CLOCK,ROUND,CONFIG,HINT_FAULTS,PROMOTED,NS
. /selftests/lib.sh
clock=$1
shift
parts=${*:-tiering cost}

MB=${BENCH_PROMO_MB:-32}
HOT_MB=${BENCH_PROMO_HOT_MB:-8}
SECS=${BENCH_PROMO_SECS:-12}
SAMPLE_MS=${BENCH_PROMO_SAMPLE_MS:-200}
RECLAIM=${BENCH_PROMO_RECLAIM:-4M}
CONFIGS=${BENCH_PROMO_CONFIGS:-"256/4/1 256/16/1 256/64/1 256/256/1 64/16/1 256/16/0 256/16/2"}
REPS=${BENCH_PROMO_REPS:-3}
COST_PASSES=${BENCH_PROMO_COST_PASSES:-300000}
COST_ROUNDS=${BENCH_PROMO_COST_ROUNDS:-5}

# The same shortened periods as 25-promotion.sh: threshold period 2 s,
# scans from 100 ms on. This VM does nothing else, so nothing is restored.
D=/sys/kernel/debug/sched/numa_balancing
echo 100 > $D/scan_delay_ms
echo 100 > $D/scan_period_min_ms
echo 2000 > $D/scan_period_max_ms
demoted() { awk '$1 ~ /^pgdemote_/ { n += $2 } END { print n + 0 }' /proc/vmstat; }
restart_tiering() {
	echo 0 > /proc/sys/kernel/numa_balancing
	echo 2 > /proc/sys/kernel/numa_balancing
}
val() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

if echo "$parts" | grep -q tiering; then
	echo true > /sys/kernel/mm/numa/demotion_enabled
	echo +memory > /sys/fs/cgroup/cgroup.subtree_control
	mkdir -p /sys/fs/cgroup/bench
	order="stock $CONFIGS"
	reversed=
	for c in $order; do reversed="$c $reversed"; done
	rep=1
	while [ $rep -le $REPS ]; do
		[ $((rep % 2)) = 0 ] && cfgs=$reversed || cfgs=$order
		for cfg in $cfgs; do
			no_policy
			if [ $cfg = stock ]; then
				limit=- target=- guard=-
			else
				limit=${cfg%%/*} rest=${cfg#*/}
				target=${rest%/*} guard=${rest#*/}
				mmoctl load $POL/tiering.bpf.o --set limit_mbps=$limit \
					--set target_mbps=$target --set guard=$guard >/dev/null ||
					fail "load tiering $cfg"
			fi
			restart_tiering
			p0=$(vmstat pgpromote_success) c0=$(vmstat pgpromote_candidate) d0=$(demoted)
			rm -f /tmp/go
			sh -c 'echo $$ > /sys/fs/cgroup/bench/cgroup.procs && exec mmo-hotset "$@"' hot \
				--mb $MB --hot-mb $HOT_MB --seconds $SECS --sample-ms $SAMPLE_MS \
				--wait-file /tmp/go > /tmp/promo.out 2>&1 &
			pid=$!
			while ! grep -qs '^filled:' /tmp/promo.out; do
				kill -0 $pid 2>/dev/null || fail "mmo-hotset: $(cat /tmp/promo.out)"
				sleep 0.1
			done
			touch /tmp/go
			while kill -0 $pid 2>/dev/null; do
				echo $RECLAIM > /sys/fs/cgroup/bench/memory.reclaim 2>/dev/null
				sleep 1
			done
			wait $pid || fail "mmo-hotset $cfg: $(cat /tmp/promo.out)"
			grep -q '^content_errors=0$' /tmp/promo.out || fail "content $cfg"
			s=$(grep '^sample:' /tmp/promo.out)
			e=$(grep '^end:' /tmp/promo.out | sed 's/.*hot_top=\([0-9]*\)\/\([0-9]*\).*/\1 \2/')
			echo "BENCH,promote,$clock,$rep,$cfg,$limit,$target,$guard,$SECS,$(( $(vmstat pgpromote_success) - p0 )),$(( $(vmstat pgpromote_candidate) - c0 )),$(( $(demoted) - d0 )),$(val "$s" up),$(val "$s" down),$(val "$s" pingpong),$(val "$s" t90),$(val "$s" t100),${e% *},${e#* }"
		done
		rep=$((rep + 1))
	done
	no_policy
	echo false > /sys/kernel/mm/numa/demotion_enabled
fi

if echo "$parts" | grep -q cost; then
	r=1
	while [ $r -le $COST_ROUNDS ]; do
		for cfg in $(rotation $r detached tune folio); do
			no_policy
			case $cfg in
			tune) mmoctl load $TPOL/promote_stock.bpf.o >/dev/null || fail "load promote_stock" ;;
			folio) mmoctl load $TPOL/promote_stock_folio.bpf.o >/dev/null || fail "load promote_stock_folio" ;;
			esac
			restart_tiering
			h0=$(vmstat numa_hint_faults) p0=$(vmstat pgpromote_success)
			out=$(mmo-hotset --mb $MB --hot-mb $HOT_MB --passes $COST_PASSES 2>&1) ||
				fail "mmo-hotset cost $cfg: $out"
			echo "$out" | grep -q '^content_errors=0$' || fail "content cost $cfg"
			ns=$(echo "$out" | sed -n 's/^run: .*ns=\([0-9]*\).*/\1/p')
			echo "BENCH,pcost,$clock,$r,$cfg,$(( $(vmstat numa_hint_faults) - h0 )),$(( $(vmstat pgpromote_success) - p0 )),$ns"
		done
		r=$((r + 1))
	done
	no_policy
fi
echo "BENCH-DONE"
