// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: every batch to one engine with one chunk size, both tunable,
 * and the migrate_done feedback summed in globals the tests read back
 * (they are in .data, so "mmoctl status --json" shows them).
 */
#include "mmo_policy.h"
#include "exit_record.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, engine, MMO_ENGINE_CPU, 0, MMO_NR_ENGINES - 1);
MMO_TUNABLE(__u32, chunk_pages, 0, 0, 1000000);

__u64 done_calls SEC(".data");
__u64 done_folios SEC(".data");
__u64 done_pages SEC(".data");
__u64 done_failures SEC(".data");
__u64 done_ineligible SEC(".data");
__u64 done_ns SEC(".data");

SEC("struct_ops/migrate_batch")
int BPF_PROG(fixed_migrate_batch, struct mmo_migrate_ctx *batch)
{
	batch->engine = engine;
	batch->chunk_pages = chunk_pages;
	return MMO_DECIDED;
}

SEC("struct_ops/migrate_done")
void BPF_PROG(fixed_migrate_done, struct mmo_migrate_result *res)
{
	__sync_fetch_and_add(&done_calls, 1);
	__sync_fetch_and_add(&done_folios, res->nr_folios);
	__sync_fetch_and_add(&done_pages, res->nr_pages);
	__sync_fetch_and_add(&done_failures, res->failures);
	__sync_fetch_and_add(&done_ineligible, res->ineligible);
	__sync_fetch_and_add(&done_ns, res->elapsed_ns);
}

SEC(".struct_ops.link")
struct mm_offload_ops fixed = {
	.migrate_batch	= (void *)fixed_migrate_batch,
	.migrate_done	= (void *)fixed_migrate_done,
	.exit		= (void *)record_exit,
	.name		= "fixed",
};
