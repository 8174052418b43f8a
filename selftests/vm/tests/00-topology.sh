# The VM has what the other tests rely on; a missing feature fails loudly.
. /selftests/lib.sh
[ -d /sys/devices/system/node/node1 ] || fail "node 1 missing: no NUMA in this VM"
expect_eq "$(cat /sys/devices/system/node/node1/cpulist)" "" "node 1 CPUs"
t0=$(ls -d /sys/devices/virtual/memory_tiering/memory_tier* | while read d; do
	grep -qx 0 "$d/nodelist" 2>/dev/null && basename "$d"; done)
t1=$(ls -d /sys/devices/virtual/memory_tiering/memory_tier* | while read d; do
	grep -qx 1 "$d/nodelist" 2>/dev/null && basename "$d"; done)
note "node 0 in $t0, node 1 in $t1"
[ -n "$t0" ] && [ -n "$t1" ] && [ "$t0" != "$t1" ] || fail "HMAT did not give node 1 its own memory tier"
[ -n "$(vmstat pgmigrate_success)" ] || fail "/proc/vmstat has no pgmigrate_success"
[ -f /sys/kernel/mm/transparent_hugepage/enabled ] || fail "no THP"
[ -d "$MMO" ] || fail "no $MMO: kernel without mm_offload"
expect_eq "$(mmo state)" none "state at boot"
expect_eq "$(mmo policy)" none "policy at boot"
