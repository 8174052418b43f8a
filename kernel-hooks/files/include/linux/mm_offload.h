/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm-offload: BPF policies for kernel memory movement.
 *
 * A BPF program implementing struct mm_offload_ops decides how the kernel
 * moves memory. This header is what the rest of mm/ sees: the types a policy
 * is handed and the hook functions. With no policy attached every hook is a
 * patched-out static branch.
 */
#ifndef _LINUX_MM_OFFLOAD_H
#define _LINUX_MM_OFFLOAD_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/jump_label.h>
#include <linux/mm_types.h>
#include <uapi/linux/mm_offload.h>

/*
 * One migration batch, as a policy sees it in migrate_batch(). Every field
 * is read-only to the program except the decision, @engine and
 * @chunk_pages (see mmo_btf_struct_access()).
 */
struct mmo_migrate_ctx {
	int reason;		/* enum migrate_reason */
	int mode;		/* enum migrate_mode of this batch */
	u32 nr_folios;
	u32 nr_pages;		/* base pages over all folios */
	u32 nr_large;		/* folios larger than a base page */
	int src_nid;		/* NUMA_NO_NODE when the sources span nodes */
	int dst_nid;		/* NUMA_NO_NODE when the targets span nodes */
	u32 engines_available;	/* bit MMO_ENGINE_x set: engine x can run */
	u32 engine_inflight[MMO_NR_ENGINES];	/* jobs running on each now */

	/* The decision, written by the policy. */
	u32 engine;		/* MMO_ENGINE_*; preset to MMO_ENGINE_CPU */
	u32 chunk_pages;	/* pages per engine submission, 0 = whole batch */
};

/* What a migration decision then cost; read-only to the policy. */
struct mmo_migrate_result {
	u32 engine;		/* the engine that ran the batch */
	u32 nr_folios;		/* folios the engine was given */
	u32 nr_pages;
	u32 chunk_pages;	/* as the kernel applied it */
	u32 failures;		/* items the engine failed, redone by the CPU */
	u32 ineligible;		/* folios left to the per-folio path */
	u64 elapsed_ns;		/* wall time of the copy, fallbacks included */
};

/*
 * One NUMA-tiering threshold period of a top-tier node, as promote_tune()
 * sees it. Rates are in base pages per second. The decision fields come
 * preset to what is in force; the kernel clamps what the policy writes.
 */
struct mmo_promote_ctx {
	int nid;		/* the top-tier node promotions go to */
	/* real length of the period just ended; 0 on the first call */
	u32 period_ms;
	u64 candidates;		/* pages that passed the threshold (pgpromote_candidate) */
	u64 promoted;		/* pages promoted (pgpromote_success) */
	u64 demoted;		/* pages demoted from @nid */
	u64 vetoed;		/* pages promote_folio() vetoed */
	u64 free_pages;		/* free pages of @nid */
	u64 present_pages;
	u32 default_threshold_ms;	/* the debugfs hot_threshold_ms */
	u32 threshold_min_ms;	/* the range a policy's threshold is clamped to */
	u32 threshold_max_ms;
	u64 rate_limit_max;	/* the sysctl's limit: policies may only lower it */

	/* The decision. */
	u64 rate_limit;		/* hard cap on candidates promoted per second */
	u64 target;		/* throughput the hot threshold is tuned towards */
	u32 threshold_ms;	/* the hot threshold for the next period */
};

/* One folio about to be promoted; read-only, the verdict is returned. */
struct mmo_promote_folio_ctx {
	int src_nid;
	int dst_nid;
	u32 nr_pages;
	u32 latency_ms;		/* its hint-fault latency, below the threshold */
	u32 threshold_ms;
	u32 demoted;		/* MMO_DEMOTED_* */
	u64 pfn;
};

/*
 * One compact_zone() run, as compact_batch() sees it. Read-only but the
 * decision, @batch_pages, which comes preset to the stock batch (32).
 */
struct mmo_compact_ctx {
	int nid;
	int zone_idx;		/* enum zone_type */
	int order;		/* order wanted; -1: the whole zone (sysctl, proactive) */
	int mode;		/* enum migrate_mode of the run */
	u32 trigger;		/* MMO_COMPACT_* */
	u32 frag_score;		/* the zone's fragmentation score, 0..100 */
	u64 free_pages;		/* free pages of the zone */
	u64 managed_pages;

	/* The decision: pages to isolate per migration batch. */
	s32 batch_pages;
};

/*
 * What computed a ksm rmap_item's oldchecksum: nothing yet (a new
 * rmap_item, whose oldchecksum is 0 as in stock), stock's xxhash on the
 * CPU (csum_engine cpu, and the serial scan), or CRC-32C (csum_engine dsa
 * or dsa-sim). A checksum of another kind than the scan's is checked by
 * computing that kind again on the CPU, so that no change of engine makes
 * an unchanged page wait a scan.
 */
enum mmo_ksm_csum_kind {
	MMO_KSM_CSUM_NONE,
	MMO_KSM_CSUM_XXHASH,
	MMO_KSM_CSUM_CRC32C,
};

/*
 * One ksmd scan round (ksm_do_scan()), as ksm_scan() sees it. Read-only but
 * the decision, which comes preset to stock: batch 1, both engines the CPU.
 */
struct mmo_ksm_ctx {
	u32 pages_to_scan;	/* pages this round scans */
	u32 engines_available;	/* bit MMO_ENGINE_x set: engine x can run */
	u64 stable_nodes;	/* nodes of the stable tree (a chain counts once) */
	u64 unstable_nodes;	/* rmap_items in the unstable tree */
	u64 pages_shared;	/* as /sys/kernel/mm/ksm/ */
	u64 pages_sharing;
	u64 full_scans;
	u64 last_ns;		/* wall time of the last round; 0 on the first */
	u64 last_merges;	/* pages that became shared in the last round */
	u32 last_batch;		/* the batch the last round ran with */

	/* The decision. */
	s32 batch;		/* candidates per batch, [1, 1024]; 1 = serial */
	u32 csum_engine;	/* MMO_ENGINE_*: cpu (xxhash), dsa, dsa-sim (CRC-32C) */
	u32 cmp_engine;		/* MMO_ENGINE_*: cpu, dsa, dsa-sim */
};

/* Handed to a policy's exit callback; for an ejection, also in sysfs. */
struct mmo_exit_info {
	int kind;		/* MMO_EXIT_* */
	int reason;		/* MMO_EJECT_*, when kind is MMO_EXIT_EJECTED */
	u32 window_ms;		/* the counts below are over this window */
	u64 invalid;		/* invalid decisions */
	u64 items;		/* items sent to engines */
	u64 failures;		/* of which the engines failed */
	char msg[MMO_EXIT_MSG_LEN];	/* what happened, in words */
};

/*
 * The struct_ops type. A callback left NULL means the kernel's default for
 * that decision. Only init and exit may be sleepable.
 */
struct mm_offload_ops {
	/* Return MMO_DECIDED with the decision in @ctx, or MMO_STOCK. */
	int (*migrate_batch)(struct mmo_migrate_ctx *ctx);
	/* Feedback after a batch the policy sent to an engine was copied. */
	void (*migrate_done)(struct mmo_migrate_result *res);
	/*
	 * NUMA tiering, per top-tier node at each hot-threshold period:
	 * return MMO_DECIDED with the new limits in @ctx, or MMO_STOCK.
	 */
	int (*promote_tune)(struct mmo_promote_ctx *ctx);
	/*
	 * Per folio about to be promoted, under the page-table lock: return
	 * MMO_PROMOTE_VETO to keep it where it is, or MMO_PROMOTE_ALLOW.
	 */
	int (*promote_folio)(struct mmo_promote_folio_ctx *ctx);
	/*
	 * Per compact_zone() run: return MMO_DECIDED with the batch size in
	 * @ctx (clamped to [1, 512]), or MMO_STOCK.
	 */
	int (*compact_batch)(struct mmo_compact_ctx *ctx);
	/*
	 * Per ksmd scan round: return MMO_DECIDED with the candidate batch
	 * and the checksum and compare engines in @ctx, or MMO_STOCK.
	 */
	int (*ksm_scan)(struct mmo_ksm_ctx *ctx);
	/* Called when the policy becomes the active one; nonzero refuses. */
	int (*init)(void);
	/* Called when the policy stops being the active one. */
	void (*exit)(struct mmo_exit_info *info);
	char name[MMO_POLICY_NAME_LEN];
};

#ifdef CONFIG_MM_OFFLOAD

DECLARE_STATIC_KEY_FALSE(mmo_attached);

/* Decision state for one migrate_pages_batch() call, on its stack. */
struct mmo_migrate_batch {
	bool decided;
	u8 row;			/* accounting row: an engine, or stock */
	int succeeded_before;	/* stats->nr_succeeded at decision time */
};

void __mmo_migrate_decide(struct mmo_migrate_batch *batch,
			  struct list_head *src_folios,
			  struct list_head *dst_folios,
			  int mode, int reason, int nr_succeeded);
void __mmo_migrate_moved(struct mmo_migrate_batch *batch, int nr_succeeded);

/*
 * From mm/migrate.c: record in @dst's migration state that the executor
 * copied its source, for the next move attempt only.
 */
void migrate_folio_set_copied(struct folio *dst);
/* Test fault point on the move of a copied folio (debugfs fail_copied_move). */
bool mmo_fail_copied_move(struct folio *src);

/*
 * Called once per batch after unmap and TLB flush, when the whole batch is
 * known: the policy picks how it will be copied.
 */
static inline void mmo_migrate_decide(struct mmo_migrate_batch *batch,
				      struct list_head *src_folios,
				      struct list_head *dst_folios,
				      int mode, int reason, int nr_succeeded)
{
	batch->decided = false;
	if (static_branch_unlikely(&mmo_attached) && !list_empty(src_folios))
		__mmo_migrate_decide(batch, src_folios, dst_folios, mode,
				     reason, nr_succeeded);
}

/* Called after the move phase, to account what the decision moved. */
static inline void mmo_migrate_moved(struct mmo_migrate_batch *batch,
				    int nr_succeeded)
{
	if (unlikely(batch->decided))
		__mmo_migrate_moved(batch, nr_succeeded);
}

struct pglist_data;

void __mmo_promote_tune(struct pglist_data *pgdat, unsigned long candidates,
			unsigned int period_ms, unsigned int default_th);
unsigned long __mmo_promote_limit(struct pglist_data *pgdat,
				  unsigned long sysctl_limit, bool target,
				  unsigned int default_th);
bool __mmo_promote_veto(struct folio *folio, int src_nid, int dst_nid,
			unsigned int latency, unsigned int th);

/*
 * NUMA tiering (kernel/sched/fair.c): once per period and node, after the
 * kernel adjusted its hot threshold, the policy may retune the node.
 */
static inline void mmo_promote_tune(struct pglist_data *pgdat,
				    unsigned long candidates,
				    unsigned int period_ms,
				    unsigned int default_th)
{
	if (static_branch_unlikely(&mmo_attached))
		__mmo_promote_tune(pgdat, candidates, period_ms, default_th);
}

/* The hard promotion rate limit in force, in pages per second. */
static inline unsigned long mmo_promote_rate_limit(struct pglist_data *pgdat,
						   unsigned long sysctl_limit)
{
	if (static_branch_unlikely(&mmo_attached))
		return __mmo_promote_limit(pgdat, sysctl_limit, false, 0);
	return sysctl_limit;
}

/*
 * The throughput the hot threshold is tuned towards. Stock uses the rate
 * limit for both; a policy may set a separate target (CXL-AutoNUMA). The
 * first call after a policy attached tunes the node at once.
 */
static inline unsigned long mmo_promote_target(struct pglist_data *pgdat,
					       unsigned long sysctl_limit,
					       unsigned int default_th)
{
	if (static_branch_unlikely(&mmo_attached))
		return __mmo_promote_limit(pgdat, sysctl_limit, true,
					   default_th);
	return sysctl_limit;
}

/* True if the policy keeps @folio off the top tier this time. */
static inline bool mmo_promote_veto(struct folio *folio, int src_nid,
				    int dst_nid, unsigned int latency,
				    unsigned int th)
{
	if (static_branch_unlikely(&mmo_attached))
		return __mmo_promote_veto(folio, src_nid, dst_nid, latency, th);
	return false;
}

struct compact_control;

unsigned int __mmo_compact_begin(struct compact_control *cc);
void __mmo_compact_isolated(struct compact_control *cc);

/*
 * Compaction (mm/compaction.c): at the start of a compact_zone() run, the
 * policy's migration batch size for the run; 0 keeps stock batching.
 */
static inline unsigned int mmo_compact_begin(struct compact_control *cc)
{
	if (static_branch_unlikely(&mmo_attached))
		return __mmo_compact_begin(cc);
	return 0;
}

/* Called with every batch isolated, before it migrates. */
static inline void mmo_compact_isolated(struct compact_control *cc)
{
	if (static_branch_unlikely(&mmo_attached))
		__mmo_compact_isolated(cc);
}

#else /* !CONFIG_MM_OFFLOAD */

struct mmo_migrate_batch {};

static inline void mmo_migrate_decide(struct mmo_migrate_batch *batch,
				      struct list_head *src_folios,
				      struct list_head *dst_folios,
				      int mode, int reason, int nr_succeeded)
{
}

static inline void mmo_migrate_moved(struct mmo_migrate_batch *batch,
				    int nr_succeeded)
{
}

struct pglist_data;

static inline void mmo_promote_tune(struct pglist_data *pgdat,
				    unsigned long candidates,
				    unsigned int period_ms,
				    unsigned int default_th)
{
}

static inline unsigned long mmo_promote_rate_limit(struct pglist_data *pgdat,
						   unsigned long sysctl_limit)
{
	return sysctl_limit;
}

static inline unsigned long mmo_promote_target(struct pglist_data *pgdat,
					       unsigned long sysctl_limit,
					       unsigned int default_th)
{
	return sysctl_limit;
}

static inline bool mmo_promote_veto(struct folio *folio, int src_nid,
				    int dst_nid, unsigned int latency,
				    unsigned int th)
{
	return false;
}

struct compact_control;

static inline unsigned int mmo_compact_begin(struct compact_control *cc)
{
	return 0;
}

static inline void mmo_compact_isolated(struct compact_control *cc)
{
}

#endif /* CONFIG_MM_OFFLOAD */
#endif /* _LINUX_MM_OFFLOAD_H */
