# Faults the simulated device injects: an error status, a partial
# completion at a byte, a page fault, and a stall the executor must time
# out and recover from. Every migration keeps its content (mmo-migrate
# checks every page after every move), the CPU finishes what the device
# did not, and compares and CRCs stay right.
. /selftests/lib.sh
no_policy
sim_reset
use_fixed dsa-sim 32
# fault KIND NAME: inject KIND at every 5th descriptor, then migrate and
# run compares and CRCs through dsa-sim.
fault() {
	echo 0 > $SIM/stats
	echo 1000 > $SIM/fault_byte
	echo 5 > $SIM/fault_interval
	echo 1000000 > $SIM/fault_times
	echo $1 > $SIM/fault_kind
	fb0=$(eng dsa-sim fallbacks)
	run_expect 0 mmo-migrate --mb 4 --loops 2
	exec_test dsa-sim compare randpos 100
	exec_test dsa-sim crc random 100
	echo 0 > $SIM/fault_kind
	note "$2: partial $(sim_stat partial), failed $(sim_stat failed), CPU fallbacks +$(( $(eng dsa-sim fallbacks) - fb0 ))"
	expect_gt $(( $(eng dsa-sim fallbacks) - fb0 )) 0 "$2: CPU fallbacks"
}
fault 1 error
expect_gt "$(sim_stat failed)" 0 "error: failed descriptors"
fault 2 partial
expect_gt "$(sim_stat partial)" 0 "partial: partial completions"
fault 3 pagefault
expect_gt "$(sim_stat partial)" 0 "page fault: faulted descriptors"

# A stall: one descriptor never completes. The executor times out after
# timeout_ms, aborts the device's queue and gives the job to the CPU; the
# engine then works again.
echo 0 > $SIM/stats
echo 200 > $SIM/timeout_ms
echo 4 > $SIM/fault_kind
echo 1 > $SIM/fault_times
echo 3 > $SIM/fault_interval
run_expect 0 mmo-migrate --mb 2 --loops 1
expect_eq "$(sim_stat timeouts)" 1 "stall: time-outs"
expect_eq "$(eng dsa-sim available)" 1 "dsa-sim available after the stall"
dmesg | grep -q 'dsa-sim: a descriptor timed out' || fail "no time-out message"
echo 0 > $SIM/fault_kind
fb0=$(eng dsa-sim fallbacks)
run_expect 0 mmo-migrate --mb 4 --loops 2
expect_eq $(( $(eng dsa-sim fallbacks) - fb0 )) 0 "after the stall: CPU fallbacks"
exec_test dsa-sim compare random 50
sim_reset
