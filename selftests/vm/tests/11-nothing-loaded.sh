# Commands that need a loaded policy say there is none; a second load is refused.
. /selftests/lib.sh
no_policy
run_expect 8 mmoctl swap $POL/cpu_only.bpf.o
expect_in "$OUT" "nothing to swap"
run_expect 8 mmoctl set min_pages=3
run_expect 0 mmoctl load $POL/cpu_only.bpf.o
run_expect 9 mmoctl load $POL/threshold.bpf.o
expect_in "$OUT" "already loaded"
expect_eq "$(mmo policy)" cpu_only "policy"
