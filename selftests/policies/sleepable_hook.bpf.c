// SPDX-License-Identifier: GPL-2.0
/* Must be refused: a sleepable program on migrate_batch, which may not sleep. */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops.s/migrate_batch")
int BPF_PROG(sleepable_migrate_batch, struct mmo_migrate_ctx *batch)
{
	return MMO_STOCK;
}

SEC(".struct_ops.link")
struct mm_offload_ops sleepable_hook = {
	.migrate_batch	= (void *)sleepable_migrate_batch,
	.name		= "sleepable_hook",
};
