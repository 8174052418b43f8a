# reason_admission: only the admitted migration reasons reach the engine.
. /selftests/lib.sh
no_policy
# Default: demotion and promotion only, so move_pages(2) stays on the CPU.
run_expect 0 mmoctl load $POL/reason_admission.bpf.o
m0=$(row cpu-mt pages) c0=$(row cpu pages)
run_expect 0 mmo-migrate --mb 4
expect_eq $(( $(row cpu-mt pages) - m0 )) 0 "move_pages batches admitted by default"
expect_gt $(( $(row cpu pages) - c0 )) 0 "move_pages batches on the CPU"
# Admit MR_SYSCALL (move_pages) but not MR_MEMPOLICY_MBIND (mbind).
run_expect 0 mmoctl set offload_reasons=$((1 << 3))
m0=$(row cpu-mt pages)
run_expect 0 mmo-migrate --mb 4 --method move_pages
expect_gt $(( $(row cpu-mt pages) - m0 )) 0 "admitted move_pages batches on cpu-mt"
m0=$(row cpu-mt pages) c0=$(row cpu pages)
run_expect 0 mmo-migrate --mb 4 --method mbind
expect_eq $(( $(row cpu-mt pages) - m0 )) 0 "mbind batches on cpu-mt"
expect_gt $(( $(row cpu pages) - c0 )) 0 "mbind batches on the CPU"
