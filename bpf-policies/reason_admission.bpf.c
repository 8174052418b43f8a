// SPDX-License-Identifier: GPL-2.0
/*
 * reason_admission: only some migration reasons may use the offload engine.
 *
 * An offload engine is a shared resource. David Rientjes' point on the
 * upstream migrate-offload series: reserve it for promotion and demotion,
 * and do not let move_pages(2) callers or best-effort compaction flood it.
 * Batches whose reason is in offload_reasons (a bit per enum migrate_reason;
 * default MR_DEMOTION and MR_NUMA_MISPLACED) and that have at least
 * min_pages pages go to offload_engine, or to cpu-mt where that engine is
 * not available; everything else is copied by the CPU.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, offload_reasons, (1U << MR_DEMOTION) | (1U << MR_NUMA_MISPLACED),
	    0, (1U << MR_TYPES) - 1);
MMO_TUNABLE(__u32, offload_engine, MMO_ENGINE_DSA, MMO_ENGINE_CPU_MT,
	    MMO_NR_ENGINES - 1);
MMO_TUNABLE(__u32, min_pages, 1, 1, MMO_CHUNK_PAGES_MAX);

SEC("struct_ops/migrate_batch")
int BPF_PROG(reason_admission_migrate_batch, struct mmo_migrate_ctx *batch)
{
	__u32 reason = batch->reason;

	batch->chunk_pages = 0;
	if (reason < 32 && (offload_reasons & (1U << reason)) &&
	    batch->nr_pages >= min_pages)
		batch->engine = mmo_engine_or_cpu_mt(batch, offload_engine);
	else
		batch->engine = MMO_ENGINE_CPU;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops reason_admission = {
	.migrate_batch	= (void *)reason_admission_migrate_batch,
	.name		= "reason_admission",
};
