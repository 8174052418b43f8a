# KSM with merge_across_nodes off: a stable and an unstable tree per node.
# mmo-ksm-eq --nodes 2 spreads each process's pages over both nodes in
# 64-page runs, so ksm must end with a KSM page per content per node
# (34 in all), and a batch holds one node's pages: it is flushed when the
# scan crosses to the other node (flush_node). Stock, then batches of 16
# and 256 on cpu and on dsa-sim; then merge_across_nodes on again with the
# same placement, where both nodes' pages share one tree and one batch.
. /selftests/lib.sh
ksm_setup
sim_reset
# merge_across_nodes changes only with nothing merged: run=2 unmerges all.
set_across() {
	echo 2 > $KSM/run
	echo $1 > $KSM/merge_across_nodes || fail "could not set merge_across_nodes=$1"
}
export KSM_EQ_ARGS="--nodes 2"
set_across 0
for cfg in stock 16/cpu 256/cpu 16/dsa-sim 256/dsa-sim; do
	no_policy
	[ $cfg = stock ] || ksm_fixed ${cfg%/*} ${cfg#*/}
	b0=$(ksm_stat batches) n0=$(ksm_stat flush_node) s0=$(ksm_stat serial_rounds)
	ksm_eq "$cfg, per node"
	batches=$(( $(ksm_stat batches) - b0 )) node_flushes=$(( $(ksm_stat flush_node) - n0 ))
	note "$cfg, merge_across_nodes=0: pages_shared/pages_sharing $(res_val pages_shared)/$(res_val pages_sharing), batches $batches, flushed at a node change $node_flushes"
	expect_eq "$(res_val expect_shared)" 34 "$cfg: KSM pages expected (17 per node)"
	if [ $cfg != stock ]; then
		expect_gt $batches 0 "$cfg: batches"
		expect_gt $node_flushes 0 "$cfg: batches flushed at a node change"
		expect_eq $(( $(ksm_stat serial_rounds) - s0 )) 0 "$cfg: serial rounds"
	fi
done
no_policy
set_across 1
ksm_fixed 256 cpu
n0=$(ksm_stat flush_node)
ksm_eq "256/cpu, one tree"
note "256/cpu, merge_across_nodes=1: pages_shared/pages_sharing $(res_val pages_shared)/$(res_val pages_sharing)"
expect_eq "$(res_val expect_shared)" 17 "one tree: KSM pages expected"
expect_eq $(( $(ksm_stat flush_node) - n0 )) 0 "one tree: batches flushed at a node change"
no_policy
ksm_restore
