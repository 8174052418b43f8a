# Policies the kernel must refuse, each with a message that names the
# cause: a sleepable program on a hook that runs under locks, a non-GPL
# program, and (05) a write to a read-only context field. Nothing attaches.
. /selftests/lib.sh
no_policy
run_expect 5 mmoctl load $TPOL/sleepable_hook.bpf.o
expect_in "$OUT" "attach to unsupported member migrate_batch"
expect_in "$OUT" "sleepable_migrate_batch is sleepable .*only init and exit may sleep"
expect_eq "$(mmo state)" none "state after the sleepable policy"
run_expect 5 mmoctl load $TPOL/non_gpl.bpf.o
expect_in "$OUT" "must have a GPL compatible license"
expect_eq "$(mmo state)" none "state after the non-GPL policy"
# A swap to a refused policy leaves the loaded one in place.
run_expect 0 mmoctl load $POL/cpu_only.bpf.o
run_expect 5 mmoctl swap $TPOL/sleepable_hook.bpf.o
expect_eq "$(mmo policy)" cpu_only "policy after a refused swap"
