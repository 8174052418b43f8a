# Engines that fail items (debugfs fault injection): the CPU redoes those
# items, nothing is corrupted, and the counters and the feedback show it.
. /selftests/lib.sh
no_policy
F=/sys/kernel/debug/mm_offload
[ -d $F/cpu-mt/fail_item ] || fail "no fault injection in this kernel"
for e in cpu cpu-mt; do
	use_fixed $e 7
	echo 25 > $F/$e/fail_item/probability
	echo -1 > $F/$e/fail_item/times
	fb0=$(eng $e fallbacks) er0=$(eng $e errors) df0=$(pol_val done_failures)
	run_expect 0 mmo-migrate --mb 8 --loops 4
	echo 0 > $F/$e/fail_item/probability
	fb=$(( $(eng $e fallbacks) - fb0 )) er=$(( $(eng $e errors) - er0 ))
	df=$(( $(pol_val done_failures) - df0 ))
	note "$e: engine errors +$er, CPU fallbacks +$fb, migrate_done failures +$df"
	expect_gt $er 0 "$e: injected errors"
	expect_eq $fb $er "$e: every failed item redone by the CPU"
	expect_eq $df $fb "$e: feedback failures"
	mmoctl unload >/dev/null
done
