# KSM: the serial scan and the batched scan (Para-ksmC) end with the same
# pages_shared and pages_sharing after the same number of full scans, on a
# workload whose answer is known (mmo-ksm-eq: three processes; zero pages,
# duplicates next to each other and across processes, pages that change
# between scans, unique pages, and late twins of stable pages). Every page's
# content is checked after copy-on-write writes to merged pages.
#
# Configurations: stock (no policy), the ksm_fixed test policy at batch 1
# (the serial path through the hook), and batch 2, 16, 256 and 1024 with
# checksums and compares on cpu and on dsa-sim.
. /selftests/lib.sh
K=/sys/kernel/mm/ksm
saved="$(cat $K/run) $(cat $K/pages_to_scan) $(cat $K/sleep_millisecs) $(cat $K/smart_scan)"
# smart_scan skips pages that did not merge for a growing number of scans;
# off, every page is looked at in every scan and the answer is exact.
echo 0 > $K/smart_scan
echo 2048 > $K/pages_to_scan
echo 10 > $K/sleep_millisecs

CONFIGS=${MMO_KSM_CONFIGS:-"stock fixed/1/cpu fixed/2/cpu fixed/16/cpu fixed/256/cpu fixed/1024/cpu fixed/2/dsa-sim fixed/16/dsa-sim fixed/256/dsa-sim fixed/1024/dsa-sim"}
ref=
for cfg in $CONFIGS; do
	no_policy
	if [ $cfg != stock ]; then
		rest=${cfg#fixed/}
		batch=${rest%/*} engine=${rest#*/}
		mmoctl load $TPOL/ksm_fixed.bpf.o --set batch=$batch --set csum_engine=$engine \
			--set cmp_engine=$engine >/dev/null ||
			fail "load ksm_fixed batch=$batch engine=$engine"
	fi
	b0=$(ksm_stat batches)
	echo 2 > $K/run		# unmerge everything left from the last run
	echo 1 > $K/run
	out=$(mmo-ksm-eq --procs 3 --pages 512 --kinds 16 --settle 3 2>&1)
	rc=$?
	echo "$out" | sed 's/^/    | /'
	[ $rc = 0 ] || fail "$cfg: mmo-ksm-eq exited $rc"
	v() { echo "$out" | tail -1 | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	expect_eq "$(v content_errors)" 0 "$cfg: content errors"
	got="$(v pages_shared)/$(v pages_sharing)"
	expect_eq "$got" "$(v expect_shared)/$(v expect_sharing)" "$cfg: pages_shared/pages_sharing"
	if [ $cfg != stock ] && [ "$batch" -gt 1 ]; then
		expect_gt $(( $(ksm_stat batches) - b0 )) 0 "$cfg: batches the batched scan ran"
	fi
	note "$cfg: pages_shared/pages_sharing $got, batches $(( $(ksm_stat batches) - b0 ))"
done
no_policy
echo 2 > $K/run
set -- $saved
echo $2 > $K/pages_to_scan
echo $3 > $K/sleep_millisecs
echo $4 > $K/smart_scan
echo $1 > $K/run
