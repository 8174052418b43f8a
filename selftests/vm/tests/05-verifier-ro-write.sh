# A policy writing a read-only context field is rejected with the reason.
. /selftests/lib.sh
no_policy
run_expect 5 mmoctl load $TPOL/bad_write_ro.bpf.o
expect_in "$OUT" "mmo_migrate_ctx.nr_pages is read-only"
expect_in "$OUT" "verifier rejected"
expect_eq "$(mmo state)" none "state"
