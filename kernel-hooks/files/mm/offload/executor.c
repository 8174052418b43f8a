// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the offload executor (see executor.h).
 */
#include <linux/bitops.h>
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "internal.h"
#include "executor.h"

#include <trace/events/mm_offload.h>

static struct mmo_engine *mmo_engines[MMO_NR_ENGINES];

int mmo_engine_register(struct mmo_engine *e)
{
	if (e->id >= MMO_NR_ENGINES || mmo_engines[e->id])
		return -EINVAL;
	mmo_engines[e->id] = e;
	return 0;
}

struct mmo_engine *mmo_engine_get(unsigned int id)
{
	return id < MMO_NR_ENGINES ? mmo_engines[id] : NULL;
}

bool mmo_engine_available(unsigned int id)
{
	struct mmo_engine *e = mmo_engine_get(id);

	return e && (!e->available || e->available());
}

/*
 * The job pool. Jobs are large (one item per page of a batch), so they are
 * allocated once at boot; a caller that finds none free takes the stock path.
 */
#define MMO_NR_JOBS	4

static struct mmo_job *mmo_jobs[MMO_NR_JOBS];
static unsigned long mmo_jobs_busy;

struct mmo_job *mmo_job_get(void)
{
	int i;

	for (i = 0; i < MMO_NR_JOBS; i++) {
		if (mmo_jobs[i] && !test_and_set_bit_lock(i, &mmo_jobs_busy)) {
			mmo_jobs[i]->nr_items = 0;
			return mmo_jobs[i];
		}
	}
	return NULL;
}

void mmo_job_put(struct mmo_job *job)
{
	int i;

	for (i = 0; i < MMO_NR_JOBS; i++)
		if (mmo_jobs[i] == job)
			clear_bit_unlock(i, &mmo_jobs_busy);
}

/* The fault-injection point: should the engine fail this item? */
bool mmo_should_fail_item(struct mmo_engine *e)
{
#ifdef CONFIG_FAULT_INJECTION
	return e->fail_item && should_fail(e->fail_item, 1);
#else
	return false;
#endif
}

/* The kernel's own machine-check-safe copy; also copies KMSAN metadata. */
int mmo_cpu_copy_pages(struct page *dst, struct page *src,
		       unsigned int nr_pages)
{
	unsigned int i;

	for (i = 0; i < nr_pages; i++) {
		if (copy_mc_highpage(dst + i, src + i))
			return -EHWPOISON;
		cond_resched();		/* as folio_mc_copy() does */
	}
	return 0;
}

/* Copy from byte @from of the item on: what an engine left undone. */
static int mmo_cpu_copy_from(struct page *dst, struct page *src,
			     unsigned int nr_pages, unsigned int from)
{
	unsigned int i = from / PAGE_SIZE, off = offset_in_page(from);

	if (off) {
		char *d = kmap_local_page(dst + i);
		char *s = kmap_local_page(src + i);
		unsigned long left = copy_mc_to_kernel(d + off, s + off,
						       PAGE_SIZE - off);

		kunmap_local(s);
		kunmap_local(d);
		if (left) {
			memory_failure_queue(page_to_pfn(src + i), 0);
			return -EHWPOISON;
		}
		i++;
	}
	return mmo_cpu_copy_pages(dst + i, src + i, nr_pages - i);
}

/* The sign of memcmp() over the item, from byte @from on. */
static int mmo_cpu_compare_from(struct page *a, struct page *b,
				unsigned int nr_pages, unsigned int from)
{
	unsigned int i, off = offset_in_page(from);
	int ret = 0;

	for (i = from / PAGE_SIZE; i < nr_pages && !ret; i++, off = 0) {
		char *pa = kmap_local_page(a + i);
		char *pb = kmap_local_page(b + i);

		ret = memcmp(pa + off, pb + off, PAGE_SIZE - off);
		kunmap_local(pb);
		kunmap_local(pa);
	}
	return (ret > 0) - (ret < 0);
}

u32 mmo_cpu_crc(struct page *page, unsigned int nr_pages)
{
	u32 crc = MMO_CRC32C_SEED;
	unsigned int i;

	for (i = 0; i < nr_pages; i++) {
		char *p = kmap_local_page(page + i);

		crc = __crc32c_le(crc, p, PAGE_SIZE);
		kunmap_local(p);
	}
	return crc;
}

/*
 * Do @it on the CPU from byte @from on (0: all of it). A CRC is always
 * recomputed whole: a partial one is not worth resuming.
 */
int mmo_cpu_do_item(struct mmo_item *it, unsigned int from)
{
	switch (it->op) {
	case MMO_OP_COPY:
		return mmo_cpu_copy_from(it->dst, it->src, it->nr_pages, from);
	case MMO_OP_COMPARE:
		it->cmp = mmo_cpu_compare_from(it->src, it->dst, it->nr_pages,
					       from);
		return 0;
	case MMO_OP_CRC:
		it->crc = mmo_cpu_crc(it->src, it->nr_pages);
		return 0;
	}
	return -EINVAL;
}

/* Items [first, end) such that they hold at most @chunk_pages pages. */
static unsigned int mmo_chunk_end(struct mmo_job *job, unsigned int first)
{
	unsigned int pages = 0, i = first;

	do {
		pages += job->items[i].nr_pages;
		i++;
	} while (i < job->nr_items &&
		 pages + job->items[i].nr_pages <= job->chunk_pages);
	return i;
}

/* True if @e can do every operation @job holds. */
static bool mmo_engine_can(struct mmo_engine *e, struct mmo_job *job)
{
	unsigned int i;

	for (i = 0; i < job->nr_items; i++) {
		job->items[i].status = MMO_ITEM_PENDING;
		job->items[i].done_bytes = 0;
		if (!(e->caps & BIT(job->items[i].op)))
			return false;
	}
	return true;
}

void mmo_exec(struct mmo_engine *e, struct mmo_job *job,
	      struct mmo_exec_result *res)
{
	struct mmo_engine_stats *st = &e->stats;
	u64 start = ktime_get_ns();
	unsigned int i, end, errors = 0, done_bytes = 0;

	memset(res, 0, sizeof(*res));
	job->model_ns = 0;
	job->wait_ns = 0;
	if (!job->chunk_pages)
		job->chunk_pages = UINT_MAX;	/* the whole job at once */
	/* An engine that lacks an operation leaves the whole job to the CPU. */
	if (mmo_engine_can(e, job)) {
		atomic_inc(&e->inflight);
		for (i = 0; i < job->nr_items; i = end) {
			end = mmo_chunk_end(job, i);
			atomic64_add(e->run(e, job, i, end - i), &st->busy_ns);
			atomic64_inc(&st->batches);
			cond_resched();
		}
		atomic_dec(&e->inflight);
	}

	/* Whatever the engine did not complete, the CPU does now. */
	for (i = 0; i < job->nr_items; i++) {
		struct mmo_item *it = &job->items[i];
		unsigned int from = 0;

		res->items++;
		res->pages += it->nr_pages;
		if (it->status == MMO_ITEM_DONE) {
			res->engine_done++;
			done_bytes += it->nr_pages * PAGE_SIZE;
			continue;
		}
		/* Read poison once, as stock does: the CPU already hit it. */
		if (it->status == MMO_ITEM_POISONED) {
			errors++;
			res->lost++;
			continue;
		}
		if (it->status == MMO_ITEM_FAILED) {
			errors++;
			from = it->done_bytes;
		}
		res->fallbacks++;
		if (mmo_cpu_do_item(it, from)) {
			it->status = MMO_ITEM_LOST;
			res->lost++;
		} else {
			it->status = MMO_ITEM_DONE;
		}
	}
	res->elapsed_ns = ktime_get_ns() - start;
	if (e->modelled)
		res->elapsed_ns += job->model_ns - min(job->wait_ns,
						       res->elapsed_ns);

	atomic64_add(res->engine_done, &st->items);
	atomic64_add(done_bytes, &st->bytes);
	atomic64_add(res->fallbacks, &st->fallbacks);
	atomic64_add(errors, &st->errors);
	trace_mmo_exec(e->name, res->items, res->pages, res->fallbacks,
		       res->lost, res->elapsed_ns);
}

/* mm_offload/@name in debugfs, where an engine's knobs go; made once. */
struct dentry *mmo_debugfs_dir(struct dentry *parent, const char *name)
{
	struct dentry *dir = debugfs_lookup(name, parent);

	if (!dir)
		return debugfs_create_dir(name, parent);
	dput(dir);	/* it stays: nothing removes it */
	return dir;
}

#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
static struct fault_attr mmo_fail_attrs[MMO_NR_ENGINES];

static void __init mmo_fault_init(struct dentry *dir)
{
	int id;

	for (id = 0; id < MMO_NR_ENGINES; id++) {
		struct mmo_engine *e = mmo_engines[id];
		struct dentry *edir;
		char name[32];

		if (!e)
			continue;
		edir = mmo_debugfs_dir(dir, e->name);
		mmo_fail_attrs[id] = (struct fault_attr)FAULT_ATTR_INITIALIZER;
		snprintf(name, sizeof(name), "fail_item");
		fault_create_debugfs_attr(name, edir, &mmo_fail_attrs[id]);
		e->fail_item = &mmo_fail_attrs[id];
	}
	mmo_migrate_fault_init(dir);
}
#else
static void __init mmo_fault_init(struct dentry *dir)
{
}
#endif

int __init mmo_executor_init(void)
{
	/* Engines' test knobs; absent (an error pointer) without debugfs. */
	struct dentry *debugfs = debugfs_create_dir("mm_offload", NULL);
	int i, ret;

	for (i = 0; i < MMO_NR_JOBS; i++) {
		mmo_jobs[i] = kvzalloc(sizeof(*mmo_jobs[i]), GFP_KERNEL);
		if (!mmo_jobs[i])
			return -ENOMEM;
		init_completion(&mmo_jobs[i]->mt_done);
	}
	ret = mmo_cpu_engines_init();
	if (!ret)
		ret = mmo_dsa_engine_init(debugfs);
	if (!ret)
		ret = mmo_dsa_sim_init(debugfs);
	if (!ret)
		ret = mmo_exec_test_init(debugfs);
	if (ret)
		return ret;
	mmo_fault_init(debugfs);
	return 0;
}
