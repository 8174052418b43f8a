// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: fixed promotion limits and verdicts, all tunable, and what
 * the kernel handed it recorded in .data for the tests to read back.
 *   limit, target   pages per second (0 and 1 are allowed; the kernel
 *                   clamps anything above the sysctl)
 *   threshold_ms    0: leave the kernel's; else written as the threshold
 *   veto            0 none, 1 every folio, 2 folios demoted recently
 *   verdict         returned by promote_tune (MMO_DECIDED = 0)
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u64, limit, 1 << 20, 0, 1ULL << 40);
MMO_TUNABLE(__u64, target, 1 << 20, 0, 1ULL << 40);
MMO_TUNABLE(__u32, threshold_ms, 0, 0, 100000);
MMO_TUNABLE(__u32, veto, 0, 0, 2);
MMO_TUNABLE(__s32, verdict, MMO_DECIDED, -100, 100);

__u64 tune_calls SEC(".data");
__u64 seen_candidates SEC(".data");
__u64 seen_promoted SEC(".data");
__u64 seen_demoted SEC(".data");
__u64 seen_vetoed SEC(".data");
__u64 last_threshold_min SEC(".data");
__u64 folio_calls SEC(".data");
__u64 folios_demoted SEC(".data");

SEC("struct_ops/promote_tune")
int BPF_PROG(fixed_promote_tune, struct mmo_promote_ctx *node)
{
	__sync_fetch_and_add(&tune_calls, 1);
	__sync_fetch_and_add(&seen_candidates, node->candidates);
	__sync_fetch_and_add(&seen_promoted, node->promoted);
	__sync_fetch_and_add(&seen_demoted, node->demoted);
	__sync_fetch_and_add(&seen_vetoed, node->vetoed);
	last_threshold_min = node->threshold_min_ms;
	node->rate_limit = limit;
	node->target = target;
	if (threshold_ms)
		node->threshold_ms = threshold_ms;
	return verdict;
}

SEC("struct_ops/promote_folio")
int BPF_PROG(fixed_promote_folio, struct mmo_promote_folio_ctx *folio)
{
	__sync_fetch_and_add(&folio_calls, 1);
	if (folio->demoted != MMO_DEMOTED_NO)
		__sync_fetch_and_add(&folios_demoted, 1);
	if (veto == 1 || (veto == 2 && folio->demoted != MMO_DEMOTED_NO))
		return MMO_PROMOTE_VETO;
	return MMO_PROMOTE_ALLOW;
}

SEC(".struct_ops.link")
struct mm_offload_ops promote_fixed = {
	.promote_tune	= (void *)fixed_promote_tune,
	.promote_folio	= (void *)fixed_promote_folio,
	.name		= "promote_fixed",
};
