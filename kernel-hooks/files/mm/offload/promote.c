// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: NUMA-tiering promotion limits.
 *
 * In memory tiering mode the kernel uses one setting for two jobs: the
 * promotion rate limit caps promotions per second, and it is also the
 * throughput the per-node hot threshold is tuned towards once a period.
 * With the default limit (64 GB/s) the threshold only ever climbs, and too
 * much is promoted. CXL-AutoNUMA separates the two; here a policy's
 * promote_tune() sets, per top-tier node and period, the hard limit, a
 * separate target and optionally the threshold, all clamped.
 *
 * promote_folio() may veto single promotions. Its context says whether the
 * folio was demoted recently, so that a policy can stop ping-pong: the
 * migration hook marks the destination of every demotion in a bitmap of its
 * (lower-tier) node, two generations of one tuning period each.
 */
#include <linux/memory-tiers.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

#include "internal.h"
#include <trace/events/mm_offload.h>

/* Per top-tier node; written by the one CPU that wins the period. */
struct mmo_promote_node {
	unsigned long rate_limit;	/* pages/s, ULONG_MAX: the sysctl's */
	unsigned long target;		/* pages/s, ULONG_MAX: the limit */
	unsigned long sysctl_limit;	/* as last seen in the fault path */
	unsigned long last_promoted;
	unsigned long last_demoted;
	unsigned long last_vetoed;
	atomic_long_t vetoed;
	atomic_t untuned;		/* no promote_tune since the attach */
};

static struct mmo_promote_node mmo_promote_nodes[MAX_NUMNODES];

/* Recently demoted page frames of one lower-tier node. */
struct mmo_demoted_map {
	unsigned long start_pfn;
	unsigned long nr_pfns;
	unsigned long *gen[2];
	unsigned long gen_start[2];	/* jiffies */
	unsigned int cur;		/* the generation being marked */
	unsigned int period_ms;
};

/* Allocated while the active policy has promote_folio. */
static struct mmo_demoted_map __rcu *mmo_demoted_maps;

static void mmo_demoted_rotate_fn(struct work_struct *work);
static DECLARE_WORK(mmo_demoted_rotate_work, mmo_demoted_rotate_fn);

static unsigned long mmo_node_demoted(struct pglist_data *pgdat)
{
	return node_page_state(pgdat, PGDEMOTE_KSWAPD) +
	       node_page_state(pgdat, PGDEMOTE_DIRECT) +
	       node_page_state(pgdat, PGDEMOTE_KHUGEPAGED);
}

unsigned long __mmo_promote_limit(struct pglist_data *pgdat,
				  unsigned long sysctl_limit, bool target,
				  unsigned int default_th)
{
	struct mmo_promote_node *n = &mmo_promote_nodes[pgdat->node_id];

	if (READ_ONCE(n->sysctl_limit) != sysctl_limit)
		WRITE_ONCE(n->sysctl_limit, sysctl_limit);
	/*
	 * A new policy's limits apply from the first promotion on, not one
	 * threshold period (60 s by default) later.
	 */
	if (target && atomic_read(&n->untuned) && atomic_xchg(&n->untuned, 0))
		__mmo_promote_tune(pgdat, 0, 0, default_th);
	return min(target ? READ_ONCE(n->target) : READ_ONCE(n->rate_limit),
		   sysctl_limit);
}

/* Start a new demotion generation once the current one is a period old. */
static void mmo_demoted_maybe_rotate(unsigned int period_ms)
{
	struct mmo_demoted_map *maps = rcu_dereference(mmo_demoted_maps);
	int nid;

	if (!maps)
		return;
	for_each_node_state(nid, N_MEMORY) {
		struct mmo_demoted_map *m = &maps[nid];

		if (!m->nr_pfns)
			continue;
		WRITE_ONCE(m->period_ms, period_ms);
		if (time_after(jiffies, READ_ONCE(m->gen_start[m->cur]) +
			       msecs_to_jiffies(period_ms))) {
			queue_work(system_unbound_wq, &mmo_demoted_rotate_work);
			return;
		}
	}
}

/* Clears the older generation, then makes it the current one. */
static void mmo_demoted_rotate_fn(struct work_struct *work)
{
	struct mmo_demoted_map *maps;
	unsigned long chunk = 1UL << 18;	/* bits cleared between resched points */
	int nid;

	rcu_read_lock();
	maps = rcu_dereference(mmo_demoted_maps);
	rcu_read_unlock();
	/* The maps are freed only after cancel_work_sync() on this work. */
	if (!maps)
		return;
	for_each_node_state(nid, N_MEMORY) {
		struct mmo_demoted_map *m = &maps[nid];
		unsigned int old = !m->cur;
		unsigned long off;

		if (!m->nr_pfns ||
		    !time_after(jiffies, m->gen_start[m->cur] +
				msecs_to_jiffies(READ_ONCE(m->period_ms))))
			continue;
		for (off = 0; off < m->nr_pfns; off += chunk) {
			bitmap_clear(m->gen[old], off, min(chunk, m->nr_pfns - off));
			cond_resched();
		}
		WRITE_ONCE(m->gen_start[old], jiffies);
		WRITE_ONCE(m->cur, old);
	}
}

/* Called for every migration batch while a policy is attached. */
void mmo_promote_note_demotions(struct list_head *src_folios,
				struct list_head *dst_folios, int reason)
{
	struct mmo_demoted_map *maps;
	struct folio *src, *dst;
	unsigned long marked = 0;

	if (reason != MR_DEMOTION)
		return;
	rcu_read_lock();
	maps = rcu_dereference(mmo_demoted_maps);
	if (!maps)
		goto out;
	dst = list_first_entry(dst_folios, struct folio, lru);
	list_for_each_entry(src, src_folios, lru) {
		struct mmo_demoted_map *m = &maps[folio_nid(dst)];
		unsigned long bit = folio_pfn(dst) - m->start_pfn;

		if (node_is_toptier(folio_nid(src)) && bit < m->nr_pfns) {
			set_bit(bit, m->gen[READ_ONCE(m->cur)]);
			marked += folio_nr_pages(src);
		}
		dst = list_next_entry(dst, lru);
	}
	atomic64_add(marked, &mmo_promote_stats.demote_marked);
out:
	rcu_read_unlock();
}

static unsigned int mmo_folio_demoted(struct folio *folio)
{
	struct mmo_demoted_map *maps = rcu_dereference(mmo_demoted_maps);
	struct mmo_demoted_map *m;
	unsigned long bit;
	unsigned int cur;

	if (!maps)
		return MMO_DEMOTED_NO;
	m = &maps[folio_nid(folio)];
	bit = folio_pfn(folio) - m->start_pfn;
	if (bit >= m->nr_pfns)
		return MMO_DEMOTED_NO;
	cur = READ_ONCE(m->cur);
	if (test_bit(bit, m->gen[cur]))
		return MMO_DEMOTED_RECENT;
	if (test_bit(bit, m->gen[!cur]))
		return MMO_DEMOTED_PREV;
	return MMO_DEMOTED_NO;
}

bool __mmo_promote_veto(struct folio *folio, int src_nid, int dst_nid,
			unsigned int latency, unsigned int th)
{
	struct mmo_promote_folio_ctx ctx = {
		.src_nid = src_nid,
		.dst_nid = dst_nid,
		.nr_pages = folio_nr_pages(folio),
		.latency_ms = latency,
		.threshold_ms = th,
		.pfn = folio_pfn(folio),
	};
	struct mm_offload_ops *ops;
	int ret = MMO_PROMOTE_ALLOW;
	bool called = false;

	rcu_read_lock();
	ops = rcu_dereference(mmo_active_ops);
	if (ops && ops->promote_folio) {
		ctx.demoted = mmo_folio_demoted(folio);
		ret = ops->promote_folio(&ctx);
		called = true;
	}
	rcu_read_unlock();
	if (!called)
		return false;

	atomic64_inc(&mmo_promote_stats.folio_calls);
	if (ret == MMO_PROMOTE_VETO) {
		atomic64_add(ctx.nr_pages, &mmo_promote_stats.vetoed_pages);
		atomic_long_add(ctx.nr_pages, &mmo_promote_nodes[dst_nid].vetoed);
		return true;
	}
	if (ret != MMO_PROMOTE_ALLOW) {
		atomic64_inc(&mmo_promote_stats.folio_invalid);
		mmo_note_invalid();
	}
	return false;
}

/* Clamp *@v to [@lo, @hi]; false if it had to be. */
static bool mmo_clamp_u64(u64 *v, u64 lo, u64 hi)
{
	u64 c = clamp(*v, lo, hi);

	if (c == *v)
		return true;
	*v = c;
	return false;
}

static bool mmo_apply_promote_decision(struct pglist_data *pgdat,
				       struct mmo_promote_node *n,
				       struct mmo_promote_ctx *ctx, int ret)
{
	u64 th = ctx->threshold_ms;
	bool valid = true;

	if (ret == MMO_STOCK) {
		WRITE_ONCE(n->rate_limit, ULONG_MAX);
		WRITE_ONCE(n->target, ULONG_MAX);
		return true;
	}
	if (ret != MMO_DECIDED) {
		WRITE_ONCE(n->rate_limit, ULONG_MAX);
		WRITE_ONCE(n->target, ULONG_MAX);
		return false;
	}
	valid &= mmo_clamp_u64(&ctx->rate_limit, 0, ctx->rate_limit_max);
	valid &= mmo_clamp_u64(&ctx->target, 1, ctx->rate_limit_max);
	/* Stock's next step subtracts from it: it must stay in stock's range. */
	valid &= mmo_clamp_u64(&th, ctx->threshold_min_ms, ctx->threshold_max_ms);
	ctx->threshold_ms = th;
	WRITE_ONCE(n->rate_limit, ctx->rate_limit);
	WRITE_ONCE(n->target, ctx->target);
	WRITE_ONCE(pgdat->nbp_threshold, ctx->threshold_ms);
	return valid;
}

void __mmo_promote_tune(struct pglist_data *pgdat, unsigned long candidates,
			unsigned int period_ms, unsigned int default_th)
{
	struct mmo_promote_node *n = &mmo_promote_nodes[pgdat->node_id];
	unsigned long promoted = node_page_state(pgdat, PGPROMOTE_SUCCESS);
	unsigned long demoted = mmo_node_demoted(pgdat);
	unsigned long vetoed = atomic_long_read(&n->vetoed);
	unsigned long sysctl_limit = READ_ONCE(n->sysctl_limit);
	struct mmo_promote_ctx ctx = {
		.nid = pgdat->node_id,
		.period_ms = period_ms,
		.candidates = candidates,
		.promoted = promoted - n->last_promoted,
		.demoted = demoted - n->last_demoted,
		.vetoed = vetoed - n->last_vetoed,
		.free_pages = sum_zone_node_page_state(pgdat->node_id,
						       NR_FREE_PAGES),
		.present_pages = pgdat->node_present_pages,
		.default_threshold_ms = default_th,
		.threshold_min_ms = max(default_th * 2 / 16, 1U),
		.threshold_max_ms = default_th * 2,
		.rate_limit_max = sysctl_limit,
		.rate_limit = min(READ_ONCE(n->rate_limit), sysctl_limit),
		.target = min(READ_ONCE(n->target), sysctl_limit),
		.threshold_ms = READ_ONCE(pgdat->nbp_threshold) ?: default_th,
	};
	struct mm_offload_ops *ops;
	int ret = MMO_STOCK;
	bool called = false, valid;

	n->last_promoted = promoted;
	n->last_demoted = demoted;
	n->last_vetoed = vetoed;

	rcu_read_lock();
	mmo_demoted_maybe_rotate(period_ms);
	ops = rcu_dereference(mmo_active_ops);
	if (ops && ops->promote_tune) {
		ret = ops->promote_tune(&ctx);
		called = true;
	}
	rcu_read_unlock();
	if (!called)
		return;

	valid = mmo_apply_promote_decision(pgdat, n, &ctx, ret);
	atomic64_inc(&mmo_promote_stats.tune_calls);
	if (!valid) {
		atomic64_inc(&mmo_promote_stats.tune_invalid);
		mmo_note_invalid();
	}
	trace_mmo_promote_tune(&ctx, ret, valid);
}

static void mmo_demoted_maps_free(struct mmo_demoted_map *maps)
{
	int nid;

	for (nid = 0; nid < nr_node_ids; nid++) {
		kvfree(maps[nid].gen[0]);
		kvfree(maps[nid].gen[1]);
	}
	kfree(maps);
}

static struct mmo_demoted_map *mmo_demoted_maps_alloc(void)
{
	struct mmo_demoted_map *maps;
	int nid;

	maps = kcalloc(nr_node_ids, sizeof(*maps), GFP_KERNEL);
	if (!maps)
		return NULL;
	for_each_node_state(nid, N_MEMORY) {
		struct mmo_demoted_map *m = &maps[nid];

		if (node_is_toptier(nid))
			continue;
		m->start_pfn = node_start_pfn(nid);
		m->nr_pfns = node_spanned_pages(nid);
		m->gen[0] = kvcalloc(BITS_TO_LONGS(m->nr_pfns), sizeof(long),
				     GFP_KERNEL);
		m->gen[1] = kvcalloc(BITS_TO_LONGS(m->nr_pfns), sizeof(long),
				     GFP_KERNEL);
		if (!m->gen[0] || !m->gen[1]) {
			mmo_demoted_maps_free(maps);
			return NULL;
		}
		m->gen_start[0] = jiffies;
		m->period_ms = MSEC_PER_SEC * 60;
	}
	return maps;
}

/*
 * Before @ops becomes the active policy (under mmo_attach_lock): the
 * demotion maps it needs. Failing refuses the attach with -ENOMEM.
 */
int mmo_promote_prepare(struct mm_offload_ops *ops)
{
	struct mmo_demoted_map *maps;

	if (!ops->promote_folio ||
	    rcu_access_pointer(mmo_demoted_maps))
		return 0;
	maps = mmo_demoted_maps_alloc();
	if (!maps)
		return -ENOMEM;
	rcu_assign_pointer(mmo_demoted_maps, maps);
	return 0;
}

/* Free the demotion maps unless @active (NULL: none) needs them. */
void mmo_promote_release(struct mm_offload_ops *active)
{
	struct mmo_demoted_map *maps;

	if (active && active->promote_folio)
		return;
	maps = rcu_replace_pointer(mmo_demoted_maps, NULL, true);
	if (!maps)
		return;
	synchronize_rcu();
	cancel_work_sync(&mmo_demoted_rotate_work);
	mmo_demoted_maps_free(maps);
}

/*
 * After @ops (NULL: none) became the active policy and no hook runs the
 * old one any more: limits go back to the sysctl's, counters restart, and
 * maps no policy needs are freed.
 */
void mmo_promote_switched(struct mm_offload_ops *ops)
{
	int nid;

	for_each_online_node(nid) {
		struct mmo_promote_node *n = &mmo_promote_nodes[nid];
		struct pglist_data *pgdat = NODE_DATA(nid);

		WRITE_ONCE(n->rate_limit, ULONG_MAX);
		WRITE_ONCE(n->target, ULONG_MAX);
		n->last_promoted = node_page_state(pgdat, PGPROMOTE_SUCCESS);
		n->last_demoted = mmo_node_demoted(pgdat);
		n->last_vetoed = atomic_long_read(&n->vetoed);
		atomic_set(&n->untuned, 1);
	}
	mmo_promote_release(ops);
}

int __init mmo_promote_init(void)
{
	int nid;

	for (nid = 0; nid < MAX_NUMNODES; nid++) {
		mmo_promote_nodes[nid].rate_limit = ULONG_MAX;
		mmo_promote_nodes[nid].target = ULONG_MAX;
		mmo_promote_nodes[nid].sysctl_limit = ULONG_MAX;
	}
	return 0;
}
