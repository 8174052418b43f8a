/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm-offload: the offload executor.
 *
 * A job is a list of items {op, src, dst, pages}. The executor runs it on
 * the engine a policy chose, in chunks of the policy's size, and gives every
 * item the engine did not complete to the CPU, so the caller never sees a
 * partial result: an item an engine completed in part (a DSA page fault)
 * is finished by the CPU from where the engine stopped. Jobs come from a
 * small preallocated pool: the executor runs under direct reclaim,
 * compaction and kswapd, and must not allocate.
 */
#ifndef _MM_OFFLOAD_EXECUTOR_H
#define _MM_OFFLOAD_EXECUTOR_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/fault-inject.h>
#include <linux/mm_types.h>
#include <linux/workqueue.h>

enum mmo_op {
	MMO_OP_COPY,		/* dst = src */
	MMO_OP_COMPARE,		/* cmp = memcmp(src, dst) as a sign */
	MMO_OP_CRC,		/* crc = CRC-32C of src, seeded MMO_CRC32C_SEED */
	MMO_NR_OPS,
};

#define MMO_CRC32C_SEED		(~0U)

enum mmo_item_status {
	MMO_ITEM_PENDING,
	MMO_ITEM_DONE,		/* the engine completed it */
	MMO_ITEM_FAILED,	/* the engine failed it: the CPU redoes it */
	MMO_ITEM_POISONED,	/* a CPU engine hit a memory error: not redone */
	MMO_ITEM_LOST,		/* the CPU failed too (e.g. memory error) */
};

struct mmo_item {
	struct page *src;
	struct page *dst;	/* COMPARE: the second page; CRC: unused */
	union {
		int cmp;	/* COMPARE: <0, 0, >0 */
		u32 crc;	/* CRC */
	};
	u32 done_bytes;		/* FAILED: bytes from the start the engine did */
	u16 nr_pages;
	u8 op;
	u8 status;		/* enum mmo_item_status */
	u16 owner;		/* index of the caller's object, e.g. a folio */
};

#define MMO_JOB_MAX_ITEMS	1024	/* a batch of 512 pages at chunk 1, plus one THP */
#define MMO_MT_MAX_THREADS	16

struct mmo_job;
struct dentry;

/* One share of a cpu-mt chunk, run by a kworker. */
struct mmo_mt_work {
	struct work_struct work;
	struct mmo_job *job;
	unsigned int first_item, first_page;	/* where this share starts */
	unsigned int nr_pages;
};

struct mmo_job {
	struct mmo_item items[MMO_JOB_MAX_ITEMS];
	unsigned int nr_items;
	unsigned int chunk_pages;
	/* cpu-mt state for the chunk in flight */
	struct mmo_mt_work mt_work[MMO_MT_MAX_THREADS];
	atomic_t mt_pending;
	atomic64_t mt_busy_ns;
	struct completion mt_done;
	/* Time a modelled engine's device took, and the real wait for it. */
	u64 model_ns;
	u64 wait_ns;
};

struct mmo_engine_stats {
	atomic64_t batches;	/* engine submissions (chunks) */
	atomic64_t items;	/* items the engine completed */
	atomic64_t bytes;	/* bytes it completed */
	atomic64_t busy_ns;	/* time spent running its chunks */
	atomic64_t fallbacks;	/* items it failed that the CPU redid */
	atomic64_t errors;	/* items it reported failed */
};

struct mmo_engine {
	const char *name;
	unsigned int id;			/* MMO_ENGINE_* */
	unsigned int caps;			/* BIT(MMO_OP_*) */
	/*
	 * A simulated device: its completions come from a CPU thread, so
	 * the time the caller waited is replaced by the model's figure.
	 */
	bool modelled;
	bool (*available)(void);
	/*
	 * Run items [first, first + nr) of @job, setting each one's status to
	 * DONE or FAILED. Returns the busy time, which for a multi-threaded
	 * engine is the sum over its threads.
	 */
	u64 (*run)(struct mmo_engine *e, struct mmo_job *job,
		   unsigned int first, unsigned int nr);
	atomic_t inflight;			/* jobs running on it now */
	struct mmo_engine_stats stats;
	struct fault_attr *fail_item;		/* debugfs fault injection */
};

/* Result of one executor run, for accounting and policy feedback. */
struct mmo_exec_result {
	unsigned int items;
	unsigned int pages;
	unsigned int engine_done;	/* items the engine completed */
	unsigned int fallbacks;		/* items the CPU redid */
	unsigned int lost;		/* items nobody could copy */
	u64 elapsed_ns;			/* for a modelled engine: as modelled */
};

int mmo_engine_register(struct mmo_engine *e);
struct mmo_engine *mmo_engine_get(unsigned int id);
bool mmo_engine_available(unsigned int id);

struct mmo_job *mmo_job_get(void);
void mmo_job_put(struct mmo_job *job);
void mmo_exec(struct mmo_engine *e, struct mmo_job *job,
	      struct mmo_exec_result *res);

/* Engine helpers. */
struct dentry *mmo_debugfs_dir(struct dentry *parent, const char *name);
bool mmo_should_fail_item(struct mmo_engine *e);
int mmo_cpu_copy_pages(struct page *dst, struct page *src,
		       unsigned int nr_pages);
int mmo_cpu_do_item(struct mmo_item *it, unsigned int from);
u32 mmo_cpu_crc(struct page *page, unsigned int nr_pages);

int mmo_executor_init(void);
int mmo_cpu_engines_init(void);

#ifdef CONFIG_MM_OFFLOAD_DSA_SIM
int mmo_dsa_sim_init(struct dentry *debugfs);
int mmo_exec_test_init(struct dentry *debugfs);
#else
static inline int mmo_dsa_sim_init(struct dentry *debugfs) { return 0; }
static inline int mmo_exec_test_init(struct dentry *debugfs) { return 0; }
#endif
#ifdef CONFIG_MM_OFFLOAD_DSA
int mmo_dsa_engine_init(struct dentry *debugfs);
#else
static inline int mmo_dsa_engine_init(struct dentry *debugfs) { return 0; }
#endif

#endif /* _MM_OFFLOAD_EXECUTOR_H */
