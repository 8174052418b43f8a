// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: one compaction batch size for every trigger, or another for
 * direct compaction, and one engine for every migration batch, all tunable.
 * Values outside [1, 512] are allowed so that the kernel's clamp can be
 * tested; verdict is what compact_batch returns (MMO_DECIDED = 0,
 * MMO_STOCK = -1, anything else invalid). The triggers it was called for
 * are counted in .data for the tests to read back.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__s32, batch, 512, -1000000, 1000000);
MMO_TUNABLE(__s32, direct_batch, 0, -1000000, 1000000);	/* 0: batch */
MMO_TUNABLE(__s32, verdict, MMO_DECIDED, -100, 100);
MMO_TUNABLE(__u32, engine, MMO_ENGINE_CPU, 0, MMO_NR_ENGINES - 1);

__u64 calls_kcompactd SEC(".data");
__u64 calls_proactive SEC(".data");
__u64 calls_direct SEC(".data");
__u64 calls_sysctl SEC(".data");
__s64 last_order SEC(".data");
__u64 last_frag SEC(".data");
__u64 compaction_batches SEC(".data");	/* migrate_batch with MR_COMPACTION */
__u64 compaction_pages SEC(".data");

SEC("struct_ops/compact_batch")
int BPF_PROG(fixed_compact_batch, struct mmo_compact_ctx *run)
{
	switch (run->trigger) {
	case MMO_COMPACT_KCOMPACTD:
		__sync_fetch_and_add(&calls_kcompactd, 1);
		break;
	case MMO_COMPACT_PROACTIVE:
		__sync_fetch_and_add(&calls_proactive, 1);
		break;
	case MMO_COMPACT_DIRECT:
		__sync_fetch_and_add(&calls_direct, 1);
		break;
	default:
		__sync_fetch_and_add(&calls_sysctl, 1);
	}
	last_order = run->order;
	last_frag = run->frag_score;
	if (run->trigger == MMO_COMPACT_DIRECT && direct_batch)
		run->batch_pages = direct_batch;
	else
		run->batch_pages = batch;
	return verdict;
}

SEC("struct_ops/migrate_batch")
int BPF_PROG(fixed_compact_migrate, struct mmo_migrate_ctx *mb)
{
	if (mb->reason == MR_COMPACTION) {
		__sync_fetch_and_add(&compaction_batches, 1);
		__sync_fetch_and_add(&compaction_pages, mb->nr_pages);
	}
	mb->engine = mmo_engine_or_cpu_mt(mb, engine);
	mb->chunk_pages = 0;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops compact_fixed = {
	.compact_batch	= (void *)fixed_compact_batch,
	.migrate_batch	= (void *)fixed_compact_migrate,
	.name		= "compact_fixed",
};
