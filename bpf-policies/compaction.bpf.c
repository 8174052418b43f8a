// SPDX-License-Identifier: GPL-2.0
/*
 * compaction: migration batch sizes for compaction, per trigger.
 *
 * Background compaction (kcompactd woken for an order, proactive
 * compaction, the compact_memory sysctl) has no one waiting on it, so its
 * batches are large (bg_batch, default 512 pages, one pageblock), which is
 * what makes an offload engine pay. Direct compaction runs while an
 * allocation waits and stops as soon as a block of the wanted order is
 * free, so its batches stay small (direct_batch, default 32, stock's).
 *
 * The batch's copy then goes through migrate_batch: batches of at least
 * min_pages to offload_engine (cpu-mt where that is not available), the
 * rest to the CPU, as the threshold policy does.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, bg_batch, 512, MMO_COMPACT_BATCH_MIN, MMO_COMPACT_BATCH_MAX);
MMO_TUNABLE(__u32, direct_batch, 32, MMO_COMPACT_BATCH_MIN,
	    MMO_COMPACT_BATCH_MAX);
MMO_TUNABLE(__u32, min_pages, 32, 1, MMO_CHUNK_PAGES_MAX);
MMO_TUNABLE(__u32, offload_engine, MMO_ENGINE_DSA, MMO_ENGINE_CPU_MT,
	    MMO_NR_ENGINES - 1);

SEC("struct_ops/compact_batch")
int BPF_PROG(compaction_compact_batch, struct mmo_compact_ctx *run)
{
	run->batch_pages = run->trigger == MMO_COMPACT_DIRECT ?
			   direct_batch : bg_batch;
	return MMO_DECIDED;
}

SEC("struct_ops/migrate_batch")
int BPF_PROG(compaction_migrate_batch, struct mmo_migrate_ctx *batch)
{
	if (batch->nr_pages < min_pages) {
		batch->engine = MMO_ENGINE_CPU;
	} else {
		batch->engine = mmo_engine_or_cpu_mt(batch, offload_engine);
	}
	batch->chunk_pages = 0;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops compaction = {
	.compact_batch	= (void *)compaction_compact_batch,
	.migrate_batch	= (void *)compaction_migrate_batch,
	.name		= "compaction",
};
