# A copy the executor made is used once. debugfs fail_copied_move writes a
# mark into a source after the executor copied it and fails that move with
# -EAGAIN, as a lockless pin (memfd_pin_folios()) whose device wrote the
# page would; migrate_pages() then retries. The retry must copy afresh: the
# write must arrive on the new node. Recording the copy again for the retry
# (as the first version did) commits the stale copy and loses the write.
. /selftests/lib.sh
F=/sys/kernel/debug/mm_offload/fail_copied_move
[ -d $F ] || fail "no $F (CONFIG_FAULT_INJECTION_DEBUG_FS?)"
echo 0 > $F/verbose
arm() { echo 0 > $F/space; echo 1 > $F/interval; echo 100 > $F/probability; echo "$1" > $F/times; }
disarm() { echo 0 > $F/probability; echo 0 > $F/times; }
trap disarm EXIT
for e in cpu cpu-mt dsa-sim; do
	use_fixed $e 32
	for kind in anon shmem thp; do
		case $kind in
		anon) args="--mb 2"; marks=3 ;;
		shmem) args="--mb 2 --shmem"; marks=3 ;;
		thp) args="--mb 4 --thp"; marks=2 ;;	# one mark per 2 MiB folio
		esac
		b0=$(eng $e bytes)
		arm 3
		out=$(mmo-migrate $args --loops 1 --expect-mark $marks 2>&1)
		rc=$?
		left=$(cat $F/times)
		disarm
		note "$e $kind: $out (fault left $left)"
		[ $rc = 0 ] || fail "$e $kind: the write made after the executor's copy was lost: $out"
		expect_gt $(( $(eng $e bytes) - b0 )) 0 "$e $kind: bytes the engine copied"
		[ $kind = thp ] || expect_eq "$left" 0 "$e $kind: faults left unused"
	done
done
# No policy: nothing is copied early, so the fault point is never reached.
no_policy
arm 3
out=$(mmo-migrate --mb 2 --loops 1 --expect-mark 0 2>&1) || fail "no policy: $out"
expect_eq "$(cat $F/times)" 3 "no policy: faults used"
