// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the "dsa" engine, an idxd work-queue sub-driver named
 * "mm_offload" (the pattern of drivers/crypto/intel/iaa).
 *
 * An administrator configures a dedicated kernel WQ with driver_name
 * "mm_offload" (mmoctl dsa setup, or accel-config) and enables it; probe
 * then binds it, and the engine is offered to policies while it is bound.
 * Jobs go through the descriptor layer (dsa_desc.c) with dma_map_page()
 * addresses, one idxd_desc per top-level descriptor taken without
 * blocking, and completion by sleep-then-poll (or the interrupt, with
 * /sys/kernel/debug/mm_offload/dsa/irq; the time-out in timeout_ms).
 *
 * NOT RUN ON HARDWARE: no machine of this project has DSA. The code builds
 * in every test kernel and binds to nothing there; the descriptor layer it
 * shares with dsa-sim is what the tests exercise. README lists what to
 * check on a first real device.
 */
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "idxd.h"
#include "internal.h"
#include "dsa_desc.h"

/* The one WQ bound, and its queue; NULL when none. */
static struct mmo_dsa_queue *mmo_dsa_q;
static DEFINE_MUTEX(mmo_dsa_bind_lock);
/* debugfs mm_offload/dsa/: wait for the interrupt instead of polling. */
static bool mmo_dsa_irq;
static u32 mmo_dsa_timeout_ms = 1000;

struct mmo_dsa_wq_ctx {
	struct idxd_wq *wq;
	/*
	 * With the interrupt, idxd's IRQ thread holds a completed descriptor
	 * on its list until it has called mmo_dsa_desc_complete(); it is
	 * freed only after that, marked here by descriptor id.
	 */
	unsigned long *irq_seen;
};

static struct idxd_wq *mmo_dsa_wq(struct mmo_dsa_queue *q)
{
	return ((struct mmo_dsa_wq_ctx *)q->priv)->wq;
}

static struct device *mmo_dsa_dev(struct mmo_dsa_queue *q)
{
	return &mmo_dsa_wq(q)->idxd->pdev->dev;
}

static void mmo_dsa_limits(struct mmo_dsa_queue *q, struct mmo_dsa_limits *lim)
{
	struct idxd_wq *wq = mmo_dsa_wq(q);

	lim->max_batch = wq->max_batch_size;
	lim->max_xfer = min_t(u64, wq->max_xfer_bytes, U32_MAX);
	lim->wq_size = wq->size;
}

static int mmo_dsa_map(struct mmo_dsa_queue *q, struct page *page, size_t len,
		       enum dma_data_direction dir, u64 *addr)
{
	dma_addr_t a = dma_map_page(mmo_dsa_dev(q), page, 0, len, dir);

	if (dma_mapping_error(mmo_dsa_dev(q), a))
		return -ENOMEM;
	*addr = a;
	return 0;
}

static void mmo_dsa_unmap(struct mmo_dsa_queue *q, u64 addr, size_t len,
			  enum dma_data_direction dir)
{
	dma_unmap_page(mmo_dsa_dev(q), addr, len, dir);
}

static int mmo_dsa_submit(struct mmo_dsa_queue *q, struct dsa_hw_desc *hw,
			  struct mmo_dsa_sub *sub)
{
	struct idxd_wq *wq = mmo_dsa_wq(q);
	struct idxd_desc *desc = idxd_alloc_desc(wq, IDXD_OP_NONBLOCK);
	u32 pasid;
	int ret;

	if (IS_ERR(desc))
		return PTR_ERR(desc) == -EAGAIN ? -EAGAIN : -EIO;
	/* idxd_alloc_desc() set the PASID; keep it. */
	pasid = desc->hw->pasid;
	*desc->hw = *hw;
	desc->hw->pasid = pasid;
	desc->hw->priv = 1;
	desc->hw->completion_addr = desc->compl_dma;
	ret = idxd_submit_desc(wq, desc);
	if (ret) {
		idxd_free_desc(wq, desc);
		return ret;
	}
	sub->comp = desc->completion;
	sub->cookie = desc;
	return 0;
}

static bool mmo_dsa_settled(struct mmo_dsa_queue *q, struct mmo_dsa_sub *sub)
{
	struct mmo_dsa_wq_ctx *ctx = q->priv;
	struct idxd_desc *desc = sub->cookie;

	return !(desc->hw->flags & IDXD_OP_FLAG_RCI) ||
	       test_bit(desc->id, ctx->irq_seen);
}

static void mmo_dsa_release(struct mmo_dsa_queue *q, struct mmo_dsa_sub *sub)
{
	struct mmo_dsa_wq_ctx *ctx = q->priv;
	struct idxd_desc *desc = sub->cookie;

	clear_bit(desc->id, ctx->irq_seen);
	idxd_free_desc(ctx->wq, desc);
}

/*
 * A descriptor did not complete. The device may still write into this
 * queue's records and the pages, so the queue is not used again until the
 * WQ is unbound and bound anew, which drains and resets it.
 */
static int mmo_dsa_abort(struct mmo_dsa_queue *q)
{
	return -EIO;
}

static const struct mmo_dsa_backend mmo_dsa_backend = {
	.limits		= mmo_dsa_limits,
	.map		= mmo_dsa_map,
	.unmap		= mmo_dsa_unmap,
	.submit		= mmo_dsa_submit,
	.settled	= mmo_dsa_settled,
	.release	= mmo_dsa_release,
	.abort		= mmo_dsa_abort,
};

static u64 mmo_dsa_run_job(struct mmo_engine *e, struct mmo_job *job,
			   unsigned int first, unsigned int nr)
{
	struct mmo_dsa_queue *q;
	unsigned int i;
	u64 ns = 0;

	mutex_lock(&mmo_dsa_bind_lock);
	q = mmo_dsa_q;
	if (q) {
		q->use_irq = READ_ONCE(mmo_dsa_irq);
		q->timeout_ms = READ_ONCE(mmo_dsa_timeout_ms);
		ns = mmo_dsa_run(q, job, first, nr);
	} else {
		/* Unbound since the policy chose it: the CPU does the job. */
		for (i = first; i < first + nr; i++)
			job->items[i].status = MMO_ITEM_FAILED;
	}
	mutex_unlock(&mmo_dsa_bind_lock);
	return ns;
}

static bool mmo_dsa_available(void)
{
	struct mmo_dsa_queue *q = READ_ONCE(mmo_dsa_q);

	return q && !q->broken;
}

static struct mmo_engine mmo_dsa_engine = {
	.name		= "dsa",
	.id		= MMO_ENGINE_DSA,
	.caps		= BIT(MMO_OP_COPY) | BIT(MMO_OP_COMPARE) | BIT(MMO_OP_CRC),
	.available	= mmo_dsa_available,
	.run		= mmo_dsa_run_job,
};

static void mmo_dsa_free_queue(struct mmo_dsa_queue *q, struct device *dev)
{
	struct mmo_dsa_wq_ctx *ctx = q->priv;

	if (ctx)
		bitmap_free(ctx->irq_seen);
	kfree(ctx);
	if (q->descs)
		dma_free_coherent(dev, MMO_DSA_MAX_DESCS * sizeof(*q->descs),
				  q->descs, q->descs_addr);
	if (q->comps)
		dma_free_coherent(dev, MMO_DSA_MAX_DESCS * sizeof(*q->comps),
				  q->comps, q->comps_addr);
	kvfree(q);
}

static struct mmo_dsa_queue *mmo_dsa_alloc_queue(struct idxd_wq *wq)
{
	struct device *dev = &wq->idxd->pdev->dev;
	struct mmo_dsa_queue *q = kvzalloc(sizeof(*q), GFP_KERNEL);
	struct mmo_dsa_wq_ctx *ctx;
	dma_addr_t descs, comps;

	if (!q)
		return NULL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	q->priv = ctx;
	if (!ctx)
		goto fail;
	ctx->wq = wq;
	ctx->irq_seen = bitmap_zalloc(wq->num_descs, GFP_KERNEL);
	/* Coherent: the CPU writes descriptors and reads records in place. */
	q->descs = dma_alloc_coherent(dev, MMO_DSA_MAX_DESCS * sizeof(*q->descs),
				      &descs, GFP_KERNEL);
	q->comps = dma_alloc_coherent(dev, MMO_DSA_MAX_DESCS * sizeof(*q->comps),
				      &comps, GFP_KERNEL);
	q->descs_addr = descs;
	q->comps_addr = comps;
	if (!ctx->irq_seen || !q->descs || !q->comps)
		goto fail;
	mmo_dsa_queue_init(q, "dsa", &mmo_dsa_backend, ctx);
	return q;
fail:
	mmo_dsa_free_queue(q, dev);
	return NULL;
}

static int mmo_dsa_probe(struct idxd_dev *idxd_dev)
{
	struct idxd_wq *wq = idxd_dev_to_wq(idxd_dev);
	struct idxd_device *idxd = wq->idxd;
	struct device *dev = &idxd_dev->conf_dev;
	struct mmo_dsa_queue *q;
	int ret;

	if (idxd->state != IDXD_DEV_ENABLED)
		return -ENXIO;
	if (idxd->data->type != IDXD_TYPE_DSA)
		return -ENODEV;

	mutex_lock(&wq->wq_lock);
	if (!idxd_wq_driver_name_match(wq, dev)) {
		idxd->cmd_status = IDXD_SCMD_WQ_NO_DRV_NAME;
		ret = -ENODEV;
		goto out;
	}
	if (!wq_dedicated(wq)) {
		/* Dedicated only: MOVDIR64B, no PASID or ENQCMDS retries. */
		dev_warn(dev, "mm_offload: wq%d.%d is shared; configure a dedicated WQ\n",
			 idxd->id, wq->id);
		ret = -EOPNOTSUPP;
		goto out;
	}
	mutex_lock(&mmo_dsa_bind_lock);
	if (mmo_dsa_q) {
		dev_warn(dev, "mm_offload: one WQ is supported and one is bound\n");
		ret = -EBUSY;
		goto out_bind;
	}
	wq->type = IDXD_WQT_KERNEL;
	ret = idxd_drv_enable_wq(wq);
	if (ret < 0) {
		ret = -ENXIO;
		goto out_bind;
	}
	q = mmo_dsa_alloc_queue(wq);
	if (!q) {
		idxd_drv_disable_wq(wq);
		ret = -ENOMEM;
		goto out_bind;
	}
	idxd_wq_set_private(wq, q);
	WRITE_ONCE(mmo_dsa_q, q);
	dev_info(dev, "mm_offload: dsa engine on wq%d.%d (size %u, max batch %u, max transfer %llu)\n",
		 idxd->id, wq->id, wq->size, wq->max_batch_size,
		 wq->max_xfer_bytes);
	ret = 0;
out_bind:
	mutex_unlock(&mmo_dsa_bind_lock);
out:
	mutex_unlock(&wq->wq_lock);
	return ret;
}

static void mmo_dsa_remove(struct idxd_dev *idxd_dev)
{
	struct idxd_wq *wq = idxd_dev_to_wq(idxd_dev);
	struct mmo_dsa_queue *q;

	/* Waits for the job running on it, if any. */
	mutex_lock(&mmo_dsa_bind_lock);
	q = idxd_wq_get_private(wq);
	if (q == mmo_dsa_q)
		WRITE_ONCE(mmo_dsa_q, NULL);
	mutex_unlock(&mmo_dsa_bind_lock);

	idxd_wq_quiesce(wq);
	mutex_lock(&wq->wq_lock);
	idxd_wq_set_private(wq, NULL);
	idxd_drv_disable_wq(wq);
	mutex_unlock(&wq->wq_lock);
	if (q)
		mmo_dsa_free_queue(q, &wq->idxd->pdev->dev);
}

/* The interrupt (RCI) for @desc: wake the waiter, who frees it. */
static void mmo_dsa_desc_complete(struct idxd_desc *desc,
				  enum idxd_complete_type type, bool free_desc,
				  void *cb_ctx, u32 *status)
{
	struct mmo_dsa_queue *q = idxd_wq_get_private(desc->wq);
	struct mmo_dsa_wq_ctx *ctx;

	if (!q)
		return;
	ctx = q->priv;
	set_bit(desc->id, ctx->irq_seen);
	wake_up(&q->wait);
}

static enum idxd_dev_type mmo_dsa_dev_types[] = { IDXD_DEV_WQ, IDXD_DEV_NONE };

static struct idxd_device_driver mmo_dsa_driver = {
	.name		= "mm_offload",
	.type		= mmo_dsa_dev_types,
	.probe		= mmo_dsa_probe,
	.remove		= mmo_dsa_remove,
	.desc_complete	= mmo_dsa_desc_complete,
};

/* Runs from mm_offload's late initcall, after the idxd bus is up. */
int __init mmo_dsa_engine_init(struct dentry *debugfs)
{
	int ret = idxd_driver_register(&mmo_dsa_driver);

	if (!IS_ERR_OR_NULL(debugfs)) {
		struct dentry *dir = mmo_debugfs_dir(debugfs, "dsa");

		debugfs_create_bool("irq", 0600, dir, &mmo_dsa_irq);
		debugfs_create_u32("timeout_ms", 0600, dir, &mmo_dsa_timeout_ms);
	}
	if (ret) {
		pr_warn("mm_offload: idxd sub-driver not registered: %d; no dsa engine\n",
			ret);
		return 0;
	}
	return mmo_engine_register(&mmo_dsa_engine);
}
