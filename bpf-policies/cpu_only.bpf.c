// SPDX-License-Identifier: GPL-2.0
/*
 * cpu_only: the CPU copies every migration batch, whole.
 *
 * The baseline: it decides what the stock kernel does, but through the
 * policy path, so its counters show every batch the kernel migrated.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/migrate_batch")
int BPF_PROG(cpu_only_migrate_batch, struct mmo_migrate_ctx *batch)
{
	batch->engine = MMO_ENGINE_CPU;
	batch->chunk_pages = 0;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops cpu_only = {
	.migrate_batch	= (void *)cpu_only_migrate_batch,
	.name		= "cpu_only",
};
