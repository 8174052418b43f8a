# Jobs are split at the WQ's max_batch_size and max_transfer_size, and no
# more top-level descriptors are outstanding than the WQ holds: the device
# model refuses anything else (DESC_CNT_ERANGE, XFER_ERANGE), so a wrong
# split would show as failed descriptors and CPU fallbacks.
. /selftests/lib.sh
no_policy
sim_reset
# case BATCH WQ XFER COUNT SUBMISSIONS BATCHES
check_split() {
	echo $1 > $SIM/max_batch_size
	echo $2 > $SIM/wq_size
	echo 0 > $SIM/stats
	exec_test dsa-sim copy random $4
	expect_eq "$(res_val fallbacks)" 0 "batch $1 wq $2: CPU fallbacks"
	expect_eq "$(sim_stat submissions)" $5 "batch $1 wq $2: submissions"
	expect_eq "$(sim_stat batches)" $6 "batch $1 wq $2: BATCH descriptors"
	expect_eq "$(sim_stat descs)" $4 "batch $1 wq $2: descriptors"
	[ "$(sim_stat max_batch_seen)" -le "$1" ] || fail "batch $1: a batch of $(sim_stat max_batch_seen)"
	[ "$(sim_stat max_outstanding_seen)" -le "$2" ] || fail "wq $2: $(sim_stat max_outstanding_seen) outstanding"
	note "batch $1 wq $2: max batch $(sim_stat max_batch_seen), max outstanding $(sim_stat max_outstanding_seen)"
}
check_split 4 2 - 64 16 16
check_split 5 3 - 61 13 12	# 12 batches of 5, then one descriptor alone
check_split 1 4 - 64 64 0	# no batching
check_split 1024 1 - 1000 1 1
check_split 16 1 - 100 7 7
expect_eq "$(sim_stat max_outstanding_seen)" 1 "WQ of 1"
# A 2 MiB THP through a WQ whose transfers are at most 64 KiB: 32 pieces
# each, in batches of 8, with every page's content checked.
sim_reset
echo 8 > $SIM/max_batch_size
echo 65536 > $SIM/max_transfer_size
use_fixed dsa-sim 0
b0=$(eng dsa-sim bytes)
run_expect 0 mmo-migrate --mb 8 --thp --loops 2
bytes=$(( $(eng dsa-sim bytes) - b0 )) descs=$(sim_stat descs)
note "THP: $bytes bytes in $descs descriptors, max batch $(sim_stat max_batch_seen), time-outs $(sim_stat timeouts), state $(mmo state)"
expect_gt $bytes 0 "bytes through dsa-sim"
# Only whole 2 MiB folios cut at 64 KiB give one descriptor per 64 KiB.
expect_eq $(( descs * 65536 )) $bytes "THP pieces of 64 KiB"
expect_eq "$(sim_stat failed)" 0 "failed descriptors"
expect_eq "$(sim_stat max_batch_seen)" 8 "largest batch"
sim_reset
