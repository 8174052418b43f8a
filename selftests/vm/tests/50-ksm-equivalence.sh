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
ksm_setup
sim_reset
CONFIGS=${MMO_KSM_CONFIGS:-"stock 1/cpu 2/cpu 16/cpu 256/cpu 1024/cpu 2/dsa-sim 16/dsa-sim 256/dsa-sim 1024/dsa-sim"}
for cfg in $CONFIGS; do
	no_policy
	batch=1 engine=cpu
	if [ $cfg != stock ]; then
		batch=${cfg%/*} engine=${cfg#*/}
		ksm_fixed $batch $engine
	fi
	b0=$(ksm_stat batches) s0=$(ksm_stat serial_rounds) r0=$(ksm_stat batched_rounds)
	cj0=$(ksm_stat csum_jobs) cc0=$(ksm_stat csum_cpu) lv0=$(( $(ksm_stat stable_levels) + $(ksm_stat unstable_levels) ))
	echo 0 > $SIM/stats
	ksm_eq $cfg
	batches=$(( $(ksm_stat batches) - b0 ))
	levels=$(( $(ksm_stat stable_levels) + $(ksm_stat unstable_levels) - lv0 ))
	note "$cfg: pages_shared/pages_sharing $(res_val pages_shared)/$(res_val pages_sharing), batches $batches, compare levels $levels, dsa-sim descriptors $(sim_stat descs)"
	if [ $batch -gt 1 ]; then
		expect_gt $batches 0 "$cfg: batches the batched scan ran"
		expect_gt $levels 0 "$cfg: lock-step compare levels"
		expect_eq $(( $(ksm_stat serial_rounds) - s0 )) 0 "$cfg: serial rounds"
		if [ $engine = dsa-sim ]; then
			expect_gt $(( $(ksm_stat csum_jobs) - cj0 )) 0 "$cfg: CRC jobs"
			expect_gt "$(sim_stat descs)" 0 "$cfg: descriptors dsa-sim ran"
		else
			expect_gt $(( $(ksm_stat csum_cpu) - cc0 )) 0 "$cfg: batches checksummed by xxhash"
			expect_eq "$(sim_stat descs)" 0 "$cfg: descriptors dsa-sim ran"
		fi
	else
		expect_eq $batches 0 "$cfg: batches"
		expect_eq $(( $(ksm_stat batched_rounds) - r0 )) 0 "$cfg: batched rounds"
	fi
done
no_policy
ksm_restore
