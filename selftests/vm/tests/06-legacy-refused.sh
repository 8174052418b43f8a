# Map-only (non-link) registration is refused by the kernel, and by mmoctl.
. /selftests/lib.sh
no_policy
run_expect 0 mmo-legacy-attach $TPOL/legacy.bpf.o
expect_in "$OUT" "refused: Operation not supported"
expect_eq "$(mmo state)" none "state"
run_expect 10 mmoctl load $TPOL/legacy.bpf.o
expect_in "$OUT" "struct_ops.link"
