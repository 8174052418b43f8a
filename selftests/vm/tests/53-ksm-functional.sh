# The kernel's own KSM functional tests (tools/testing/selftests/mm/
# ksm_functional_tests, built from the patched tree) with paraksm attached:
# batch 256, checksums and compares on dsa-sim. Every test the binary runs
# must pass; the ones it skips are listed and not counted as passes.
# (test_prctl_fork_exec execs the binary again, whose own "# Totals" line
# comes first; the last one is the parent's.)
. /selftests/lib.sh
sim_reset
no_policy
ksm_setup	# ksm_restore undoes what the binary changes (use_zero_pages)
run_expect 0 mmoctl load $POL/paraksm.bpf.o
b0=$(ksm_stat batches)
echo 2 > $KSM/run
OUT=$(ksm_functional_tests 2>&1)
rc=$?
echo "$OUT" | sed 's/^/    | /'
expect_eq $rc 0 "ksm_functional_tests exit status"
totals=$(echo "$OUT" | grep "^# Totals:" | tail -1)
expect_in "$totals" "fail:0 "
expect_in "$totals" "error:0"
# The VM config has what each case needs (CONFIG_USERFAULTFD for uffd-wp).
expect_in "$totals" "skip:0 "
passed=$(echo "$totals" | sed 's/.* pass:\([0-9]*\).*/\1/')
expect_gt "$passed" 0 "ksm_functional_tests passed"
echo "$OUT" | grep '^ok .* # SKIP' | sed 's/^/  skipped: /'
note "ksm_functional_tests: $totals; paraksm batches +$(( $(ksm_stat batches) - b0 ))"
expect_eq "$(mmo state)" attached "paraksm still attached"
expect_eq "$(mmo policy)" paraksm "policy"
no_policy
ksm_restore
