# Without CAP_BPF/CAP_SYS_ADMIN nothing can be loaded, swapped or unloaded:
# mmoctl says so, and so does the kernel when mmoctl's own check is skipped.
. /selftests/lib.sh
no_policy
run_expect 3 mmo-runas 65534 mmoctl load $POL/threshold.bpf.o
expect_in "$OUT" "not permitted"
run_expect 3 env MMOCTL_SKIP_CAP_CHECK=1 mmo-runas 65534 mmoctl load $POL/threshold.bpf.o
expect_in "$OUT" "kernel refused"
expect_eq "$(mmo state)" none "state after unprivileged load"

run_expect 0 mmoctl load $POL/threshold.bpf.o
run_expect 3 mmo-runas 65534 mmoctl swap $POL/cpu_only.bpf.o
run_expect 3 mmo-runas 65534 mmoctl unload
run_expect 3 env MMOCTL_SKIP_CAP_CHECK=1 mmo-runas 65534 mmoctl unload
expect_eq "$(mmo policy)" threshold "policy after unprivileged swap/unload"
# Nor can it reach the pinned link itself, nor change the ejection rules.
mmo-runas 65534 cat /sys/fs/bpf/mm_offload/link >/dev/null 2>&1 && fail "nobody opened the pinned link"
run_expect 2 mmo-runas 65534 mmo-swapper 1 0 $POL/cpu_only.bpf.o
expect_in "$OUT" "cannot load"
mmo-runas 65534 sh -c "echo 1 > $MMO/eject/invalid_max" 2>/dev/null && fail "nobody changed eject/invalid_max"
expect_eq "$(mmo policy)" threshold "policy after the unprivileged attempts"
# Reading is allowed.
run_expect 0 mmo-runas 65534 mmoctl stats
