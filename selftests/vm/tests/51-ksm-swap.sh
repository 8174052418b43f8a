# KSM: policies swapped in the middle of full scans. A full scan here spans
# many ksmd rounds (pages_to_scan 64), and every 0.1 s the policy changes
# between the batched scan (ksm_fixed 256 on cpu, 1024 on dsa-sim, paraksm)
# and the serial one (ksm_fixed 1, and no policy), through mmo-ksm-eq's
# phases. Each change of checksum engine (xxhash <-> CRC-32C) makes pages
# wait a scan, so the swaps stop when its settling scans begin: then it
# must end with exactly the expected merges and right content. Then the
# same swaps run under mmo-ksm's random copy-on-write churn, with content
# checks.
. /selftests/lib.sh
ksm_setup 64
sim_reset
no_policy

# swapper FILE: swap round the configurations until FILE exists.
swapper() {
	n=0
	while [ ! -e $1 ]; do
		case $((n % 5)) in
		0) ksm_fixed 256 cpu ;;
		1) ksm_fixed 1 cpu ;;
		2) ksm_fixed 1024 dsa-sim ;;
		3) mmoctl swap $POL/paraksm.bpf.o >/dev/null || fail "swap to paraksm" ;;
		4) no_policy ;;
		esac
		n=$((n + 1))
		sleep 0.1
	done
	echo $n > $1.swaps
}

# Whatever fails, the swapper stops.
trap 'touch /tmp/stop' EXIT
s0=$(ksm_stat serial_rounds) r0=$(ksm_stat batched_rounds) sw0=$(mmo swaps)
rm -f /tmp/stop /tmp/stop.swaps
swapper /tmp/stop &
sp=$!
KSM_EQ_ARGS="--settle-file /tmp/stop" ksm_eq "swapping"
wait $sp
note "while mmo-ksm-eq ran: $(cat /tmp/stop.swaps) policy changes, serial rounds +$(( $(ksm_stat serial_rounds) - s0 )), batched rounds +$(( $(ksm_stat batched_rounds) - r0 ))"
expect_gt $(( $(ksm_stat serial_rounds) - s0 )) 0 "serial rounds while swapping"
expect_gt $(( $(ksm_stat batched_rounds) - r0 )) 0 "batched rounds while swapping"
expect_gt $(( $(mmo swaps) - sw0 )) 0 "atomic swaps"

# Random copy-on-write churn over merged pages while the policies change.
rm -f /tmp/stop /tmp/stop.swaps /tmp/churn
mmo-ksm --mb 8 --until /tmp/churn > /tmp/ksm.out 2>&1 &
wl=$!
swapper /tmp/stop &
sp=$!
sleep 8
touch /tmp/stop
wait $sp
sharing=$(cat $KSM/pages_sharing)
touch /tmp/churn
wait $wl || { cat /tmp/ksm.out; fail "mmo-ksm: content errors"; }
sed 's/^/    | /' /tmp/ksm.out
note "under churn: $(cat /tmp/stop.swaps) policy changes, pages_sharing $sharing at the end"
expect_gt $sharing 0 "pages merged under churn"
grep -q 'content_errors=0' /tmp/ksm.out || fail "mmo-ksm content errors"
no_policy
ksm_restore
