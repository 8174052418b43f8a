# Tunables are set at load and live, read back, checked, and take effect.
. /selftests/lib.sh
no_policy
run_expect 7 mmoctl load $POL/threshold.bpf.o --set min_pages=9999
expect_in "$OUT" "outside \[1, 512\]"
run_expect 6 mmoctl load $POL/threshold.bpf.o --set nope=1
expect_in "$OUT" "unknown tunable 'nope'"
expect_eq "$(mmo state)" none "state after refused loads"

run_expect 0 mmoctl load $POL/threshold.bpf.o --set min_pages=512 --set offload_engine=cpu-mt
run_expect 0 mmoctl status --json
expect_in "$OUT" '"min_pages": 512'
expect_in "$OUT" '"offload_engine": 1'

# 1 MiB = 256 pages per batch: below min_pages=512, so the CPU copies it.
p0=$(row cpu-mt pages) c0=$(row cpu pages)
run_expect 0 mmo-migrate --mb 1
expect_eq $(( $(row cpu-mt pages) - p0 )) 0 "cpu-mt pages with min_pages=512"
expect_gt $(( $(row cpu pages) - c0 )) 0 "cpu pages with min_pages=512"

run_expect 0 mmoctl set min_pages=1
run_expect 0 mmoctl status --json
expect_in "$OUT" '"min_pages": 1'
p0=$(row cpu-mt pages)
run_expect 0 mmo-migrate --mb 1
expect_gt $(( $(row cpu-mt pages) - p0 )) 0 "cpu-mt pages with min_pages=1"

run_expect 7 mmoctl set min_pages=0
run_expect 7 mmoctl set min_pages=abc
run_expect 7 mmoctl set offload_engine=cpu
run_expect 6 mmoctl set nope=3
run_expect 0 mmoctl status
expect_in "$OUT" "min_pages = 1 "
