/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm-offload: the DSA descriptor layer, shared by the "dsa" engine (an idxd
 * work queue) and the "dsa-sim" engine (a software device that executes
 * the very same descriptors).
 *
 * It turns executor items into struct dsa_hw_desc (MEMMOVE, COMPARE,
 * CRCGEN), each no longer than the WQ's max_transfer_size, groups them into
 * BATCH descriptors of at most max_batch_size, never has more top-level
 * descriptors outstanding than the WQ holds, and turns the completion
 * records back into per-item results. What the device did not complete is
 * left FAILED with done_bytes set, and the executor's CPU finishes it.
 */
#ifndef _MM_OFFLOAD_DSA_DESC_H
#define _MM_OFFLOAD_DSA_DESC_H

#include <linux/dma-direction.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <uapi/linux/idxd.h>

#include "executor.h"

/* Piece descriptors a queue builds at once; a THP at 4 KiB each fits. */
#define MMO_DSA_MAX_DESCS	1024
/* Top-level descriptors in flight at most, whatever the WQ's size. */
#define MMO_DSA_MAX_WQ_SIZE	128
/* Mapping table: twice the mappings one round can hold. */
#define MMO_DSA_MAP_BITS	12

struct mmo_dsa_limits {
	u32 max_batch;		/* descriptors per BATCH; below 2: none */
	u32 max_xfer;		/* bytes per descriptor */
	u32 wq_size;		/* top-level descriptors the WQ holds */
};

/* A top-level descriptor in the WQ: a BATCH, or one piece alone. */
struct mmo_dsa_sub {
	struct dsa_completion_record *comp;	/* its record, as the CPU sees it */
	void *cookie;				/* the backend's */
	u64 submitted_ns;
	u32 expect_ns;				/* when to look first */
	u16 first, nr;				/* the pieces it carries */
};

struct mmo_dsa_queue;

struct mmo_dsa_backend {
	/* The WQ's limits now; read under the queue's lock at each run. */
	void (*limits)(struct mmo_dsa_queue *q, struct mmo_dsa_limits *lim);
	/* Map @len bytes from @page for the device; its address in @addr. */
	int (*map)(struct mmo_dsa_queue *q, struct page *page, size_t len,
		   enum dma_data_direction dir, u64 *addr);
	void (*unmap)(struct mmo_dsa_queue *q, u64 addr, size_t len,
		      enum dma_data_direction dir);
	/*
	 * Put @hw in the WQ (completion_addr is the backend's to set) and
	 * fill @sub. -EAGAIN: the WQ is full.
	 */
	int (*submit)(struct mmo_dsa_queue *q, struct dsa_hw_desc *hw,
		      struct mmo_dsa_sub *sub);
	/* Optional: the submitter is about to wait for what it queued. */
	void (*doorbell)(struct mmo_dsa_queue *q);
	/* Optional: may @sub, whose status is written, be released yet? */
	bool (*settled)(struct mmo_dsa_queue *q, struct mmo_dsa_sub *sub);
	/* @sub completed, or was given up after abort(): free its slot. */
	void (*release)(struct mmo_dsa_queue *q, struct mmo_dsa_sub *sub);
	/*
	 * A descriptor did not complete in time: stop the device touching
	 * this queue's memory. 0 if the queue may be used again.
	 */
	int (*abort)(struct mmo_dsa_queue *q);
	/* Device time of one top-level descriptor, for a modelled device. */
	u64 (*model_ns)(struct mmo_dsa_queue *q, u32 descs, u64 bytes);
};

/* What one piece descriptor stands for. */
struct mmo_dsa_piece {
	u16 item;		/* index in the job */
	u32 offset;		/* byte offset in the item */
	u32 len;
};

struct mmo_dsa_stats {
	atomic64_t submissions;		/* top-level descriptors */
	atomic64_t batches;		/* of which BATCH descriptors */
	atomic64_t descs;		/* piece descriptors */
	atomic64_t max_batch_seen;	/* largest desc_count submitted */
	atomic64_t max_outstanding_seen;
	atomic64_t partial;		/* pieces completed in part */
	atomic64_t failed;		/* pieces with an error status */
	atomic64_t timeouts;
	atomic64_t map_reused;		/* mappings a batch used again */
};

struct mmo_dsa_queue {
	const char *name;
	const struct mmo_dsa_backend *ops;
	void *priv;			/* the backend's */
	struct mutex lock;		/* one job on the queue at a time */
	struct mmo_dsa_limits lim;	/* snapshot for the job running */
	unsigned int timeout_ms;
	bool use_irq;			/* wait for the interrupt, not poll */
	bool broken;			/* aborted; unusable until rebound */
	wait_queue_head_t wait;		/* woken by the completion interrupt */

	/* The piece descriptors and their records, and their bus addresses. */
	struct dsa_hw_desc *descs;
	struct dsa_completion_record *comps;
	u64 descs_addr, comps_addr;
	struct mmo_dsa_piece pieces[MMO_DSA_MAX_DESCS];

	/* The WQ entries in flight, oldest first, as a ring. */
	struct mmo_dsa_sub subs[MMO_DSA_MAX_WQ_SIZE];
	unsigned int sub_head, sub_tail;

	/* Mappings of the round running, reused across its items. */
	struct mmo_dsa_map {
		struct page *page;
		u64 addr;
		u32 len;
		u8 dir;
	} maps[1 << MMO_DSA_MAP_BITS];
	u16 used_maps[2 * MMO_DSA_MAX_DESCS];
	unsigned int nr_used_maps;

	struct mmo_dsa_stats stats;
};

void mmo_dsa_queue_init(struct mmo_dsa_queue *q, const char *name,
			const struct mmo_dsa_backend *ops, void *priv);
u64 mmo_dsa_run(struct mmo_dsa_queue *q, struct mmo_job *job,
		unsigned int first, unsigned int nr);
int mmo_dsa_compare_sign(struct page *a, struct page *b, u32 from, u32 end);
void mmo_dsa_debugfs(struct mmo_dsa_queue *q, struct dentry *dir);

#endif /* _MM_OFFLOAD_DSA_DESC_H */
