// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: "dsa-sim", a simulated DSA device for tests, in the manner of
 * netdevsim and null_blk.
 *
 * The engine drives it through the same descriptor layer as the real "dsa"
 * engine (dsa_desc.c). A submission copies a 64-byte struct dsa_hw_desc
 * into the device's work queue, as MOVDIR64B writes it to a portal; a
 * kthread takes descriptors from there in order, checks them as the device
 * would (counts, sizes, alignment, opcodes), executes MEMMOVE, COMPARE,
 * CRCGEN and BATCH with the CPU, and writes the completion records. The
 * device's addresses are physical addresses, as with no IOMMU.
 *
 * Because a CPU thread does the device's work here, the time the engine
 * waited says nothing about a device. The engine reports instead the time
 * of a latency model (executor.h: "modelled"): per top-level submission,
 * per descriptor and per KiB, set in debugfs. The defaults come from the
 * DSA figures of Intel's DTO library README (a 8-12 KiB memmove in 1.19 us,
 * about 100 KiB in 3.8 us, about 1 MiB in 28.4 us; research/anchors-upstream.md
 * 3): a line through them gives about 27 ns per KiB and 1.1 us fixed, split
 * here as 1 us per submission and 100 ns per descriptor (no published
 * figure separates the two). Everything measured through it is a model.
 *
 * debugfs, /sys/kernel/debug/mm_offload/dsa-sim/:
 *   max_batch_size, max_transfer_size, wq_size      the WQ's limits
 *   submit_ns, desc_ns, kb_ns                       the latency model
 *   fault_kind      0 none, 1 error status, 2 partial completion at
 *                   fault_byte, 3 page fault, 4 stall (never completes)
 *   fault_interval  inject at every Nth descriptor executed
 *   fault_times     injections left (0: none)
 *   fault_byte, fault_status                        as used by the kinds
 *   enabled         the engine is offered to policies
 *   stats, timeout_ms, irq                          the queue (dsa_desc.c)
 *   device          descriptors executed, faults injected
 */
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "internal.h"
#include "dsa_desc.h"

enum mmo_sim_fault {
	MMO_SIM_FAULT_NONE,
	MMO_SIM_FAULT_ERROR,
	MMO_SIM_FAULT_PARTIAL,
	MMO_SIM_FAULT_PAGE,
	MMO_SIM_FAULT_STALL,
};

/* The device's own limits, which the WQ settings are clamped to. */
#define MMO_SIM_MAX_BATCH	1024
#define MMO_SIM_MAX_XFER	(2U << 20)

struct mmo_dsa_sim {
	struct mmo_dsa_queue *q;
	struct task_struct *thread;
	spinlock_t lock;		/* the work queue below */
	wait_queue_head_t kick;
	struct completion aborted;
	struct dsa_hw_desc wq[MMO_DSA_MAX_WQ_SIZE];
	unsigned int wq_head, wq_tail;	/* taken by the thread, written */
	unsigned int outstanding;	/* submitted and not yet released */
	bool abort;
	/* Top-level completion records, one per WQ entry. */
	struct dsa_completion_record *tops;

	/* Settings (debugfs). */
	u32 max_batch_size, max_transfer_size, wq_size;
	u32 submit_ns, desc_ns, kb_ns;
	u32 fault_kind, fault_interval, fault_times, fault_byte, fault_status;
	bool enabled;

	/* Device counters. */
	u64 executed, injected;
};

static struct mmo_dsa_sim mmo_sim = {
	.max_batch_size		= 32,		/* idxd's WQ default */
	.max_transfer_size	= 2U << 20,	/* idxd's WQ default */
	.wq_size		= 32,
	.submit_ns		= 1000,
	.desc_ns		= 100,
	.kb_ns			= 27,
	.fault_status		= DSA_COMP_HW_ERR1,
	.enabled		= true,
};

/* The device's view of memory: a physical address. */
static void *mmo_sim_kmap(u64 addr)
{
	return kmap_local_page(pfn_to_page(PHYS_PFN(addr))) +
	       offset_in_page(addr);
}

/* Length from @a and @b on that stays within one page of each. */
static u32 mmo_sim_step(u64 a, u64 b, u32 left)
{
	u32 n = min_t(u32, left, PAGE_SIZE - offset_in_page(a));

	return min_t(u32, n, PAGE_SIZE - offset_in_page(b));
}

static void mmo_sim_memmove(u64 dst, u64 src, u32 len)
{
	while (len) {
		u32 n = mmo_sim_step(dst, src, len);
		void *s = mmo_sim_kmap(src);
		void *d = mmo_sim_kmap(dst);

		memcpy(d, s, n);
		kunmap_local(d);
		kunmap_local(s);
		src += n;
		dst += n;
		len -= n;
	}
}

/* Offset of the first difference, or @len. */
static u32 mmo_sim_compare(u64 a, u64 b, u32 len)
{
	u32 done = 0;

	while (done < len) {
		u32 n = mmo_sim_step(a + done, b + done, len - done), i;
		u8 *pa = mmo_sim_kmap(a + done);
		u8 *pb = mmo_sim_kmap(b + done);

		for (i = 0; i < n && pa[i] == pb[i]; i++)
			;
		kunmap_local(pb);
		kunmap_local(pa);
		done += i;
		if (i < n)
			break;
	}
	return done;
}

static u32 mmo_sim_crc(u32 crc, u64 src, u32 len)
{
	while (len) {
		u32 n = mmo_sim_step(src, src, len);
		void *p = mmo_sim_kmap(src);

		crc = __crc32c_le(crc, p, n);
		kunmap_local(p);
		src += n;
		len -= n;
	}
	return crc;
}

/* Write a completion record as the device does: the status byte last. */
static void mmo_sim_complete(u64 addr, struct dsa_completion_record *rec,
			     u8 status)
{
	struct dsa_completion_record *cr = phys_to_virt(addr);

	cr->result = rec->result;
	cr->bytes_completed = rec->bytes_completed;
	cr->fault_addr = rec->fault_addr;
	cr->crc_val = rec->crc_val;
	dma_wmb();
	WRITE_ONCE(cr->status, status);
}

/* The fault to inject into the next descriptor, if any. */
static enum mmo_sim_fault mmo_sim_fault(struct mmo_dsa_sim *sim)
{
	u32 every = READ_ONCE(sim->fault_interval);

	sim->executed++;
	if (!READ_ONCE(sim->fault_kind) || !every || !READ_ONCE(sim->fault_times) ||
	    sim->executed % every)
		return MMO_SIM_FAULT_NONE;
	WRITE_ONCE(sim->fault_times, sim->fault_times - 1);
	sim->injected++;
	return READ_ONCE(sim->fault_kind);
}

/*
 * Execute one work descriptor. Returns its status, 0 for a stall (nothing
 * written: the executor must time out and abort).
 */
static u8 mmo_sim_exec_one(struct mmo_dsa_sim *sim, struct dsa_hw_desc *d)
{
	struct dsa_completion_record rec = {};
	u32 len = d->xfer_size;
	u8 status = DSA_COMP_SUCCESS;
	enum mmo_sim_fault fault;

	if (!(d->flags & IDXD_OP_FLAG_CRAV) || (d->completion_addr & 31))
		return DSA_COMP_CRA_ALIGN;	/* no record to write to */
	if (d->opcode != DSA_OPCODE_MEMMOVE && d->opcode != DSA_OPCODE_COMPARE &&
	    d->opcode != DSA_OPCODE_CRCGEN) {
		status = DSA_COMP_BAD_OPCODE;
		goto out;
	}
	if (!len || len > READ_ONCE(sim->max_transfer_size)) {
		status = DSA_COMP_XFER_ERANGE;
		goto out;
	}
	fault = mmo_sim_fault(sim);
	switch (fault) {
	case MMO_SIM_FAULT_STALL:
		return 0;
	case MMO_SIM_FAULT_ERROR:
		status = READ_ONCE(sim->fault_status);
		goto out;
	case MMO_SIM_FAULT_PARTIAL:
		/* Done up to fault_byte, then a fault the device reports. */
		len = min(len, READ_ONCE(sim->fault_byte));
		status = DSA_COMP_PAGE_FAULT_NOBOF;
		break;
	case MMO_SIM_FAULT_PAGE:
		/* A fault on the first page not yet done. */
		len = min(len, round_down(READ_ONCE(sim->fault_byte), PAGE_SIZE));
		status = DSA_COMP_PAGE_FAULT_IR;
		break;
	default:
		break;
	}

	switch (d->opcode) {
	case DSA_OPCODE_MEMMOVE:
		mmo_sim_memmove(d->dst_addr, d->src_addr, len);
		rec.bytes_completed = len;
		break;
	case DSA_OPCODE_COMPARE:
		rec.bytes_completed = mmo_sim_compare(d->src_addr, d->src2_addr, len);
		if (rec.bytes_completed < len) {
			/* A difference is a success with result 1. */
			rec.result = 1;
			status = DSA_COMP_SUCCESS;
		}
		break;
	case DSA_OPCODE_CRCGEN:
		rec.crc_val = mmo_sim_crc(d->crc_seed, d->src_addr, len);
		rec.bytes_completed = len;
		break;
	}
	if (status != DSA_COMP_SUCCESS)
		rec.fault_addr = d->src_addr + rec.bytes_completed;
out:
	mmo_sim_complete(d->completion_addr, &rec, status);
	return status;
}

/* Execute one top-level descriptor; false if it stalled. */
static bool mmo_sim_exec(struct mmo_dsa_sim *sim, struct dsa_hw_desc *hw)
{
	struct dsa_completion_record rec = {};
	struct dsa_hw_desc *list;
	u32 i, ok = 0;
	u8 status;

	if (hw->opcode != DSA_OPCODE_BATCH) {
		status = mmo_sim_exec_one(sim, hw);
		return status != 0;
	}
	if (!(hw->flags & IDXD_OP_FLAG_CRAV) || (hw->completion_addr & 31))
		return true;
	if (hw->desc_count < 2 || hw->desc_count > READ_ONCE(sim->max_batch_size)) {
		status = DSA_COMP_DESC_CNT_ERANGE;
	} else if (hw->desc_list_addr & 63) {
		status = DSA_COMP_DESCLIST_ALIGN;
	} else {
		list = phys_to_virt(hw->desc_list_addr);
		for (i = 0; i < hw->desc_count; i++) {
			u8 st = mmo_sim_exec_one(sim, &list[i]);

			if (!st)
				return false;
			ok += st == DSA_COMP_SUCCESS;
		}
		rec.descs_completed = ok;
		status = ok == hw->desc_count ? DSA_COMP_SUCCESS :
						DSA_COMP_BATCH_FAIL;
	}
	mmo_sim_complete(hw->completion_addr, &rec, status);
	return true;
}

static int mmo_sim_thread(void *data)
{
	struct mmo_dsa_sim *sim = data;
	struct dsa_hw_desc hw;

	while (!kthread_should_stop()) {
		wait_event_interruptible(sim->kick, READ_ONCE(sim->abort) ||
					 READ_ONCE(sim->wq_head) != READ_ONCE(sim->wq_tail) ||
					 kthread_should_stop());
		spin_lock(&sim->lock);
		if (sim->abort) {
			/* Drop what is queued: write nothing more. */
			sim->wq_head = sim->wq_tail;
			sim->abort = false;
			spin_unlock(&sim->lock);
			complete(&sim->aborted);
			continue;
		}
		if (sim->wq_head == sim->wq_tail) {
			spin_unlock(&sim->lock);
			continue;
		}
		hw = sim->wq[sim->wq_head % MMO_DSA_MAX_WQ_SIZE];
		spin_unlock(&sim->lock);

		if (!mmo_sim_exec(sim, &hw)) {
			/* Stalled: wait for the abort that must come. */
			wait_event_interruptible(sim->kick, READ_ONCE(sim->abort) ||
						 kthread_should_stop());
			continue;
		}
		spin_lock(&sim->lock);
		sim->wq_head++;
		spin_unlock(&sim->lock);
		/* The completion interrupt. */
		wake_up(&sim->q->wait);
		cond_resched();
	}
	return 0;
}

static void mmo_sim_limits(struct mmo_dsa_queue *q, struct mmo_dsa_limits *lim)
{
	struct mmo_dsa_sim *sim = q->priv;

	lim->max_batch = min(READ_ONCE(sim->max_batch_size), MMO_SIM_MAX_BATCH);
	lim->max_xfer = min(READ_ONCE(sim->max_transfer_size), MMO_SIM_MAX_XFER);
	lim->wq_size = READ_ONCE(sim->wq_size);
}

static int mmo_sim_map(struct mmo_dsa_queue *q, struct page *page, size_t len,
		       enum dma_data_direction dir, u64 *addr)
{
	*addr = page_to_phys(page);
	return 0;
}

static void mmo_sim_unmap(struct mmo_dsa_queue *q, u64 addr, size_t len,
			  enum dma_data_direction dir)
{
}

static int mmo_sim_submit(struct mmo_dsa_queue *q, struct dsa_hw_desc *hw,
			  struct mmo_dsa_sub *sub)
{
	struct mmo_dsa_sim *sim = q->priv;
	unsigned int slot;

	spin_lock(&sim->lock);
	if (sim->outstanding >= min(READ_ONCE(sim->wq_size), MMO_DSA_MAX_WQ_SIZE)) {
		spin_unlock(&sim->lock);
		return -EAGAIN;
	}
	slot = sim->wq_tail % MMO_DSA_MAX_WQ_SIZE;
	memset(&sim->tops[slot], 0, sizeof(sim->tops[slot]));
	sim->wq[slot] = *hw;
	sim->wq[slot].completion_addr = virt_to_phys(&sim->tops[slot]);
	sim->wq_tail++;
	sim->outstanding++;
	spin_unlock(&sim->lock);
	sub->comp = &sim->tops[slot];
	return 0;
}

/*
 * The thread starts on what is queued when the submitter first waits, not
 * at each submission: a real device works beside the CPU, and a thread
 * that preempted the submitter would put the device's work on its clock.
 */
static void mmo_sim_doorbell(struct mmo_dsa_queue *q)
{
	struct mmo_dsa_sim *sim = q->priv;

	wake_up(&sim->kick);
}

static void mmo_sim_release(struct mmo_dsa_queue *q, struct mmo_dsa_sub *sub)
{
	struct mmo_dsa_sim *sim = q->priv;

	spin_lock(&sim->lock);
	sim->outstanding--;
	spin_unlock(&sim->lock);
}

/* As a WQ abort: the device drops its queue and stops writing. */
static int mmo_sim_abort(struct mmo_dsa_queue *q)
{
	struct mmo_dsa_sim *sim = q->priv;

	reinit_completion(&sim->aborted);
	spin_lock(&sim->lock);
	sim->abort = true;
	spin_unlock(&sim->lock);
	wake_up(&sim->kick);
	return wait_for_completion_timeout(&sim->aborted, 10 * HZ) ? 0 : -EIO;
}

static u64 mmo_sim_model_ns(struct mmo_dsa_queue *q, u32 descs, u64 bytes)
{
	struct mmo_dsa_sim *sim = q->priv;

	return READ_ONCE(sim->submit_ns) + (u64)descs * READ_ONCE(sim->desc_ns) +
	       div_u64(bytes * READ_ONCE(sim->kb_ns), SZ_1K);
}

static const struct mmo_dsa_backend mmo_sim_backend = {
	.limits		= mmo_sim_limits,
	.map		= mmo_sim_map,
	.unmap		= mmo_sim_unmap,
	.submit		= mmo_sim_submit,
	.doorbell	= mmo_sim_doorbell,
	.release	= mmo_sim_release,
	.abort		= mmo_sim_abort,
	.model_ns	= mmo_sim_model_ns,
};

static u64 mmo_sim_run(struct mmo_engine *e, struct mmo_job *job,
		       unsigned int first, unsigned int nr)
{
	return mmo_dsa_run(mmo_sim.q, job, first, nr);
}

static bool mmo_sim_available(void)
{
	return READ_ONCE(mmo_sim.enabled) && !mmo_sim.q->broken;
}

static struct mmo_engine mmo_dsa_sim_engine = {
	.name		= "dsa-sim",
	.id		= MMO_ENGINE_DSA_SIM,
	.caps		= BIT(MMO_OP_COPY) | BIT(MMO_OP_COMPARE) | BIT(MMO_OP_CRC),
	.modelled	= true,
	.available	= mmo_sim_available,
	.run		= mmo_sim_run,
};

static int mmo_sim_device_show(struct seq_file *m, void *v)
{
	seq_printf(m, "executed %llu\ninjected %llu\n",
		   READ_ONCE(mmo_sim.executed), READ_ONCE(mmo_sim.injected));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mmo_sim_device);

static void __init mmo_sim_debugfs(struct dentry *parent)
{
	struct dentry *dir = mmo_debugfs_dir(parent, "dsa-sim");
	struct mmo_dsa_sim *sim = &mmo_sim;

	debugfs_create_u32("max_batch_size", 0600, dir, &sim->max_batch_size);
	debugfs_create_u32("max_transfer_size", 0600, dir, &sim->max_transfer_size);
	debugfs_create_u32("wq_size", 0600, dir, &sim->wq_size);
	debugfs_create_u32("submit_ns", 0600, dir, &sim->submit_ns);
	debugfs_create_u32("desc_ns", 0600, dir, &sim->desc_ns);
	debugfs_create_u32("kb_ns", 0600, dir, &sim->kb_ns);
	debugfs_create_u32("fault_kind", 0600, dir, &sim->fault_kind);
	debugfs_create_u32("fault_interval", 0600, dir, &sim->fault_interval);
	debugfs_create_u32("fault_times", 0600, dir, &sim->fault_times);
	debugfs_create_u32("fault_byte", 0600, dir, &sim->fault_byte);
	debugfs_create_u32("fault_status", 0600, dir, &sim->fault_status);
	debugfs_create_bool("enabled", 0600, dir, &sim->enabled);
	debugfs_create_file("device", 0400, dir, NULL, &mmo_sim_device_fops);
	mmo_dsa_debugfs(sim->q, dir);
}

int __init mmo_dsa_sim_init(struct dentry *debugfs)
{
	struct mmo_dsa_sim *sim = &mmo_sim;
	struct mmo_dsa_queue *q;

	q = kvzalloc(sizeof(*q), GFP_KERNEL);
	/* The device reads these by physical address: physically contiguous. */
	if (q) {
		q->descs = kcalloc(MMO_DSA_MAX_DESCS, sizeof(*q->descs), GFP_KERNEL);
		q->comps = kcalloc(MMO_DSA_MAX_DESCS, sizeof(*q->comps), GFP_KERNEL);
	}
	sim->tops = kcalloc(MMO_DSA_MAX_WQ_SIZE, sizeof(*sim->tops), GFP_KERNEL);
	if (!q || !q->descs || !q->comps || !sim->tops)
		goto nomem;
	q->descs_addr = virt_to_phys(q->descs);
	q->comps_addr = virt_to_phys(q->comps);
	mmo_dsa_queue_init(q, "dsa-sim", &mmo_sim_backend, sim);
	/* A CPU thread under emulation, on a busy host, can be slow. */
	q->timeout_ms = 2000;
	sim->q = q;
	spin_lock_init(&sim->lock);
	init_waitqueue_head(&sim->kick);
	init_completion(&sim->aborted);
	sim->thread = kthread_run(mmo_sim_thread, sim, "mmo_dsa_sim");
	if (IS_ERR(sim->thread))
		return PTR_ERR(sim->thread);

	if (!IS_ERR_OR_NULL(debugfs))
		mmo_sim_debugfs(debugfs);
	return mmo_engine_register(&mmo_dsa_sim_engine);
nomem:
	if (q) {
		kfree(q->descs);
		kfree(q->comps);
	}
	kvfree(q);
	kfree(sim->tops);
	return -ENOMEM;
}
