// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the migration hook.
 *
 * migrate_pages_batch() calls mmo_migrate_decide() after it has unmapped
 * every folio of the batch and flushed the TLB once: the whole batch is
 * then known, and the policy decides how it will be copied. The kernel
 * checks the decision, counts it, and counts the pages it then moved.
 */
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/numa.h>

#include "internal.h"

#define CREATE_TRACE_POINTS
#include <trace/events/mm_offload.h>

struct mmo_migrate_stats mmo_migrate_stats;

static const char * const mmo_engine_names[] = MMO_ENGINE_NAMES;

const char *mmo_row_name(unsigned int row)
{
	if (row < MMO_NR_ENGINES)
		return mmo_engine_names[row];
	return "stock";
}

/* The node all folios of @folios are on, or NUMA_NO_NODE if they differ. */
static int mmo_common_nid(struct list_head *folios)
{
	struct folio *folio;
	int nid = NUMA_NO_NODE;

	list_for_each_entry(folio, folios, lru) {
		if (nid == NUMA_NO_NODE)
			nid = folio_nid(folio);
		else if (folio_nid(folio) != nid)
			return NUMA_NO_NODE;
	}
	return nid;
}

static void mmo_fill_migrate_ctx(struct mmo_migrate_ctx *ctx,
				 struct list_head *src_folios,
				 struct list_head *dst_folios)
{
	struct folio *folio;

	list_for_each_entry(folio, src_folios, lru) {
		ctx->nr_folios++;
		ctx->nr_pages += folio_nr_pages(folio);
		ctx->nr_large += folio_test_large(folio);
	}
	ctx->src_nid = mmo_common_nid(src_folios);
	ctx->dst_nid = mmo_common_nid(dst_folios);
	ctx->engine = MMO_ENGINE_CPU;
	ctx->chunk_pages = 0;
}

/*
 * Turn the policy's return value and context into an accounting row,
 * correcting what is out of range. Returns false for an invalid decision.
 */
static bool mmo_check_migrate_decision(struct mmo_migrate_ctx *ctx, int ret,
				       unsigned int *row)
{
	if (ret == MMO_STOCK) {
		*row = MMO_ROW_STOCK;
		return true;
	}
	if (ret != MMO_DECIDED || ctx->engine >= MMO_NR_ENGINES) {
		*row = MMO_ROW_STOCK;
		return false;
	}
	*row = ctx->engine;
	if (ctx->chunk_pages > MMO_CHUNK_PAGES_MAX) {
		ctx->chunk_pages = MMO_CHUNK_PAGES_MAX;
		return false;
	}
	return true;
}

void __mmo_migrate_decide(struct mmo_migrate_batch *batch,
			  struct list_head *src_folios,
			  struct list_head *dst_folios,
			  int mode, int reason, int nr_succeeded)
{
	struct mmo_migrate_ctx ctx = { .reason = reason, .mode = mode };
	struct mmo_decision_stats *st;
	struct mm_offload_ops *ops;
	unsigned int row;
	bool called = false;
	bool valid;
	int ret = MMO_STOCK;

	mmo_fill_migrate_ctx(&ctx, src_folios, dst_folios);

	rcu_read_lock();
	ops = rcu_dereference(mmo_active_ops);
	if (ops && ops->migrate_batch) {
		ret = ops->migrate_batch(&ctx);
		called = true;
	}
	rcu_read_unlock();
	if (!called)
		return;

	valid = mmo_check_migrate_decision(&ctx, ret, &row);
	atomic64_inc(&mmo_migrate_stats.calls);
	if (!valid)
		atomic64_inc(&mmo_migrate_stats.invalid);
	st = &mmo_migrate_stats.rows[row];
	atomic64_inc(&st->batches);
	atomic64_add(ctx.nr_folios, &st->folios);
	atomic64_add(ctx.nr_pages, &st->pages);
	trace_mmo_migrate_decide(&ctx, ret, mmo_row_name(row), valid);

	batch->decided = true;
	batch->row = row;
	batch->succeeded_before = nr_succeeded;
}

void __mmo_migrate_done(struct mmo_migrate_batch *batch, int nr_succeeded)
{
	int moved = nr_succeeded - batch->succeeded_before;

	atomic64_add(moved, &mmo_migrate_stats.rows[batch->row].moved_pages);
	trace_mmo_migrate_done(mmo_row_name(batch->row), moved);
}
