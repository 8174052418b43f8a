# bpftool (built from the kernel tree) lists the loaded policy.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/threshold.bpf.o
run_expect 0 bpftool struct_ops show
expect_in "$OUT" "threshold[[:space:]]+mm_offload_ops"
run_expect 0 mmoctl swap $POL/cpu_only.bpf.o
run_expect 0 bpftool struct_ops show
expect_in "$OUT" "cpu_only[[:space:]]+mm_offload_ops"
