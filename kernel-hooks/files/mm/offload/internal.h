/* SPDX-License-Identifier: GPL-2.0 */
/* mm-offload: state shared by the files of mm/offload/. */
#ifndef _MM_OFFLOAD_INTERNAL_H
#define _MM_OFFLOAD_INTERNAL_H

#include <linux/atomic.h>
#include <linux/mm_offload.h>
#include <linux/rcupdate.h>

/* The active policy, NULL when none. Written under mmo_attach_lock. */
extern struct mm_offload_ops __rcu *mmo_active_ops;

/*
 * Migration decisions are accounted per row: one row per engine the policy
 * chose, and a "stock" row for batches left to the unmodified kernel path
 * (declined by the policy, or invalid decisions).
 */
#define MMO_ROW_STOCK	MMO_NR_ENGINES
#define MMO_NR_ROWS	(MMO_NR_ENGINES + 1)

struct mmo_decision_stats {
	atomic64_t batches;
	atomic64_t folios;
	atomic64_t pages;
	atomic64_t moved_pages;	/* pages that then migrated successfully */
};

struct mmo_migrate_stats {
	atomic64_t calls;	/* migrate_batch invocations */
	atomic64_t invalid;	/* decisions the kernel had to correct */
	atomic64_t ineligible;	/* folios an engine could not take */
	atomic64_t no_job;	/* batches left to the CPU: job pool empty */
	struct mmo_decision_stats rows[MMO_NR_ROWS];
};

extern struct mmo_migrate_stats mmo_migrate_stats;

const char *mmo_row_name(unsigned int row);

/* Snapshot of the attach state, for sysfs. */
void mmo_policy_snapshot(char *name, size_t len, int *state,
			 u64 *swaps);

int mmo_sysfs_init(void);

/* Ejection of misbehaving policies (eject.c). */
struct bpf_prog;

extern unsigned int mmo_eject_window_ms;
extern unsigned int mmo_eject_invalid_max;
extern unsigned int mmo_eject_failure_pct;
extern unsigned int mmo_eject_failure_min_items;

int mmo_eject_init(void);
void mmo_eject_reset(void);
void mmo_note_invalid(void);
void mmo_note_unavailable_engine(unsigned int engine);
void mmo_note_engine_items(unsigned int items, unsigned int failures);
u64 mmo_policy_generation(void);
bool mmo_prog_is_policy(const struct bpf_prog *prog);
void mmo_detach_ejected(u64 gen, struct mmo_exit_info *info);
void mmo_exit_snapshot(struct mmo_exit_info *info, u64 *ejections);

extern unsigned int mmo_cpu_mt_threads;

struct dentry;
/* debugfs fail_copied_move (migrate.c), under CONFIG_FAULT_INJECTION_DEBUG_FS */
void mmo_migrate_fault_init(struct dentry *dir);

/* NUMA-tiering promotion (promote.c), counted while a policy is attached. */
struct mmo_promote_stats {
	atomic64_t tune_calls;		/* promote_tune invocations */
	atomic64_t tune_invalid;	/* decisions the kernel had to clamp */
	atomic64_t folio_calls;		/* promote_folio invocations */
	atomic64_t vetoed_pages;	/* pages it kept off the top tier */
	atomic64_t folio_invalid;	/* verdicts that were neither */
	atomic64_t demote_marked;	/* demoted pages marked for promote_folio */
};

extern struct mmo_promote_stats mmo_promote_stats;

/* Compaction batch sizes (compact.c), counted while a policy is attached. */
struct mmo_compact_trigger_stats {
	atomic64_t runs;	/* compact_zone() runs with a policy batch */
	atomic64_t batches;	/* migration batches isolated in those runs */
	atomic64_t pages;	/* pages in those batches */
	atomic64_t full;	/* batches of exactly the policy's size */
};

struct mmo_compact_stats {
	atomic64_t calls;	/* compact_batch invocations */
	atomic64_t invalid;	/* returns neither MMO_DECIDED nor MMO_STOCK */
	atomic64_t clamped;	/* batch sizes outside [1, 512] */
	struct mmo_compact_trigger_stats triggers[MMO_COMPACT_NR_TRIGGERS];
};

extern struct mmo_compact_stats mmo_compact_stats;

#ifdef CONFIG_NUMA_BALANCING
int mmo_promote_init(void);
int mmo_promote_prepare(struct mm_offload_ops *ops);
void mmo_promote_switched(struct mm_offload_ops *ops);
void mmo_promote_release(struct mm_offload_ops *active);
void mmo_promote_note_demotions(struct list_head *src_folios,
				struct list_head *dst_folios, int reason);
#else
static inline int mmo_promote_init(void) { return 0; }
static inline int mmo_promote_prepare(struct mm_offload_ops *ops) { return 0; }
static inline void mmo_promote_switched(struct mm_offload_ops *ops) { }
static inline void mmo_promote_release(struct mm_offload_ops *active) { }
static inline void mmo_promote_note_demotions(struct list_head *src_folios,
					      struct list_head *dst_folios,
					      int reason) { }
#endif

#endif /* _MM_OFFLOAD_INTERNAL_H */
