# Writers racing migration: threads rewrite their pages (4K anonymous, THP,
# shmem) while other threads move the same pages between the nodes, and
# each writer checks, before every write, that its page still holds what it
# wrote last. Under no policy and every migration policy (the CPU, cpu-mt
# and dsa-sim engines copy at the move: label, with every source unmapped).
. /selftests/lib.sh
SECS=${MMO_RACE_SECS:-3}
for pol in $MIGRATE_POLICIES; do
	use_policy $pol
	b0=$(rows_total batches)
	for kind in anon thp shmem; do
		s0=$(vmstat pgmigrate_success)
		out=$(mmo-race --kind $kind --mb 4 --writers 2 --movers 1 --seconds $SECS 2>&1) ||
			fail "$pol $kind: $out"
		note "$pol $kind: $out"
		expect_in "$out" "content_errors=0 "
		expect_gt $(( $(vmstat pgmigrate_success) - s0 )) 0 "$pol $kind: pages migrated"
	done
	if [ $pol != none ]; then
		expect_gt $(( $(rows_total batches) - b0 )) 0 "$pol: batches the policy decided"
	fi
done
