// SPDX-License-Identifier: GPL-2.0
/*
 * adaptive: learn where an engine starts to pay, instead of assuming it.
 *
 * From migrate_done it keeps, per engine and batch-size class (log2 of the
 * pages), the copy cost in ns per page as an EWMA (new samples weigh
 * 1/2^ewma_shift). Each batch goes to the available engine with the lowest
 * estimate for its size class. An engine with no estimate yet for a class
 * is tried first, and every explore_every-th batch goes to the next
 * available engine in turn, so estimates follow changing load.
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, explore_every, 16, 2, 1000000);
MMO_TUNABLE(__u32, ewma_shift, 3, 1, 10);

#define NR_CLASSES 10	/* 1, 2-3, 4-7, ..., 512+ pages */

/* ns per page, scaled by 256; 0 means no estimate yet. */
__u64 cost[MMO_NR_ENGINES][NR_CLASSES];

/* Read back by the tests through mmoctl status. */
__u64 nr_batches SEC(".data");
__u64 nr_explored SEC(".data");

static __u32 size_class(__u32 pages)
{
	__u32 c = 0;
	int i;

	for (i = 0; i < NR_CLASSES - 1; i++) {
		if (pages > 1) {
			pages >>= 1;
			c++;
		}
	}
	return c;
}

SEC("struct_ops/migrate_batch")
int BPF_PROG(adaptive_migrate_batch, struct mmo_migrate_ctx *batch)
{
	__u32 avail = batch->engines_available, c = size_class(batch->nr_pages);
	__u64 n = __sync_fetch_and_add(&nr_batches, 1), best_cost = ~0ULL;
	__u32 e, best = MMO_ENGINE_CPU;

	batch->chunk_pages = 0;
	for (e = 0; e < MMO_NR_ENGINES; e++) {
		__u64 v;

		if (!(avail & (1U << e)) || c >= NR_CLASSES)
			continue;
		v = cost[e][c];
		if (!v) {		/* never measured here: try it */
			__sync_fetch_and_add(&nr_explored, 1);
			batch->engine = e;
			return MMO_DECIDED;
		}
		if (v < best_cost) {
			best_cost = v;
			best = e;
		}
	}
	if (explore_every && n % explore_every == 0) {
		/* Round-robin over the available engines other than the best. */
		for (e = 1; e < MMO_NR_ENGINES; e++) {
			__u32 cand = (best + e + (__u32)(n / explore_every)) % MMO_NR_ENGINES;

			if (cand != best && (avail & (1U << cand))) {
				__sync_fetch_and_add(&nr_explored, 1);
				best = cand;
				break;
			}
		}
	}
	batch->engine = best;
	return MMO_DECIDED;
}

SEC("struct_ops/migrate_done")
void BPF_PROG(adaptive_migrate_done, struct mmo_migrate_result *res)
{
	__u32 e = res->engine, c = size_class(res->nr_pages);
	__u64 sample, old;

	if (!res->nr_pages || e >= MMO_NR_ENGINES || c >= NR_CLASSES)
		return;
	sample = (res->elapsed_ns << 8) / res->nr_pages;
	if (!sample)
		sample = 1;
	old = cost[e][c];
	cost[e][c] = old ? old - (old >> ewma_shift) + (sample >> ewma_shift) : sample;
}

SEC(".struct_ops.link")
struct mm_offload_ops adaptive = {
	.migrate_batch	= (void *)adaptive_migrate_batch,
	.migrate_done	= (void *)adaptive_migrate_done,
	.name		= "adaptive",
};
