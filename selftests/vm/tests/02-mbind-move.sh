# The same with mbind(MPOL_MF_MOVE), there and back, with 4K pages and THP.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/threshold.bpf.o
for thp in "" --thp; do
	s0=$(vmstat pgmigrate_success) m0=$(rows_total moved_pages)
	run_expect 0 mmo-migrate --mb 16 --method mbind --from 0 --to 1 --loops 2 $thp
	s1=$(vmstat pgmigrate_success) m1=$(rows_total moved_pages)
	note "mbind $thp: pgmigrate_success +$((s1 - s0)), policy moved_pages +$((m1 - m0))"
	expect_eq $((s1 - s0)) 8192 "pgmigrate_success delta (16 MiB moved twice)"
	expect_eq $((m1 - m0)) $((s1 - s0)) "policy counters vs pgmigrate_success"
done
