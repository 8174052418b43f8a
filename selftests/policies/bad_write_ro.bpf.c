// SPDX-License-Identifier: GPL-2.0
/* Must be rejected by the verifier: it writes a read-only context field. */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/migrate_batch")
int BPF_PROG(bad_write_ro_migrate_batch, struct mmo_migrate_ctx *batch)
{
	batch->nr_pages = 1;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops bad_write_ro = {
	.migrate_batch	= (void *)bad_write_ro_migrate_batch,
	.name		= "bad_write_ro",
};
