// SPDX-License-Identifier: GPL-2.0
/*
 * tiering: CXL-AutoNUMA's promotion limits, and a ping-pong guard.
 *
 * Stock 6.12 tunes each node's hot threshold towards the promotion rate
 * limit itself (64 GB/s by default), so the threshold only climbs and too
 * much is promoted. This policy keeps a hard limit and tunes the threshold
 * towards a separate, much lower target throughput, both in MB/s:
 *   limit_mbps    hard cap on promotion candidates per second
 *   target_mbps   throughput the kernel tunes the hot threshold towards
 * The kernel caps both at the sysctl numa_balancing_promote_rate_limit_MBps.
 *
 * With guard=1 a folio demoted in the current tuning period is not promoted
 * back (guard=2: nor one demoted in the period before); pages that bounce
 * between the tiers cost two migrations each and are hot on neither.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u64, limit_mbps, 256, 0, 1 << 20);
MMO_TUNABLE(__u64, target_mbps, 16, 1, 1 << 20);
MMO_TUNABLE(__u32, guard, 1, 0, 2);

/* MB/s to base pages per second. */
#define MMO_MBPS_TO_PAGES(mbps)	((mbps) << (20 - 12))

__u64 tune_calls SEC(".data");
__u64 guarded_pages SEC(".data");

SEC("struct_ops/promote_tune")
int BPF_PROG(tiering_promote_tune, struct mmo_promote_ctx *node)
{
	__sync_fetch_and_add(&tune_calls, 1);
	node->rate_limit = MMO_MBPS_TO_PAGES(limit_mbps);
	node->target = MMO_MBPS_TO_PAGES(target_mbps);
	return MMO_DECIDED;
}

SEC("struct_ops/promote_folio")
int BPF_PROG(tiering_promote_folio, struct mmo_promote_folio_ctx *folio)
{
	if ((guard >= 1 && folio->demoted == MMO_DEMOTED_RECENT) ||
	    (guard >= 2 && folio->demoted == MMO_DEMOTED_PREV)) {
		__sync_fetch_and_add(&guarded_pages, folio->nr_pages);
		return MMO_PROMOTE_VETO;
	}
	return MMO_PROMOTE_ALLOW;
}

SEC(".struct_ops.link")
struct mm_offload_ops tiering = {
	.promote_tune	= (void *)tiering_promote_tune,
	.promote_folio	= (void *)tiering_promote_folio,
	.name		= "tiering",
};
