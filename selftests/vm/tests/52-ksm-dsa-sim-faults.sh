# KSM on dsa-sim with faults injected into the batch's checksums and
# compares: an error status, a partial completion, a page fault (the CPU
# finishes from where the device stopped) and a stall that times out. The
# merges must still be exactly those of the serial scan, and every page's
# content right. One error in seven keeps the policy attached; a stall
# fails a whole 256-page job at once, which is above the ejection rule's
# failure rate: the policy is then ejected for engine failures, and the
# scan goes on serially with nothing lost.
. /selftests/lib.sh
ksm_setup
sim_reset
no_policy
ksm_fixed 256 dsa-sim
for kind in 1 2 3 4; do
	case $kind in
	1) name=error ;; 2) name=partial ;; 3) name=pagefault ;; 4) name=stall ;;
	esac
	sim_reset
	echo 1000 > $SIM/fault_byte
	if [ $kind = 4 ]; then
		# One stall, timed out after 200 ms; then the device works again.
		echo 200 > $SIM/timeout_ms
		echo 1 > $SIM/fault_times
		echo 50 > $SIM/fault_interval
	else
		echo 1000000 > $SIM/fault_times
		echo 7 > $SIM/fault_interval
	fi
	i0=$(cat /sys/kernel/debug/mm_offload/dsa-sim/device | awk '$1 == "injected" { print $2 }')
	fb0=$(eng dsa-sim fallbacks)
	echo $kind > $SIM/fault_kind
	ksm_eq $name
	echo 0 > $SIM/fault_kind
	injected=$(( $(awk '$1 == "injected" { print $2 }' /sys/kernel/debug/mm_offload/dsa-sim/device) - i0 ))
	note "$name: faults injected $injected, partial $(sim_stat partial), failed $(sim_stat failed), time-outs $(sim_stat timeouts), CPU fallbacks +$(( $(eng dsa-sim fallbacks) - fb0 ))"
	expect_gt $injected 0 "$name: faults injected"
	if [ $kind = 4 ]; then
		note "stall: policy $(mmo state): $(mmo exit_reason)"
		if [ "$(mmo state)" = ejected ]; then
			expect_in "$(mmo exit_reason)" "engine failures"
		else
			expect_eq "$(mmo state)" attached "stall: the policy's state"
		fi
	else
		expect_eq "$(mmo state)" attached "$name: the policy is still attached"
	fi
done
expect_eq "$(eng dsa-sim available)" 1 "dsa-sim available after the faults"
sim_reset
no_policy
ksm_restore
