// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: sends batches to the CPU and, at its eject_after-th batch,
 * ejects itself with bpf_mmo_eject().
 */
#include "mmo_policy.h"
#include "exit_record.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, eject_after, 3, 1, 1000000);

__u64 nr_batches SEC(".data");

SEC("struct_ops/migrate_batch")
int BPF_PROG(self_eject_migrate_batch, struct mmo_migrate_ctx *batch)
{
	if (__sync_fetch_and_add(&nr_batches, 1) + 1 == eject_after)
		bpf_mmo_eject("self_eject: asked to give up \"now\"");
	batch->engine = MMO_ENGINE_CPU;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops self_eject = {
	.migrate_batch	= (void *)self_eject_migrate_batch,
	.exit		= (void *)record_exit,
	.name		= "self_eject",
};
