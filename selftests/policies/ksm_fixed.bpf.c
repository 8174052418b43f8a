// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: every ksmd round with one batch size and one engine for
 * checksums and one for compares, all tunable (no clamping here: the
 * kernel's clamps are under test). What the rounds reported is summed in
 * globals the tests read back with "mmoctl status --json".
 */
#include "mmo_policy.h"
#include "exit_record.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__s32, batch, 16, -100000, 100000);
MMO_TUNABLE(__u32, csum_engine, MMO_ENGINE_CPU, 0, 255);
MMO_TUNABLE(__u32, cmp_engine, MMO_ENGINE_CPU, 0, 255);

__u64 rounds SEC(".data");
__u64 batched_rounds_seen SEC(".data");
__u64 max_full_scans SEC(".data");
__u64 merges_seen SEC(".data");

SEC("struct_ops/ksm_scan")
int BPF_PROG(ksm_fixed_scan, struct mmo_ksm_ctx *round)
{
	__sync_fetch_and_add(&rounds, 1);
	if (round->last_batch > 1)
		__sync_fetch_and_add(&batched_rounds_seen, 1);
	__sync_fetch_and_add(&merges_seen, round->last_merges);
	max_full_scans = round->full_scans;
	round->batch = batch;
	round->csum_engine = csum_engine;
	round->cmp_engine = cmp_engine;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops ksm_fixed = {
	.ksm_scan	= (void *)ksm_fixed_scan,
	.exit		= (void *)record_exit,
	.name		= "ksm_fixed",
};
