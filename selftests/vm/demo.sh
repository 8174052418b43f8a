# The main job (make run): load a policy, migrate real memory between the
# tiers, show what the policy decided, swap policies live, show the change.
. /selftests/lib.sh
echo
echo "=== mm-offload demo: patched Linux $(uname -r) under QEMU TCG"
for d in /sys/devices/virtual/memory_tiering/memory_tier*; do
	echo "    $(basename $d): nodes $(cat $d/nodelist)"
done
echo
echo "=== mmoctl load threshold (offload batches of >= min_pages pages)"
mmoctl load $POL/threshold.bpf.o || exit 1
mmoctl status
echo
echo "=== workload: 32 MiB node 0 -> 1 with move_pages(2), 16 MiB there and back"
echo "    with mbind(MPOL_MF_MOVE), and ten 64 KiB moves (16-page batches)"
mmo-migrate --mb 32 --method move_pages || exit 1
mmo-migrate --mb 16 --method mbind --loops 2 || exit 1
i=0; while [ $i -lt 10 ]; do mmo-migrate --kb 64 >/dev/null || exit 1; i=$((i + 1)); done
echo
echo "=== what threshold decided: batches of >= 32 pages to dsa where present, else"
echo "    cpu-mt (no DSA in this VM); smaller ones to cpu. The executor copied them."
mmoctl stats
for r in $ROWS; do eval "t_$(echo $r | tr - _)=$(row $r pages)"; done
echo
echo "=== mmoctl swap cpu_only (atomic, through the pinned link), same workload"
mmoctl swap $POL/cpu_only.bpf.o || exit 1
mmo-migrate --mb 32 --method move_pages >/dev/null || exit 1
mmo-migrate --mb 16 --method mbind --loops 2 >/dev/null || exit 1
i=0; while [ $i -lt 10 ]; do mmo-migrate --kb 64 >/dev/null || exit 1; i=$((i + 1)); done
mmoctl stats
for r in $ROWS; do eval "c_$(echo $r | tr - _)=$(row $r pages)"; done
echo
echo "=== mmoctl swap threshold --set offload_engine=dsa-sim: the same workload on"
echo "    the simulated DSA device (a test device: its timings are a model)"
mmoctl swap $POL/threshold.bpf.o --set offload_engine=dsa-sim || exit 1
mmo-migrate --mb 32 --method move_pages >/dev/null || exit 1
mmo-migrate --mb 16 --method mbind --loops 2 >/dev/null || exit 1
i=0; while [ $i -lt 10 ]; do mmo-migrate --kb 64 >/dev/null || exit 1; i=$((i + 1)); done
mmoctl stats
echo "    the device's queue: $(tr '\n' ' ' < /sys/kernel/debug/mm_offload/dsa-sim/stats)"
echo
echo "=== the change: pages per engine decided by each policy on the same workload"
printf '    %-8s %12s %12s %16s\n' engine threshold cpu_only "threshold+dsa-sim"
for r in $ROWS; do
	v=$(echo $r | tr - _)
	eval "t=\$t_$v c=\$c_$v"
	printf '    %-8s %12d %12d %16d\n' $r $t $((c - t)) $(( $(row $r pages) - c ))
done
mmoctl unload
