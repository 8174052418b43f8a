# The DSA descriptor layer on the simulated device: COMPARE gives the sign
# and equality of memcmp(), CRCGEN the kernel's crc32c, MEMMOVE the bytes,
# for page pairs that are equal, differ at byte 0, at byte 4095, at one
# random byte, or are random; checked item by item in the kernel against
# the CPU (exec_test). The same jobs on the cpu engine are the control.
. /selftests/lib.sh
[ -d $SIM ] || fail "no dsa-sim in this kernel"
sim_reset
expect_eq "$(eng dsa-sim available)" 1 "dsa-sim available"
for e in dsa-sim cpu; do
	for p in equal first last randpos random; do
		exec_test $e compare $p 200
		[ $e = dsa-sim ] && expect_eq "$(res_val engine_done)" 200 "$p: compares done by the device"
	done
	exec_test $e crc random 200
	exec_test $e copy random 200
done
# The device did them, each page a descriptor, in batches of 32.
expect_eq "$(sim_stat failed)" 0 "failed descriptors"
expect_eq "$(sim_stat max_batch_seen)" 32 "largest batch"
expect_eq "$(sim_stat descs)" 1400 "descriptors"
# One page compared with many: mapped once for the device, then reused.
exec_test dsa-sim compare shared 100
expect_gt "$(sim_stat map_reused)" 98 "mappings reused"
# Completion by interrupt instead of polling: the same results.
echo 1 > $SIM/irq
exec_test dsa-sim compare randpos 200
exec_test dsa-sim copy random 200
echo 0 > $SIM/irq
expect_eq "$(sim_stat timeouts)" 0 "time-outs"
