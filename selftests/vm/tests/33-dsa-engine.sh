# The real DSA engine is built into the test kernel and registered with
# the idxd bus as the "mm_offload" work-queue driver; with no DSA device in
# the VM it binds to nothing, is shown unavailable, and a policy that
# chooses it is corrected to the stock path, counted, and ejected.
. /selftests/lib.sh
no_policy
[ -d /sys/bus/dsa/drivers/mm_offload ] || fail "no mm_offload driver on the idxd bus"
expect_eq "$(eng dsa available)" 0 "dsa available without a device"
use_fixed dsa 0
inv0=$(mmo migrate/invalid)
run_expect 0 mmo-migrate --mb 2 --loops 1
expect_gt $(( $(mmo migrate/invalid) - inv0 )) 0 "batches for an absent dsa counted invalid"
expect_eq "$(eng dsa batches)" 0 "dsa submissions"
sleep 1
expect_eq "$(mmo state)" ejected "a policy choosing the absent dsa"
