# Swap threshold <-> cpu_only 20 times while pages move back and forth: no
# migration fails, no content changes, and the decisions follow the policy.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/threshold.bpf.o
sw0=$(mmo swaps) f0=$(vmstat pgmigrate_fail)
rm -f /tmp/stop
mmo-migrate --mb 8 --method move_pages --loops 2 --until /tmp/stop > /tmp/wl.out 2>&1 &
wl=$!
c0=$(row cpu batches) d0=$(row cpu-mt batches)
i=0
while [ $i -lt 10 ]; do
	mmoctl swap $POL/cpu_only.bpf.o >/dev/null || fail "swap to cpu_only"
	expect_eq "$(mmo policy)" cpu_only "policy after swap"
	sleep 0.2
	mmoctl swap $POL/threshold.bpf.o >/dev/null || fail "swap to threshold"
	expect_eq "$(mmo policy)" threshold "policy after swap"
	sleep 0.2
	i=$((i + 1))
done
kill -0 $wl 2>/dev/null || fail "the workload ended before the swaps did"
touch /tmp/stop
note "during the swaps: cpu batches +$(( $(row cpu batches) - c0 )), cpu-mt batches +$(( $(row cpu-mt batches) - d0 ))"
expect_gt $(( $(row cpu batches) - c0 )) 0 "batches cpu_only decided while swapping"
expect_gt $(( $(row cpu-mt batches) - d0 )) 0 "batches threshold decided while swapping"
wait $wl
wrc=$?
cat /tmp/wl.out | sed 's/^/    | /'
expect_eq $wrc 0 "workload exit status (failed pages or content errors)"
expect_eq $(( $(vmstat pgmigrate_fail) - f0 )) 0 "pgmigrate_fail during the swaps"
expect_eq $(( $(mmo swaps) - sw0 )) 20 "swaps counted"
expect_eq "$(mmo state)" attached "state"

# The decisions switch with the policy, batch for batch.
mmoctl swap $POL/cpu_only.bpf.o >/dev/null
c0=$(row cpu pages) d0=$(row cpu-mt pages)
run_expect 0 mmo-migrate --mb 4
c1=$(row cpu pages) d1=$(row cpu-mt pages)
expect_gt $((c1 - c0)) 0 "cpu_only: cpu pages"
expect_eq $((d1 - d0)) 0 "cpu_only: cpu-mt pages"
mmoctl swap $POL/threshold.bpf.o >/dev/null
run_expect 0 mmo-migrate --mb 4
d2=$(row cpu-mt pages)
expect_gt $((d2 - d1)) 0 "threshold: cpu-mt pages"
