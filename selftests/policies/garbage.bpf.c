// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: every decision at random (bpf_get_prandom_u32()): engine,
 * chunk, verdict, promotion limits and per-folio verdicts. The kernel must
 * clamp or correct all of it, never lose a page, and eject the policy when
 * its rules say so.
 */
#include "mmo_policy.h"
#include "exit_record.h"

char LICENSE[] SEC("license") = "GPL";

__u64 nr_decisions SEC(".data");

/* -1 (stock), 0 (decided) or 1 (no such verdict), at random. */
static __always_inline int random_verdict(void)
{
	return (int)(bpf_get_prandom_u32() % 3) - 1;
}

SEC("struct_ops/migrate_batch")
int BPF_PROG(garbage_migrate_batch, struct mmo_migrate_ctx *batch)
{
	__sync_fetch_and_add(&nr_decisions, 1);
	batch->engine = bpf_get_prandom_u32() % (MMO_NR_ENGINES + 2);
	batch->chunk_pages = bpf_get_prandom_u32() % 2048;
	return random_verdict();
}

SEC("struct_ops/promote_tune")
int BPF_PROG(garbage_promote_tune, struct mmo_promote_ctx *tune)
{
	tune->rate_limit = ((__u64)bpf_get_prandom_u32() << 32) | bpf_get_prandom_u32();
	tune->target = bpf_get_prandom_u32();
	tune->threshold_ms = bpf_get_prandom_u32();
	return random_verdict();
}

SEC("struct_ops/promote_folio")
int BPF_PROG(garbage_promote_folio, struct mmo_promote_folio_ctx *folio)
{
	return random_verdict();
}

SEC(".struct_ops.link")
struct mm_offload_ops garbage = {
	.migrate_batch	= (void *)garbage_migrate_batch,
	.promote_tune	= (void *)garbage_promote_tune,
	.promote_folio	= (void *)garbage_promote_folio,
	.exit		= (void *)record_exit,
	.name		= "garbage",
};
