// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the migration hook.
 *
 * migrate_pages_batch() calls mmo_migrate_decide() after it has unmapped
 * every folio of the batch and flushed the TLB once: the whole batch is
 * then known, and the policy decides how it will be copied. The kernel
 * checks the decision, counts it, and counts the pages it then moved.
 */
#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/memremap.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/numa.h>

#include "internal.h"
#include "executor.h"

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
	int i;

	list_for_each_entry(folio, src_folios, lru) {
		ctx->nr_folios++;
		ctx->nr_pages += folio_nr_pages(folio);
		ctx->nr_large += folio_test_large(folio);
	}
	ctx->src_nid = mmo_common_nid(src_folios);
	ctx->dst_nid = mmo_common_nid(dst_folios);
	for (i = 0; i < MMO_NR_ENGINES; i++) {
		struct mmo_engine *e = mmo_engine_get(i);

		if (mmo_engine_available(i))
			ctx->engines_available |= BIT(i);
		ctx->engine_inflight[i] = e ? atomic_read(&e->inflight) : 0;
	}
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
	if (!(ctx->engines_available & BIT(ctx->engine))) {
		/* The policy was told: it is ejected, not just corrected. */
		mmo_note_unavailable_engine(ctx->engine);
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

/*
 * Folios whose copy the batch path may take over: those __migrate_folio()
 * would copy (anonymous, shmem, page cache through migrate_folio or
 * filemap_migrate_folio) and that hold no reference beyond migration's own,
 * so nothing can change their content before the move phase. The rest keep
 * the per-folio path.
 */
static bool mmo_folio_batchable(struct folio *src)
{
	struct address_space *mapping;

	if (__folio_test_movable(src) || folio_test_hugetlb(src) ||
	    folio_is_zone_device(src))
		return false;
	mapping = folio_mapping(src);
	if (mapping && mapping->a_ops->migrate_folio != migrate_folio &&
	    mapping->a_ops->migrate_folio != filemap_migrate_folio)
		return false;
	return folio_ref_count(src) == folio_expected_ref_count(src) + 1;
}

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
/*
 * debugfs mm_offload/fail_copied_move: after the executor copied a folio,
 * write MMO_FAULT_WRITE_MARK into its first word and fail the move with
 * -EAGAIN, as a lockless pin (memfd_pin_folios()) whose device wrote the
 * source would. The retry must copy afresh, so the write must survive.
 */
static DECLARE_FAULT_ATTR(mmo_fail_copied_move_attr);

bool mmo_fail_copied_move(struct folio *src)
{
	u64 *word;

	if (!should_fail(&mmo_fail_copied_move_attr, 1))
		return false;
	word = kmap_local_folio(src, 0);
	*word = MMO_FAULT_WRITE_MARK;
	kunmap_local(word);
	return true;
}

void __init mmo_migrate_fault_init(struct dentry *dir)
{
	fault_create_debugfs_attr("fail_copied_move", dir,
				  &mmo_fail_copied_move_attr);
}
#else
bool mmo_fail_copied_move(struct folio *src)
{
	return false;
}
#endif

/* Items of at most @chunk pages covering @src -> @dst; false if out of room. */
static bool mmo_add_folio_items(struct mmo_job *job, struct folio *src,
				struct folio *dst, unsigned int chunk, u16 owner)
{
	unsigned int nr = folio_nr_pages(src), off, n;

	if (job->nr_items + DIV_ROUND_UP(nr, chunk) > MMO_JOB_MAX_ITEMS)
		return false;
	for (off = 0; off < nr; off += n) {
		struct mmo_item *it = &job->items[job->nr_items++];

		n = min(nr - off, chunk);
		it->src = folio_page(src, off);
		it->dst = folio_page(dst, off);
		it->nr_pages = n;
		it->op = MMO_OP_COPY;
		it->status = MMO_ITEM_PENDING;
		it->owner = owner;
	}
	return true;
}

/*
 * Tell the move phase which destinations hold their content already: those
 * whose items all completed. It uses the mark once; a retry copies again.
 */
static void mmo_mark_copied(struct mmo_job *job)
{
	unsigned int i = 0, j;

	while (i < job->nr_items) {
		bool all_done = true;

		for (j = i; j < job->nr_items &&
		     job->items[j].owner == job->items[i].owner; j++)
			all_done &= job->items[j].status == MMO_ITEM_DONE;
		if (all_done)
			migrate_folio_set_copied(page_folio(job->items[i].dst));
		i = j;
	}
}

/*
 * Copy the batch on the engine the policy picked, and report back to that
 * policy (@decider of generation @gen), not to one swapped in meanwhile.
 */
static void mmo_migrate_offload(struct mmo_migrate_ctx *ctx,
				struct list_head *src_folios,
				struct list_head *dst_folios,
				struct mm_offload_ops *decider, u64 gen)
{
	struct mmo_engine *e = mmo_engine_get(ctx->engine);
	unsigned int chunk = ctx->chunk_pages ?: MMO_CHUNK_PAGES_MAX;
	struct mmo_migrate_result res = {
		.engine = ctx->engine,
		.chunk_pages = chunk,
	};
	struct mmo_exec_result xr;
	struct mm_offload_ops *ops;
	struct folio *src, *dst;
	struct mmo_job *job;
	u16 owner = 0;

	job = mmo_job_get();
	if (!job) {
		atomic64_inc(&mmo_migrate_stats.no_job);
		return;
	}
	job->chunk_pages = chunk;
	dst = list_first_entry(dst_folios, struct folio, lru);
	list_for_each_entry(src, src_folios, lru) {
		if (mmo_folio_batchable(src) &&
		    mmo_add_folio_items(job, src, dst, chunk, owner++))
			res.nr_folios++;
		else
			res.ineligible++;
		dst = list_next_entry(dst, lru);
	}
	atomic64_add(res.ineligible, &mmo_migrate_stats.ineligible);
	if (job->nr_items) {
		mmo_exec(e, job, &xr);
		mmo_mark_copied(job);
		res.nr_pages = xr.pages;
		res.failures = xr.fallbacks;
		res.elapsed_ns = xr.elapsed_ns;
		mmo_note_engine_items(xr.items, xr.fallbacks);
	}
	mmo_job_put(job);

	rcu_read_lock();
	ops = rcu_dereference(mmo_active_ops);
	if (ops == decider && mmo_policy_generation() == gen &&
	    ops->migrate_done)
		ops->migrate_done(&res);
	rcu_read_unlock();
}

void __mmo_migrate_decide(struct mmo_migrate_batch *batch,
			  struct list_head *src_folios,
			  struct list_head *dst_folios,
			  int mode, int reason, int nr_succeeded)
{
	struct mmo_migrate_ctx ctx = { .reason = reason, .mode = mode };
	struct mmo_decision_stats *st;
	struct mm_offload_ops *ops, *decider = NULL;
	unsigned int row;
	bool valid;
	int ret = MMO_STOCK;
	u64 gen = 0;

	mmo_promote_note_demotions(src_folios, dst_folios, reason);

	rcu_read_lock();
	ops = rcu_dereference(mmo_active_ops);
	if (ops && ops->migrate_batch) {
		/* Only a policy that decides migrations pays for the context. */
		gen = mmo_policy_generation();
		mmo_fill_migrate_ctx(&ctx, src_folios, dst_folios);
		ret = ops->migrate_batch(&ctx);
		decider = ops;
	}
	rcu_read_unlock();
	if (!decider)
		return;

	valid = mmo_check_migrate_decision(&ctx, ret, &row);
	atomic64_inc(&mmo_migrate_stats.calls);
	if (!valid) {
		atomic64_inc(&mmo_migrate_stats.invalid);
		mmo_note_invalid();
	}
	st = &mmo_migrate_stats.rows[row];
	atomic64_inc(&st->batches);
	atomic64_add(ctx.nr_folios, &st->folios);
	atomic64_add(ctx.nr_pages, &st->pages);
	trace_mmo_migrate_decide(&ctx, ret, mmo_row_name(row), valid);

	if (row != MMO_ROW_STOCK)
		mmo_migrate_offload(&ctx, src_folios, dst_folios, decider, gen);

	batch->decided = true;
	batch->row = row;
	batch->succeeded_before = nr_succeeded;
}

void __mmo_migrate_moved(struct mmo_migrate_batch *batch, int nr_succeeded)
{
	int moved = nr_succeeded - batch->succeeded_before;

	atomic64_add(moved, &mmo_migrate_stats.rows[batch->row].moved_pages);
	trace_mmo_migrate_moved(mmo_row_name(batch->row), moved);
}
