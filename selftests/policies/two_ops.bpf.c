// SPDX-License-Identifier: GPL-2.0
/* Not a policy: two struct mm_offload_ops maps in one object. */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/migrate_batch")
int BPF_PROG(two_ops_migrate_batch, struct mmo_migrate_ctx *batch)
{
	return MMO_STOCK;
}

SEC(".struct_ops.link")
struct mm_offload_ops two_ops_a = {
	.migrate_batch	= (void *)two_ops_migrate_batch,
	.name		= "two_ops_a",
};

SEC(".struct_ops.link")
struct mm_offload_ops two_ops_b = {
	.migrate_batch	= (void *)two_ops_migrate_batch,
	.name		= "two_ops_b",
};
