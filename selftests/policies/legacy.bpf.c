// SPDX-License-Identifier: GPL-2.0
/*
 * A valid policy in a map-only (".struct_ops", no link) section. The kernel
 * must refuse to register it: mm_offload_ops attaches through links only.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/migrate_batch")
int BPF_PROG(legacy_migrate_batch, struct mmo_migrate_ctx *batch)
{
	return MMO_STOCK;
}

SEC(".struct_ops")
struct mm_offload_ops legacy = {
	.migrate_batch	= (void *)legacy_migrate_batch,
	.name		= "legacy",
};
