# Invalid decisions are counted and their batches take the stock path, with
# every page intact; declined batches take it too, without being invalid.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $TPOL/decline.bpf.o --set invalid_every=1
i0=$(mmo migrate/invalid) c0=$(mmo migrate/calls) st0=$(row stock moved_pages) s0=$(vmstat pgmigrate_success)
run_expect 0 mmo-migrate --mb 8
i1=$(mmo migrate/invalid) c1=$(mmo migrate/calls) st1=$(row stock moved_pages) s1=$(vmstat pgmigrate_success)
expect_gt $((c1 - c0)) 0 "calls"
expect_eq $((i1 - i0)) $((c1 - c0)) "every decision invalid"
expect_eq $((st1 - st0)) $((s1 - s0)) "stock row moved every page"

run_expect 0 mmoctl set invalid_every=0
run_expect 0 mmo-migrate --mb 8
expect_eq "$(mmo migrate/invalid)" $i1 "declined batches are not invalid"
