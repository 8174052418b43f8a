// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: the "cpu" and "cpu-mt" engines.
 *
 * cpu copies with the kernel's own machine-check-safe primitives, on the
 * calling thread, as the stock kernel does. cpu-mt splits each chunk by
 * pages over kworkers of a high-priority unbound workqueue, as Nimble and
 * Zi Yan's multi-threaded folio copy do; the caller copies the last share
 * and then sleeps until the others are done. Its busy time is the sum
 * over all shares, so the CPU it costs is visible in the stats.
 */
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "executor.h"

static u64 mmo_cpu_run(struct mmo_engine *e, struct mmo_job *job,
		       unsigned int first, unsigned int nr)
{
	u64 start = ktime_get_ns();
	unsigned int i;

	for (i = first; i < first + nr; i++) {
		struct mmo_item *it = &job->items[i];

		if (mmo_should_fail_item(e))
			it->status = MMO_ITEM_FAILED;
		else if (mmo_cpu_do_item(it, 0))
			it->status = MMO_ITEM_POISONED;
		else
			it->status = MMO_ITEM_DONE;
	}
	return ktime_get_ns() - start;
}

static struct mmo_engine mmo_cpu_engine = {
	.name	= "cpu",
	.id	= MMO_ENGINE_CPU,
	.caps	= BIT(MMO_OP_COPY) | BIT(MMO_OP_COMPARE) | BIT(MMO_OP_CRC),
	.run	= mmo_cpu_run,
};

/*
 * Copy threads per chunk; /sys/kernel/mm/mm_offload/engines/cpu-mt/threads.
 * The default, one per CPU up to 4, is set at init: more threads than CPUs
 * only queue behind each other (measured: 4 threads on 2 vCPUs copy slower
 * than 2).
 */
#define MMO_CPU_MT_DEFAULT_THREADS	4
unsigned int mmo_cpu_mt_threads = MMO_CPU_MT_DEFAULT_THREADS;
static struct workqueue_struct *mmo_copy_wq;
static struct mmo_engine mmo_cpu_mt_engine;

static void mmo_cpu_mt_work_fn(struct work_struct *work)
{
	struct mmo_mt_work *w = container_of(work, struct mmo_mt_work, work);
	struct mmo_job *job = w->job;
	unsigned int i = w->first_item, skip = w->first_page, left = w->nr_pages;
	u64 start = ktime_get_ns();

	/* This share covers @left pages from page @skip of item @i on. */
	while (left) {
		struct mmo_item *it = &job->items[i];
		unsigned int n = min(left, it->nr_pages - skip);

		if (mmo_should_fail_item(&mmo_cpu_mt_engine))
			WRITE_ONCE(it->status, MMO_ITEM_FAILED);
		else if (mmo_cpu_copy_pages(it->dst + skip, it->src + skip, n))
			WRITE_ONCE(it->status, MMO_ITEM_POISONED);
		left -= n;
		skip = 0;
		i++;
	}
	atomic64_add(ktime_get_ns() - start, &job->mt_busy_ns);
	if (atomic_dec_and_test(&job->mt_pending))
		complete(&job->mt_done);
}

static u64 mmo_cpu_mt_run(struct mmo_engine *e, struct mmo_job *job,
			  unsigned int first, unsigned int nr)
{
	unsigned int threads = READ_ONCE(mmo_cpu_mt_threads);
	unsigned int pages = 0, per, t, i, item, skip;

	for (i = first; i < first + nr; i++) {
		job->items[i].status = MMO_ITEM_PENDING;
		pages += job->items[i].nr_pages;
	}
	threads = clamp(threads, 1U, min_t(unsigned int, pages, MMO_MT_MAX_THREADS));
	per = DIV_ROUND_UP(pages, threads);

	atomic64_set(&job->mt_busy_ns, 0);
	reinit_completion(&job->mt_done);
	atomic_set(&job->mt_pending, 1);	/* held until all are queued */
	item = first;
	skip = 0;
	for (t = 0; t < threads && pages; t++) {
		struct mmo_mt_work *w = &job->mt_work[t];
		unsigned int share = min(per, pages), left = share;

		w->job = job;
		w->first_item = item;
		w->first_page = skip;
		w->nr_pages = share;
		pages -= share;
		/* Advance (item, skip) past this share. */
		while (left) {
			unsigned int n = min(left, job->items[item].nr_pages - skip);

			left -= n;
			skip += n;
			if (skip == job->items[item].nr_pages) {
				item++;
				skip = 0;
			}
		}
		atomic_inc(&job->mt_pending);
		INIT_WORK(&w->work, mmo_cpu_mt_work_fn);
		/*
		 * The caller copies the last share itself rather than sleep:
		 * it saves a wakeup per chunk and keeps its own CPU busy.
		 */
		if (!pages)
			mmo_cpu_mt_work_fn(&w->work);
		else
			queue_work(mmo_copy_wq, &w->work);
	}
	if (!atomic_dec_and_test(&job->mt_pending))
		wait_for_completion(&job->mt_done);

	for (i = first; i < first + nr; i++)
		if (job->items[i].status == MMO_ITEM_PENDING)
			job->items[i].status = MMO_ITEM_DONE;
	return atomic64_read(&job->mt_busy_ns);
}

static bool mmo_cpu_mt_available(void)
{
	return mmo_copy_wq;
}

static struct mmo_engine mmo_cpu_mt_engine = {
	.name		= "cpu-mt",
	.id		= MMO_ENGINE_CPU_MT,
	.caps		= BIT(MMO_OP_COPY),
	.available	= mmo_cpu_mt_available,
	.run		= mmo_cpu_mt_run,
};

int __init mmo_cpu_engines_init(void)
{
	int ret;

	mmo_cpu_mt_threads = min_t(unsigned int, num_online_cpus(),
				   MMO_CPU_MT_DEFAULT_THREADS);
	/* WQ_MEM_RECLAIM: migration runs in reclaim; a rescuer guarantees progress. */
	mmo_copy_wq = alloc_workqueue("mmo_copy", WQ_UNBOUND | WQ_HIGHPRI |
				      WQ_MEM_RECLAIM, 0);
	ret = mmo_engine_register(&mmo_cpu_engine);
	if (!ret)
		ret = mmo_engine_register(&mmo_cpu_mt_engine);
	return ret;
}
