# Swap threshold <-> cpu_only 20 times while pages move back and forth: no
# migration fails, no content changes, and the decisions follow the policy.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/threshold.bpf.o
sw0=$(mmo swaps)
mmo-migrate --mb 8 --method move_pages --loops 400 > /tmp/wl.out 2>&1 &
wl=$!
i=0
while [ $i -lt 10 ]; do
	mmoctl swap $POL/cpu_only.bpf.o >/dev/null || fail "swap to cpu_only"
	expect_eq "$(mmo policy)" cpu_only "policy after swap"
	mmoctl swap $POL/threshold.bpf.o >/dev/null || fail "swap to threshold"
	expect_eq "$(mmo policy)" threshold "policy after swap"
	i=$((i + 1))
done
kill -0 $wl 2>/dev/null || note "workload ended before the swaps did (raise --loops)"
wait $wl
wrc=$?
cat /tmp/wl.out | sed 's/^/    | /'
expect_eq $wrc 0 "workload exit status (failed pages or content errors)"
expect_eq $(( $(mmo swaps) - sw0 )) 20 "swaps counted"
expect_eq "$(mmo state)" attached "state"

# The decisions switch with the policy.
mmoctl swap $POL/cpu_only.bpf.o >/dev/null
c0=$(row cpu pages) d0=$(row dsa pages)
run_expect 0 mmo-migrate --mb 4
c1=$(row cpu pages) d1=$(row dsa pages)
expect_gt $((c1 - c0)) 0 "cpu_only: cpu pages"
expect_eq $((d1 - d0)) 0 "cpu_only: dsa pages"
mmoctl swap $POL/threshold.bpf.o >/dev/null
run_expect 0 mmo-migrate --mb 4
d2=$(row dsa pages)
expect_gt $((d2 - d1)) 0 "threshold: dsa pages"
