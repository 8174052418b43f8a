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

/* Handed to a policy's exit callback. */
struct mmo_exit_info {
	int kind;		/* MMO_EXIT_* */
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
	/* Called when the policy becomes the active one; nonzero refuses. */
	int (*init)(void);
	/* Called when the policy stops being the active one. */
	void (*exit)(struct mmo_exit_info *info);
	char name[MMO_POLICY_NAME_LEN];
};

/*
 * A destination folio whose content the executor already copied: the flag
 * rides in dst->private beside the other migration states (mm/migrate.c's
 * PAGE_WAS_COPIED), and migrate_folio_move() turns it into this mark for
 * __migrate_folio(), which then skips its own copy.
 */
#define MMO_PAGE_WAS_COPIED	0x4UL
#define MMO_FOLIO_COPIED	((void *)MMO_PAGE_WAS_COPIED)

static inline bool mmo_folio_test_clear_copied(struct folio *dst)
{
	if (likely(dst->private != MMO_FOLIO_COPIED))
		return false;
	dst->private = NULL;
	return true;
}

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

#endif /* CONFIG_MM_OFFLOAD */
#endif /* _LINUX_MM_OFFLOAD_H */
