// SPDX-License-Identifier: GPL-2.0
/* Must be refused: struct_ops programs need a GPL-compatible license. */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "Proprietary";

SEC("struct_ops/migrate_batch")
int BPF_PROG(non_gpl_migrate_batch, struct mmo_migrate_ctx *batch)
{
	return MMO_STOCK;
}

SEC(".struct_ops.link")
struct mm_offload_ops non_gpl = {
	.migrate_batch	= (void *)non_gpl_migrate_batch,
	.name		= "non_gpl",
};
