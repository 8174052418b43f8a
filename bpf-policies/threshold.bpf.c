// SPDX-License-Identifier: GPL-2.0
/*
 * threshold: offload a migration batch when it has at least min_pages pages.
 *
 * Below that, submitting to an engine costs more than the CPU copy saves.
 * DSA-Linux measured the crossover for DSA at 32 pages, hence the default.
 * Batches at or above it go to offload_engine in chunks of chunk_pages
 * (0: the whole batch in one submission), or to cpu-mt when that engine is
 * not available on this machine.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, min_pages, 32, 1, MMO_CHUNK_PAGES_MAX);
MMO_TUNABLE(__u32, offload_engine, MMO_ENGINE_DSA, MMO_ENGINE_CPU_MT,
	    MMO_NR_ENGINES - 1);
MMO_TUNABLE(__u32, chunk_pages, 0, 0, MMO_CHUNK_PAGES_MAX);

SEC("struct_ops/migrate_batch")
int BPF_PROG(threshold_migrate_batch, struct mmo_migrate_ctx *batch)
{
	if (batch->nr_pages < min_pages) {
		batch->engine = MMO_ENGINE_CPU;
		batch->chunk_pages = 0;
	} else {
		batch->engine = mmo_engine_or_cpu_mt(batch, offload_engine);
		batch->chunk_pages = chunk_pages;
	}
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops threshold = {
	.migrate_batch	= (void *)threshold_migrate_batch,
	.name		= "threshold",
};
