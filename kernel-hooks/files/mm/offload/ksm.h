/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm-offload: the counters of ksm's batched scan (mm/offload/ksm.c), as
 * /sys/kernel/mm/mm_offload/ksm/ shows them. They grow only while a policy
 * with ksm_scan is attached, but csum_kind, which the serial scan also
 * counts while it checks the checksums a policy's engine stored.
 */
#ifndef _MM_OFFLOAD_KSM_H
#define _MM_OFFLOAD_KSM_H

#include <linux/atomic.h>

struct kobject;

struct mmo_ksm_stats {
	/* decisions */
	atomic64_t calls;		/* ksm_scan invocations */
	atomic64_t invalid;		/* decisions the kernel had to correct */
	atomic64_t clamped;		/* batches outside [1, 1024] */
	atomic64_t serial_rounds;	/* rounds run by stock's serial scan */
	atomic64_t batched_rounds;	/* rounds run by the batched scan */
	/* batches */
	atomic64_t batches;		/* batches flushed */
	atomic64_t candidates;		/* pages in them */
	atomic64_t flush_full;		/* flushed: batch full */
	atomic64_t flush_slot;		/* flushed: the scan leaves the mm */
	atomic64_t flush_round;		/* flushed: end of the round */
	atomic64_t flush_node;		/* flushed: next page on another node */
	atomic64_t flush_large;		/* flushed: next page of a large folio */
	atomic64_t ksm_pages;		/* KSM pages scanned: stock path at once */
	atomic64_t large_pages;		/* pages of large folios: likewise */
	/* checksums */
	atomic64_t csum_jobs;		/* executor CRC jobs */
	atomic64_t csum_cpu;		/* batches checksummed by xxhash */
	atomic64_t csum_changed;	/* candidates dropped: checksum changed */
	atomic64_t csum_kind;		/* stored by another kind: CPU recomputed */
	atomic64_t csum_lost;		/* dropped: no engine nor CPU could read it */
	atomic64_t zero_merged;		/* merged with the zero page */
	/* tree searches in lock-step */
	atomic64_t stable_levels;	/* COMPARE jobs on the stable tree */
	atomic64_t unstable_levels;	/* COMPARE jobs on the unstable tree */
	atomic64_t cmp_items;		/* compares in those jobs */
	atomic64_t cmp_slots;		/* levels x batch size: utilisation's base */
	atomic64_t max_levels;		/* deepest lock-step search */
	atomic64_t no_job;		/* jobs run inline: executor pool empty */
	/* outcomes */
	atomic64_t stable_hits;		/* merged with a stable tree page */
	atomic64_t unstable_hits;	/* merged with an unstable tree page */
	atomic64_t inserted;		/* inserted into the unstable tree */
	atomic64_t groups;		/* insertion groups (one predecessor) */
	atomic64_t grouped;		/* candidates in groups of more than one */
	atomic64_t batch_merges;	/* merged with a twin in the same batch */
	atomic64_t group_compares;	/* full compares finding and sorting them */
	atomic64_t insert_skipped;	/* insertion point gone: not inserted */
	atomic64_t serial;		/* left to the stock per-page path */
};

#ifdef CONFIG_KSM
extern struct mmo_ksm_stats mmo_ksm_stats;
int mmo_ksm_sysfs_init(struct kobject *top);
#else
static inline int mmo_ksm_sysfs_init(struct kobject *top)
{
	return 0;
}
#endif

#endif /* _MM_OFFLOAD_KSM_H */
