# The kernel's own mm selftests under every policy, each case compared with
# stock (no policy) in the same boot: see ../ksft.sh. make test runs the
# hugetlb and mlock programs; make test-ksft (MMO_KSFT_FULL=1) adds the THP
# and KSM ones under every THP mode, KSM's smart scan and its advisor. Their
# run time under TCG is not measured yet (more than 15 minutes), so CI does
# not run them.
. /selftests/ksft.sh
KSM=/sys/kernel/mm/ksm
hp_set 0 64
hp_set 1 32
ksft_run hugepage-mremap - ./hugepage-mremap
ksft_run hugetlb-madvise - ./hugetlb-madvise
ksft_run mlock2-tests - ./mlock2-tests
if [ "${MMO_KSFT_FULL:-0}" = 1 ]; then
	for mode in never madvise always; do
		ksft_run split_huge_page_test $mode ./split_huge_page_test
		ksft_run ksm_tests-M $mode ./ksm_tests -M -p 10
		ksft_run ksm_functional_tests $mode ./ksm_functional_tests
	done
	ksft_run ksm_tests-Z-z0 - ./ksm_tests -Z -p 10 -z 0
	ksft_run ksm_tests-Z-z1 - ./ksm_tests -Z -p 10 -z 1
	ksft_run ksm_tests-N-m0 - ./ksm_tests -N -m 0
	ksft_run ksm_tests-N-m1 - ./ksm_tests -N -m 1
	ksft_run ksm_tests-U - ./ksm_tests -U
	# KSM's own defaults: smart scan on, and the advisor.
	echo 1 > $KSM/smart_scan
	for adv in none scan-time; do
		echo $adv > $KSM/advisor_mode || fail "advisor_mode $adv"
		ksft_run ksm_functional_tests-advisor=$adv - ./ksm_functional_tests
	done
	echo none > $KSM/advisor_mode
	for mode in madvise always; do
		ksft_run transhuge-stress $mode ./transhuge-stress -d 2 64
	done
fi
hp_set 0 0
hp_set 1 0
[ $ksft_failed = 0 ] || fail "$ksft_failed cells differ from stock"
