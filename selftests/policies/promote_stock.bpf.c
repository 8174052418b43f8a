// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy for the promotion benchmark: promote_tune leaves the stock
 * limits (MMO_STOCK), so promotion behaves as with no policy and what a run
 * costs more is the hooks themselves. promote_stock_folio.bpf.c builds the
 * same policy with a promote_folio that allows every folio, which makes the
 * kernel call it in the hint-fault path and keep the demotion bitmap.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

__u64 tune_calls SEC(".data");

SEC("struct_ops/promote_tune")
int BPF_PROG(stock_promote_tune, struct mmo_promote_ctx *node)
{
	__sync_fetch_and_add(&tune_calls, 1);
	return MMO_STOCK;
}

#ifdef PROMOTE_STOCK_FOLIO
__u64 folio_calls SEC(".data");

SEC("struct_ops/promote_folio")
int BPF_PROG(stock_promote_folio, struct mmo_promote_folio_ctx *folio)
{
	__sync_fetch_and_add(&folio_calls, 1);
	return MMO_PROMOTE_ALLOW;
}

SEC(".struct_ops.link")
struct mm_offload_ops promote_stock_folio = {
	.promote_tune	= (void *)stock_promote_tune,
	.promote_folio	= (void *)stock_promote_folio,
	.name		= "promote_stock_folio",
};
#else
SEC(".struct_ops.link")
struct mm_offload_ops promote_stock = {
	.promote_tune	= (void *)stock_promote_tune,
	.name		= "promote_stock",
};
#endif
