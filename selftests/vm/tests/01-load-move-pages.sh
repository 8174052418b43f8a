# Load threshold, migrate 32 MiB node 0 -> 1 with move_pages(2): the policy
# is called, its counters match pgmigrate_success, every page keeps its content.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/threshold.bpf.o
expect_eq "$(mmo policy)" threshold "policy"
expect_eq "$(mmo state)" attached "state"

s0=$(vmstat pgmigrate_success) m0=$(rows_total moved_pages) c0=$(mmo migrate/calls)
d0=$(row cpu-mt pages)
run_expect 0 mmo-migrate --mb 32 --method move_pages --from 0 --to 1
s1=$(vmstat pgmigrate_success) m1=$(rows_total moved_pages) c1=$(mmo migrate/calls)
d1=$(row cpu-mt pages)

note "pgmigrate_success +$((s1 - s0)), policy moved_pages +$((m1 - m0)), calls +$((c1 - c0))"
expect_gt $((c1 - c0)) 0 "migrate_batch calls"
expect_eq $((s1 - s0)) 8192 "pgmigrate_success delta (32 MiB of 4K pages)"
expect_eq $((m1 - m0)) $((s1 - s0)) "policy counters vs pgmigrate_success"
expect_gt $((d1 - d0)) 0 "pages threshold sent to cpu-mt (no DSA here)"
expect_eq "$(mmo migrate/invalid)" 0 "invalid decisions"
mmoctl stats
