/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM mm_offload

#if !defined(_TRACE_MM_OFFLOAD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_MM_OFFLOAD_H

#include <linux/tracepoint.h>
#include <linux/mm_offload.h>

/* One policy decision for a migration batch, after the kernel checked it. */
TRACE_EVENT(mmo_migrate_decide,

	TP_PROTO(const struct mmo_migrate_ctx *ctx, int verdict,
		 const char *row, bool valid),

	TP_ARGS(ctx, verdict, row, valid),

	TP_STRUCT__entry(
		__field(int, reason)
		__field(int, mode)
		__field(u32, nr_folios)
		__field(u32, nr_pages)
		__field(u32, nr_large)
		__field(int, src_nid)
		__field(int, dst_nid)
		__field(int, verdict)
		__string(row, row)
		__field(u32, chunk_pages)
		__field(bool, valid)
	),

	TP_fast_assign(
		__entry->reason = ctx->reason;
		__entry->mode = ctx->mode;
		__entry->nr_folios = ctx->nr_folios;
		__entry->nr_pages = ctx->nr_pages;
		__entry->nr_large = ctx->nr_large;
		__entry->src_nid = ctx->src_nid;
		__entry->dst_nid = ctx->dst_nid;
		__entry->verdict = verdict;
		__assign_str(row);
		__entry->chunk_pages = ctx->chunk_pages;
		__entry->valid = valid;
	),

	TP_printk("reason=%d mode=%d folios=%u pages=%u large=%u nid=%d->%d verdict=%d engine=%s chunk=%u valid=%d",
		  __entry->reason, __entry->mode, __entry->nr_folios,
		  __entry->nr_pages, __entry->nr_large, __entry->src_nid,
		  __entry->dst_nid, __entry->verdict, __get_str(row),
		  __entry->chunk_pages, __entry->valid)
);

/* Pages a decided batch then migrated successfully. */
TRACE_EVENT(mmo_migrate_moved,

	TP_PROTO(const char *row, int moved_pages),

	TP_ARGS(row, moved_pages),

	TP_STRUCT__entry(
		__string(row, row)
		__field(int, moved_pages)
	),

	TP_fast_assign(
		__assign_str(row);
		__entry->moved_pages = moved_pages;
	),

	TP_printk("engine=%s moved_pages=%d", __get_str(row),
		  __entry->moved_pages)
);

/* One executor job: what the engine completed and what the CPU redid. */
TRACE_EVENT(mmo_exec,

	TP_PROTO(const char *engine, unsigned int items, unsigned int pages,
		 unsigned int fallbacks, unsigned int lost, u64 elapsed_ns),

	TP_ARGS(engine, items, pages, fallbacks, lost, elapsed_ns),

	TP_STRUCT__entry(
		__string(engine, engine)
		__field(unsigned int, items)
		__field(unsigned int, pages)
		__field(unsigned int, fallbacks)
		__field(unsigned int, lost)
		__field(u64, elapsed_ns)
	),

	TP_fast_assign(
		__assign_str(engine);
		__entry->items = items;
		__entry->pages = pages;
		__entry->fallbacks = fallbacks;
		__entry->lost = lost;
		__entry->elapsed_ns = elapsed_ns;
	),

	TP_printk("engine=%s items=%u pages=%u fallbacks=%u lost=%u ns=%llu",
		  __get_str(engine), __entry->items, __entry->pages,
		  __entry->fallbacks, __entry->lost, __entry->elapsed_ns)
);

/* One promote_tune decision for a top-tier node, after the kernel's clamps. */
TRACE_EVENT(mmo_promote_tune,

	TP_PROTO(const struct mmo_promote_ctx *ctx, int verdict, bool valid),

	TP_ARGS(ctx, verdict, valid),

	TP_STRUCT__entry(
		__field(int, nid)
		__field(u32, period_ms)
		__field(u64, candidates)
		__field(u64, promoted)
		__field(u64, demoted)
		__field(u64, vetoed)
		__field(int, verdict)
		__field(u64, rate_limit)
		__field(u64, target)
		__field(u32, threshold_ms)
		__field(bool, valid)
	),

	TP_fast_assign(
		__entry->nid = ctx->nid;
		__entry->period_ms = ctx->period_ms;
		__entry->candidates = ctx->candidates;
		__entry->promoted = ctx->promoted;
		__entry->demoted = ctx->demoted;
		__entry->vetoed = ctx->vetoed;
		__entry->verdict = verdict;
		__entry->rate_limit = ctx->rate_limit;
		__entry->target = ctx->target;
		__entry->threshold_ms = ctx->threshold_ms;
		__entry->valid = valid;
	),

	TP_printk("nid=%d period_ms=%u candidates=%llu promoted=%llu demoted=%llu vetoed=%llu verdict=%d rate_limit=%llu target=%llu threshold_ms=%u valid=%d",
		  __entry->nid, __entry->period_ms, __entry->candidates,
		  __entry->promoted, __entry->demoted, __entry->vetoed,
		  __entry->verdict, __entry->rate_limit, __entry->target,
		  __entry->threshold_ms, __entry->valid)
);

/* One compaction migration batch isolated under a policy's batch size. */
TRACE_EVENT(mmo_compact_batch,

	TP_PROTO(int nid, int zone_idx, int order, u32 trigger,
		 unsigned int batch_pages, unsigned int nr_pages),

	TP_ARGS(nid, zone_idx, order, trigger, batch_pages, nr_pages),

	TP_STRUCT__entry(
		__field(int, nid)
		__field(int, zone_idx)
		__field(int, order)
		__field(u32, trigger)
		__field(unsigned int, batch_pages)
		__field(unsigned int, nr_pages)
	),

	TP_fast_assign(
		__entry->nid = nid;
		__entry->zone_idx = zone_idx;
		__entry->order = order;
		__entry->trigger = trigger;
		__entry->batch_pages = batch_pages;
		__entry->nr_pages = nr_pages;
	),

	TP_printk("nid=%d zone=%d order=%d trigger=%u batch_pages=%u nr_pages=%u",
		  __entry->nid, __entry->zone_idx, __entry->order,
		  __entry->trigger, __entry->batch_pages, __entry->nr_pages)
);

/* One ksm_scan decision for a ksmd round, after the kernel's clamps. */
TRACE_EVENT(mmo_ksm_scan,

	TP_PROTO(const struct mmo_ksm_ctx *ctx, int verdict, unsigned int batch,
		 const char *csum_engine, const char *cmp_engine, bool valid),

	TP_ARGS(ctx, verdict, batch, csum_engine, cmp_engine, valid),

	TP_STRUCT__entry(
		__field(u32, pages_to_scan)
		__field(u64, full_scans)
		__field(u64, stable_nodes)
		__field(u64, unstable_nodes)
		__field(int, verdict)
		__field(unsigned int, batch)
		__string(csum_engine, csum_engine)
		__string(cmp_engine, cmp_engine)
		__field(bool, valid)
	),

	TP_fast_assign(
		__entry->pages_to_scan = ctx->pages_to_scan;
		__entry->full_scans = ctx->full_scans;
		__entry->stable_nodes = ctx->stable_nodes;
		__entry->unstable_nodes = ctx->unstable_nodes;
		__entry->verdict = verdict;
		__entry->batch = batch;
		__assign_str(csum_engine);
		__assign_str(cmp_engine);
		__entry->valid = valid;
	),

	TP_printk("pages_to_scan=%u full_scans=%llu stable=%llu unstable=%llu verdict=%d batch=%u csum=%s cmp=%s valid=%d",
		  __entry->pages_to_scan, __entry->full_scans,
		  __entry->stable_nodes, __entry->unstable_nodes,
		  __entry->verdict, __entry->batch, __get_str(csum_engine),
		  __get_str(cmp_engine), __entry->valid)
);

/*
 * One flushed batch of a batched ksmd round: why it was flushed (full, the
 * scan leaving an mm_slot, the round's end), its tree levels searched in
 * lock-step, and the pages it left merged.
 */
TRACE_EVENT(mmo_ksm_batch,

	TP_PROTO(const char *flush, unsigned int candidates,
		 unsigned int levels, unsigned long merged_pages,
		 u64 elapsed_ns),

	TP_ARGS(flush, candidates, levels, merged_pages, elapsed_ns),

	TP_STRUCT__entry(
		__string(flush, flush)
		__field(unsigned int, candidates)
		__field(unsigned int, levels)
		__field(unsigned long, merged_pages)
		__field(u64, elapsed_ns)
	),

	TP_fast_assign(
		__assign_str(flush);
		__entry->candidates = candidates;
		__entry->levels = levels;
		__entry->merged_pages = merged_pages;
		__entry->elapsed_ns = elapsed_ns;
	),

	TP_printk("flush=%s candidates=%u levels=%u merged_pages=%lu ns=%llu",
		  __get_str(flush), __entry->candidates, __entry->levels,
		  __entry->merged_pages, __entry->elapsed_ns)
);

#endif /* _TRACE_MM_OFFLOAD_H */

#include <trace/define_trace.h>
