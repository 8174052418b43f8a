// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: leaves every batch to the stock path (MMO_STOCK), and every
 * invalid_every-th batch returns an out-of-range engine, which the kernel
 * must count as invalid and send to the stock path too.
 */
#include "mmo_policy.h"
#include "exit_record.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, invalid_every, 0, 0, 1000000);

__u64 nr_calls;

SEC("struct_ops/migrate_batch")
int BPF_PROG(decline_migrate_batch, struct mmo_migrate_ctx *batch)
{
	__u64 n = __sync_fetch_and_add(&nr_calls, 1);

	if (invalid_every && n % invalid_every == 0) {
		batch->engine = 1000;
		return MMO_DECIDED;
	}
	return MMO_STOCK;
}

SEC(".struct_ops.link")
struct mm_offload_ops decline = {
	.migrate_batch	= (void *)decline_migrate_batch,
	.exit		= (void *)record_exit,
	.name		= "decline",
};
