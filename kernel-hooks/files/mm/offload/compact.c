// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: compaction batch sizes.
 *
 * Compaction isolates COMPACT_CLUSTER_MAX (32) pages, or the rest of a
 * pageblock, and migrates them as one batch: too few pages to pay for an
 * offload engine, while a waiting allocation wants small ones. Once per
 * compact_zone() run a policy's compact_batch() sets how many pages make a
 * migration batch, knowing what started the run (kcompactd, proactive
 * compaction, an allocation, the sysctl). mm/compaction.c then isolates,
 * across pageblocks, until the batch is full or the scanners meet, and the
 * batch migrates through the migration hook with reason MR_COMPACTION, so
 * the policy's migrate_batch() picks the engine that copies it.
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/vmstat.h>
#include <linux/compaction.h>

#include "../internal.h"
#include "internal.h"
#include <trace/events/mm_offload.h>

static u32 mmo_compact_trigger(const struct compact_control *cc)
{
	if (cc->direct_compaction)
		return MMO_COMPACT_DIRECT;
	/* Proactive compaction runs in kcompactd too: test it first. */
	if (cc->proactive_compaction)
		return MMO_COMPACT_PROACTIVE;
	if (current_is_kcompactd())
		return MMO_COMPACT_KCOMPACTD;
	/* vm.compact_memory and /sys/devices/system/node/nodeN/compact */
	return MMO_COMPACT_SYSCTL;
}

unsigned int __mmo_compact_begin(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	u32 trigger = mmo_compact_trigger(cc);
	struct mmo_compact_ctx ctx;
	struct mm_offload_ops *ops;
	int ret = MMO_STOCK;
	bool called = false;
	s32 batch;

	rcu_read_lock();
	ops = rcu_dereference(mmo_active_ops);
	if (ops && ops->compact_batch) {
		ctx = (struct mmo_compact_ctx) {
			.nid		= zone_to_nid(zone),
			.zone_idx	= zone_idx(zone),
			.order		= cc->order,
			.mode		= cc->mode,
			.trigger	= trigger,
			/* as compaction's fragmentation_score_zone() */
			.frag_score	= extfrag_for_order(zone,
							    PMD_SHIFT - PAGE_SHIFT),
			.free_pages	= zone_page_state(zone, NR_FREE_PAGES),
			.managed_pages	= zone_managed_pages(zone),
			.batch_pages	= COMPACT_CLUSTER_MAX,
		};
		ret = ops->compact_batch(&ctx);
		called = true;
	}
	rcu_read_unlock();
	if (!called)
		return 0;

	atomic64_inc(&mmo_compact_stats.calls);
	if (ret != MMO_DECIDED) {
		if (ret != MMO_STOCK) {
			atomic64_inc(&mmo_compact_stats.invalid);
			mmo_note_invalid();
		}
		return 0;
	}
	batch = ctx.batch_pages;
	if (batch < MMO_COMPACT_BATCH_MIN || batch > MMO_COMPACT_BATCH_MAX) {
		atomic64_inc(&mmo_compact_stats.clamped);
		batch = clamp(batch, MMO_COMPACT_BATCH_MIN,
			      MMO_COMPACT_BATCH_MAX);
	}
	atomic64_inc(&mmo_compact_stats.triggers[trigger].runs);
	return batch;
}

void __mmo_compact_isolated(struct compact_control *cc)
{
	struct mmo_compact_trigger_stats *st;
	u32 trigger;

	if (!cc->batch_pages)
		return;
	trigger = mmo_compact_trigger(cc);
	st = &mmo_compact_stats.triggers[trigger];
	atomic64_inc(&st->batches);
	atomic64_add(cc->nr_migratepages, &st->pages);
	if (cc->nr_migratepages == cc->batch_pages)
		atomic64_inc(&st->full);
	trace_mmo_compact_batch(zone_to_nid(cc->zone), zone_idx(cc->zone),
				cc->order, trigger, cc->batch_pages,
				cc->nr_migratepages);
}
