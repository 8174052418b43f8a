// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the DSA descriptor layer (see dsa_desc.h).
 *
 * A run of executor items goes to the device in rounds of at most
 * MMO_DSA_MAX_DESCS piece descriptors. A round's pieces are submitted as
 * BATCH descriptors of max_batch_size pieces each (or one by one when the
 * WQ has no batching), with at most wq_size of them in the WQ: when it is
 * full the oldest is waited for first. DSA-Linux submitted a descriptor per
 * folio before waiting for any and could block for ever on a batch larger
 * than the WQ; this never holds more than the WQ takes.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/hash.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "dsa_desc.h"

#define MMO_DSA_MAP_SLOTS	(1U << MMO_DSA_MAP_BITS)
/* A first look at a completion after the device's expected time at this rate. */
#define MMO_DSA_EXPECT_NS_PER_KB	32

void mmo_dsa_queue_init(struct mmo_dsa_queue *q, const char *name,
			const struct mmo_dsa_backend *ops, void *priv)
{
	q->name = name;
	q->ops = ops;
	q->priv = priv;
	q->timeout_ms = 1000;
	mutex_init(&q->lock);
	init_waitqueue_head(&q->wait);
}

static void mmo_stat_max(atomic64_t *max, s64 v)
{
	s64 old = atomic64_read(max);

	while (v > old && !atomic64_try_cmpxchg(max, &old, v))
		;
}

/* Map @page for this round, or reuse its mapping from an earlier item. */
static int mmo_dsa_map(struct mmo_dsa_queue *q, struct page *page, u32 len,
		       enum dma_data_direction dir, u64 *addr)
{
	unsigned int h = hash_ptr(page, MMO_DSA_MAP_BITS), n;
	struct mmo_dsa_map *m;
	int ret;

	for (n = 0; n < MMO_DSA_MAP_SLOTS; n++) {
		m = &q->maps[h];
		if (!m->page)
			break;
		if (m->page == page && m->dir == dir && m->len >= len) {
			*addr = m->addr;
			atomic64_inc(&q->stats.map_reused);
			return 0;
		}
		h = (h + 1) & (MMO_DSA_MAP_SLOTS - 1);
	}
	if (n == MMO_DSA_MAP_SLOTS ||
	    q->nr_used_maps == ARRAY_SIZE(q->used_maps))
		return -ENOSPC;
	ret = q->ops->map(q, page, len, dir, addr);
	if (ret)
		return ret;
	*m = (struct mmo_dsa_map){ .page = page, .addr = *addr,
				   .len = len, .dir = dir };
	q->used_maps[q->nr_used_maps++] = h;
	return 0;
}

static void mmo_dsa_unmap_all(struct mmo_dsa_queue *q)
{
	unsigned int i;

	for (i = 0; i < q->nr_used_maps; i++) {
		struct mmo_dsa_map *m = &q->maps[q->used_maps[i]];

		q->ops->unmap(q, m->addr, m->len, m->dir);
		m->page = NULL;
	}
	q->nr_used_maps = 0;
}

static const u8 mmo_dsa_opcode[MMO_NR_OPS] = {
	[MMO_OP_COPY]		= DSA_OPCODE_MEMMOVE,
	[MMO_OP_COMPARE]	= DSA_OPCODE_COMPARE,
	[MMO_OP_CRC]		= DSA_OPCODE_CRCGEN,
};

/*
 * Piece descriptors for items [@i, @end) from slot 0 on, as many as fit.
 * Items the device cannot take are left FAILED for the CPU. Returns the
 * first item not built; the number of pieces is in *@nr_pieces.
 */
static unsigned int mmo_dsa_build(struct mmo_dsa_queue *q, struct mmo_job *job,
				  unsigned int i, unsigned int end,
				  unsigned int *nr_pieces)
{
	u32 xfer = q->lim.max_xfer;
	unsigned int n = 0;

	for (; i < end; i++) {
		struct mmo_item *it = &job->items[i];
		u32 bytes = it->nr_pages * PAGE_SIZE, off, pieces;
		enum dma_data_direction dst_dir = DMA_TO_DEVICE;
		u64 src, dst = 0;

		pieces = DIV_ROUND_UP(bytes, xfer);
		if (pieces > MMO_DSA_MAX_DESCS ||
		    (it->op == MMO_OP_CRC && pieces > 1)) {
			/* A CRC over several descriptors would need chaining. */
			it->status = MMO_ITEM_FAILED;
			continue;
		}
		if (n + pieces > MMO_DSA_MAX_DESCS)
			break;
		if (it->op == MMO_OP_COPY)
			dst_dir = DMA_FROM_DEVICE;
		if (mmo_dsa_map(q, it->src, bytes, DMA_TO_DEVICE, &src) ||
		    (it->op != MMO_OP_CRC &&
		     mmo_dsa_map(q, it->dst, bytes, dst_dir, &dst))) {
			it->status = MMO_ITEM_FAILED;
			continue;
		}
		for (off = 0; off < bytes; off += xfer, n++) {
			struct dsa_hw_desc *d = &q->descs[n];
			u32 len = min(xfer, bytes - off);

			memset(d, 0, sizeof(*d));
			memset(&q->comps[n], 0, sizeof(q->comps[n]));
			d->opcode = mmo_dsa_opcode[it->op];
			/* No CC: a migrated page should not displace LLC lines. */
			d->flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
			d->completion_addr = q->comps_addr + n * sizeof(q->comps[0]);
			d->src_addr = src + off;
			d->dst_addr = dst ? dst + off : 0;
			d->xfer_size = len;
			if (it->op == MMO_OP_CRC)
				d->crc_seed = MMO_CRC32C_SEED;
			q->pieces[n] = (struct mmo_dsa_piece){ .item = i,
						.offset = off, .len = len };
		}
	}
	*nr_pieces = n;
	return i;
}

static bool mmo_dsa_sub_done(struct mmo_dsa_queue *q, struct mmo_dsa_sub *sub)
{
	return READ_ONCE(sub->comp->status) &&
	       (!q->ops->settled || q->ops->settled(q, sub));
}

/* Wait for the oldest WQ entry: sleep for its expected time, then poll. */
static int mmo_dsa_wait_oldest(struct mmo_dsa_queue *q, struct mmo_job *job)
{
	struct mmo_dsa_sub *sub = &q->subs[q->sub_head % MMO_DSA_MAX_WQ_SIZE];
	u64 start = ktime_get_ns();
	unsigned int timeout_ms = max(q->timeout_ms, 1U);
	u64 deadline = sub->submitted_ns + timeout_ms * NSEC_PER_MSEC;
	unsigned int spins = 0;
	int ret = 0;

	if (q->ops->doorbell)
		q->ops->doorbell(q);
	if (q->use_irq) {
		if (!wait_event_timeout(q->wait, mmo_dsa_sub_done(q, sub),
					msecs_to_jiffies(timeout_ms)))
			ret = -ETIMEDOUT;
	} else {
		u64 first = sub->submitted_ns + sub->expect_ns;

		if (first > start + 10 * NSEC_PER_USEC)
			usleep_range((first - start) / NSEC_PER_USEC,
				     (first - start) / NSEC_PER_USEC + 10);
		while (!mmo_dsa_sub_done(q, sub)) {
			if (ktime_get_ns() > deadline) {
				ret = -ETIMEDOUT;
				break;
			}
			/* Spin a little, then let the device's neighbours run. */
			if (++spins < 64)
				cpu_relax();
			else
				usleep_range(20, 50);
		}
	}
	job->wait_ns += ktime_get_ns() - start;
	if (ret)
		return ret;
	/* The pieces' records were written before the top-level one. */
	dma_rmb();
	if (sub->nr == 1)
		q->comps[sub->first] = *sub->comp;
	q->ops->release(q, sub);
	q->sub_head++;
	return 0;
}

/*
 * A WQ entry timed out: the backend stops the device, and every piece
 * still in flight is marked not done, for the CPU.
 */
static void mmo_dsa_abort(struct mmo_dsa_queue *q)
{
	atomic64_inc(&q->stats.timeouts);
	if (q->ops->abort(q))
		q->broken = true;
	for (; q->sub_head != q->sub_tail; q->sub_head++) {
		struct mmo_dsa_sub *sub =
			&q->subs[q->sub_head % MMO_DSA_MAX_WQ_SIZE];
		unsigned int p;

		for (p = sub->first; p < sub->first + sub->nr; p++)
			q->comps[p].status = DSA_COMP_NONE;
		q->ops->release(q, sub);
	}
	pr_warn_ratelimited("mm_offload: %s: a descriptor timed out after %u ms; its items went to the CPU%s\n",
			    q->name, q->timeout_ms,
			    q->broken ? ", and the engine is off until rebound" : "");
}

/* Submit pieces [0, @n) and wait for all of them. */
static void mmo_dsa_submit_round(struct mmo_dsa_queue *q, struct mmo_job *job,
				 unsigned int n)
{
	u32 per = q->lim.max_batch >= 2 ? q->lim.max_batch : 1;
	unsigned int p, cnt, k;

	q->sub_head = 0;
	q->sub_tail = 0;
	for (p = 0; p < n; p += cnt) {
		struct mmo_dsa_sub *sub;
		struct dsa_hw_desc hw;
		u64 bytes = 0;
		int ret;

		cnt = min(n - p, per);
		/* DSA 1.x refuses a batch of one: send it as it is. */
		if (cnt == 1) {
			hw = q->descs[p];
		} else {
			memset(&hw, 0, sizeof(hw));
			hw.opcode = DSA_OPCODE_BATCH;
			hw.flags = IDXD_OP_FLAG_CRAV | IDXD_OP_FLAG_RCR;
			hw.desc_list_addr = q->descs_addr + p * sizeof(hw);
			hw.desc_count = cnt;
		}
		if (q->use_irq)
			hw.flags |= IDXD_OP_FLAG_RCI;
		for (k = p; k < p + cnt; k++)
			bytes += q->pieces[k].len;

		for (;;) {
			ret = -EAGAIN;
			sub = &q->subs[q->sub_tail % MMO_DSA_MAX_WQ_SIZE];
			if (q->sub_tail - q->sub_head < q->lim.wq_size)
				ret = q->ops->submit(q, &hw, sub);
			if (ret != -EAGAIN || q->sub_tail == q->sub_head)
				break;
			if (mmo_dsa_wait_oldest(q, job))
				goto timeout;
		}
		if (ret) {
			/* Not submitted: these pieces stay not done. */
			for (k = p; k < p + cnt; k++)
				q->comps[k].status = DSA_COMP_NONE;
			continue;
		}
		sub->submitted_ns = ktime_get_ns();
		sub->expect_ns = bytes / SZ_1K * MMO_DSA_EXPECT_NS_PER_KB;
		sub->first = p;
		sub->nr = cnt;
		q->sub_tail++;
		if (q->ops->model_ns)
			job->model_ns += q->ops->model_ns(q, cnt, bytes);
		atomic64_inc(&q->stats.submissions);
		atomic64_add(cnt, &q->stats.descs);
		if (cnt > 1)
			atomic64_inc(&q->stats.batches);
		mmo_stat_max(&q->stats.max_batch_seen, cnt);
		mmo_stat_max(&q->stats.max_outstanding_seen,
			     q->sub_tail - q->sub_head);
	}
	while (q->sub_head != q->sub_tail)
		if (mmo_dsa_wait_oldest(q, job))
			goto timeout;
	return;
timeout:
	mmo_dsa_abort(q);
}

/*
 * The sign of memcmp() of two items that COMPARE found different at byte
 * @from: the device says where, one byte compare says which way. Looks on
 * to @end in case the device reports the offset rounded down. 0 if no
 * difference is there.
 */
int mmo_dsa_compare_sign(struct page *a, struct page *b, u32 from, u32 end)
{
	int ret = 0;

	while (from < end && !ret) {
		u32 off = offset_in_page(from);
		u32 n = min_t(u32, end - from, PAGE_SIZE - off);
		u8 *pa = kmap_local_page(a + from / PAGE_SIZE);
		u8 *pb = kmap_local_page(b + from / PAGE_SIZE);
		u32 i;

		for (i = 0; i < n && !ret; i++)
			ret = (int)pa[off + i] - (int)pb[off + i];
		kunmap_local(pb);
		kunmap_local(pa);
		from += n;
	}
	return (ret > 0) - (ret < 0);
}

/* One item's result from its pieces' completion records. */
static void mmo_dsa_item_result(struct mmo_dsa_queue *q, struct mmo_item *it,
				unsigned int p, unsigned int end)
{
	u32 done = 0;

	for (; p < end; p++) {
		struct dsa_completion_record *rec = &q->comps[p];
		struct mmo_dsa_piece *pc = &q->pieces[p];

		switch (DSA_COMP_STATUS(rec->status)) {
		case DSA_COMP_SUCCESS:
			if (it->op == MMO_OP_COMPARE && rec->result) {
				it->cmp = mmo_dsa_compare_sign(it->src, it->dst,
						pc->offset + rec->bytes_completed,
						pc->offset + pc->len);
				if (it->cmp)
					goto done;
				/* The device and the CPU disagree: ask the CPU. */
				done = 0;
				goto fail;
			}
			if (it->op == MMO_OP_CRC)
				it->crc = rec->crc_val;
			done += pc->len;
			continue;
		case DSA_COMP_PAGE_FAULT_NOBOF:
		case DSA_COMP_PAGE_FAULT_IR:
			/* Done up to the fault: the CPU does the rest. */
			atomic64_inc(&q->stats.partial);
			done += min(rec->bytes_completed, pc->len);
			goto fail;
		default:
			atomic64_inc(&q->stats.failed);
			goto fail;
		}
	}
	if (it->op == MMO_OP_COMPARE)
		it->cmp = 0;
done:
	it->status = MMO_ITEM_DONE;
	return;
fail:
	it->status = MMO_ITEM_FAILED;
	it->done_bytes = done;
}

/*
 * Run items [@first, @first + @nr) of @job on @q. Returns the device's busy
 * time: modelled for a simulated device, else the wall time of the run.
 */
u64 mmo_dsa_run(struct mmo_dsa_queue *q, struct mmo_job *job,
		unsigned int first, unsigned int nr)
{
	unsigned int i = first, end = first + nr, next, n, p, k;
	u64 start = ktime_get_ns(), model = job->model_ns;

	mutex_lock(&q->lock);
	q->ops->limits(q, &q->lim);
	q->lim.max_xfer = max(q->lim.max_xfer, 1U);
	q->lim.wq_size = clamp(q->lim.wq_size, 1U, MMO_DSA_MAX_WQ_SIZE);
	if (q->broken) {
		for (i = first; i < end; i++)
			job->items[i].status = MMO_ITEM_FAILED;
		goto out;
	}
	while (i < end) {
		next = mmo_dsa_build(q, job, i, end, &n);
		mmo_dsa_submit_round(q, job, n);
		mmo_dsa_unmap_all(q);
		for (p = 0; p < n; p = k) {
			for (k = p; k < n && q->pieces[k].item == q->pieces[p].item; k++)
				;
			mmo_dsa_item_result(q, &job->items[q->pieces[p].item],
					    p, k);
		}
		i = next;
	}
out:
	mutex_unlock(&q->lock);
	if (q->ops->model_ns)
		return job->model_ns - model;
	return ktime_get_ns() - start;
}

/* debugfs: the queue's counters ("stats"; writing resets them), knobs. */
static int mmo_dsa_stats_show(struct seq_file *m, void *v)
{
	struct mmo_dsa_queue *q = m->private;
	struct mmo_dsa_stats *st = &q->stats;

	seq_printf(m, "submissions %lld\n", atomic64_read(&st->submissions));
	seq_printf(m, "batches %lld\n", atomic64_read(&st->batches));
	seq_printf(m, "descs %lld\n", atomic64_read(&st->descs));
	seq_printf(m, "max_batch_seen %lld\n", atomic64_read(&st->max_batch_seen));
	seq_printf(m, "max_outstanding_seen %lld\n",
		   atomic64_read(&st->max_outstanding_seen));
	seq_printf(m, "partial %lld\n", atomic64_read(&st->partial));
	seq_printf(m, "failed %lld\n", atomic64_read(&st->failed));
	seq_printf(m, "timeouts %lld\n", atomic64_read(&st->timeouts));
	seq_printf(m, "map_reused %lld\n", atomic64_read(&st->map_reused));
	seq_printf(m, "broken %d\n", q->broken);
	return 0;
}

static int mmo_dsa_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, mmo_dsa_stats_show, inode->i_private);
}

static ssize_t mmo_dsa_stats_write(struct file *file, const char __user *buf,
				   size_t count, loff_t *ppos)
{
	struct mmo_dsa_queue *q = file_inode(file)->i_private;

	mutex_lock(&q->lock);
	memset(&q->stats, 0, sizeof(q->stats));
	mutex_unlock(&q->lock);
	return count;
}

static const struct file_operations mmo_dsa_stats_fops = {
	.owner		= THIS_MODULE,
	.open		= mmo_dsa_stats_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
	.write		= mmo_dsa_stats_write,
};

void mmo_dsa_debugfs(struct mmo_dsa_queue *q, struct dentry *dir)
{
	debugfs_create_file("stats", 0600, dir, q, &mmo_dsa_stats_fops);
	debugfs_create_u32("timeout_ms", 0600, dir, &q->timeout_ms);
	debugfs_create_bool("irq", 0600, dir, &q->use_irq);
}
