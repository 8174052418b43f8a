# Unload returns to the stock kernel: nothing is counted, migration still works.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/threshold.bpf.o
run_expect 0 mmoctl unload
expect_eq "$(mmo state)" none "state"
expect_eq "$(mmo policy)" none "policy"
[ -e /sys/fs/bpf/mm_offload/link ] && fail "link pin left behind"
c0=$(mmo migrate/calls) m0=$(rows_total moved_pages) s0=$(vmstat pgmigrate_success)
run_expect 0 mmo-migrate --mb 8 --loops 2
c1=$(mmo migrate/calls) m1=$(rows_total moved_pages) s1=$(vmstat pgmigrate_success)
expect_eq $((s1 - s0)) 4096 "pgmigrate_success delta"
expect_eq $((c1 - c0)) 0 "policy calls with no policy"
expect_eq $((m1 - m0)) 0 "pages counted with no policy"
run_expect 8 mmoctl unload
expect_in "$OUT" "nothing to unload"
