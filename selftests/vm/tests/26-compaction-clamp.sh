# Batch sizes outside [1, 512] are clamped and counted, a verdict other than
# MMO_DECIDED or MMO_STOCK is counted and gives stock batching, MMO_STOCK is
# not counted as invalid, and the verifier refuses writes to the context's
# read-only fields.
. /selftests/lib.sh
no_policy
run_expect 5 mmoctl load $TPOL/bad_write_compact.bpf.o
expect_in "$OUT" "mmo_compact_ctx.order is read-only"

run_expect 0 mmoctl load $TPOL/compact_fixed.bpf.o --set batch=0
for bw in 0:1 -5:1 100000:512; do
	b=${bw%:*}
	lim=${bw#*:}
	run_expect 0 mmoctl set batch=$b
	frag_start 48 half
	cl=$(mmo compact/clamped)
	inv=$(mmo compact/invalid)
	ctrace_on
	echo 1 > /proc/sys/vm/compact_memory
	ctrace_off
	set -- $(csizes 3)
	note "batch=$b: clamped +$(( $(mmo compact/clamped) - cl )), trace: $1 batches, max $2, sizes $4"
	expect_gt $(( $(mmo compact/clamped) - cl )) 0 "compact/clamped after batch=$b"
	expect_eq "$(mmo compact/invalid)" "$inv" "compact/invalid after batch=$b"
	expect_eq "$4" "$lim," "batch_pages traced for batch=$b"
	[ "$2" -le "$lim" ] || fail "a batch of $2 pages above $lim"
	expect_gt "$1" 0 "traced batches for batch=$b"
	frag_verify
	frag_stop
done

# An unknown verdict: counted, and the run keeps stock batching.
run_expect 0 mmoctl set batch=64 verdict=7
inv=$(mmo compact/invalid)
runs=$(ctr sysctl runs)
echo 1 > /proc/sys/vm/compact_memory
expect_gt $(( $(mmo compact/invalid) - inv )) 0 "compact/invalid after verdict=7"
expect_eq "$(ctr sysctl runs)" "$runs" "sysctl/runs after verdict=7"

# MMO_STOCK: a call, neither invalid nor a policy run.
run_expect 0 mmoctl set verdict=-1
inv=$(mmo compact/invalid)
calls=$(mmo compact/calls)
echo 1 > /proc/sys/vm/compact_memory
expect_gt $(( $(mmo compact/calls) - calls )) 0 "compact/calls after verdict=-1"
expect_eq "$(mmo compact/invalid)" "$inv" "compact/invalid after verdict=-1"
expect_eq "$(ctr sysctl runs)" "$runs" "sysctl/runs after verdict=-1"
no_policy
