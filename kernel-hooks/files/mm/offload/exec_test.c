// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: an executor self-test, for the VM selftests (built with the
 * simulated DSA device, CONFIG_MM_OFFLOAD_DSA_SIM).
 *
 * Writing "ENGINE OP PATTERN COUNT" to /sys/kernel/debug/mm_offload/exec_test
 * runs one job of COUNT single-page items of OP (copy, compare, crc) on
 * ENGINE (cpu, cpu-mt, dsa, dsa-sim), through the executor as any caller
 * would, and checks every result against the CPU: memcmp() for the sign of
 * a compare, the kernel's crc32c for a CRC, the bytes for a copy. Reading
 * the file gives the last run's outcome. PATTERN sets the page pairs:
 *   equal     identical random pages
 *   first     different at byte 0
 *   last      different at byte 4095
 *   randpos   different at one random byte
 *   random    independent random pages
 *   shared    every item against the first item's second page, which the
 *             device then maps once for all of them (compare and crc only)
 */
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "internal.h"
#include "executor.h"

static const char * const mmo_test_ops[] = { "copy", "compare", "crc" };
static const char * const mmo_test_patterns[] = {
	"equal", "first", "last", "randpos", "random", "shared"
};
static const char * const mmo_test_engines[] = MMO_ENGINE_NAMES;

static DEFINE_MUTEX(mmo_test_lock);
static char mmo_test_result[256] = "none\n";

static int mmo_test_lookup(const char * const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -EINVAL;
}

/* Make page @b from page @a as @pattern says. */
static void mmo_test_fill(struct page *a, struct page *b, int pattern)
{
	u8 *pa = kmap_local_page(a), *pb = kmap_local_page(b);
	u32 pos;

	get_random_bytes(pa, PAGE_SIZE);
	if (pattern >= 4) {
		get_random_bytes(pb, PAGE_SIZE);
		goto out;
	}
	memcpy(pb, pa, PAGE_SIZE);
	if (!pattern)
		goto out;
	pos = pattern == 1 ? 0 : pattern == 2 ? PAGE_SIZE - 1 :
	      get_random_u32_below(PAGE_SIZE);
	/* Either page may be the larger one. */
	pb[pos] = pa[pos] ^ (1 + get_random_u32_below(255));
out:
	kunmap_local(pb);
	kunmap_local(pa);
}

/* Whether @it holds the right result for @src and @dst. */
static bool mmo_test_check(struct mmo_item *it, struct page *src,
			   struct page *dst)
{
	u8 *ps = kmap_local_page(src), *pd = kmap_local_page(dst);
	bool ok = it->status == MMO_ITEM_DONE;
	int ret;

	switch (it->op) {
	case MMO_OP_COPY:
		ok &= !memcmp(ps, pd, PAGE_SIZE);
		break;
	case MMO_OP_COMPARE:
		ret = memcmp(ps, pd, PAGE_SIZE);
		ok &= it->cmp == (ret > 0) - (ret < 0);
		break;
	case MMO_OP_CRC:
		ok &= it->crc == __crc32c_le(MMO_CRC32C_SEED, ps, PAGE_SIZE);
		break;
	}
	kunmap_local(pd);
	kunmap_local(ps);
	return ok;
}

static int mmo_test_run(int engine, int op, int pattern, unsigned int count)
{
	struct mmo_engine *e = mmo_engine_get(engine);
	struct page **pages;
	struct mmo_exec_result res;
	struct mmo_job *job;
	unsigned int i, ok = 0;
	int ret = 0;

	if (!e || !mmo_engine_available(engine))
		return -ENODEV;
	pages = kcalloc(2 * count, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (i = 0; i < 2 * count; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i]) {
			ret = -ENOMEM;
			goto out;
		}
	}
	job = mmo_job_get();
	if (!job) {
		ret = -EBUSY;
		goto out;
	}
	job->chunk_pages = 0;
	for (i = 0; i < count; i++) {
		struct mmo_item *it = &job->items[i];

		mmo_test_fill(pages[2 * i], pages[2 * i + 1], pattern);
		*it = (struct mmo_item){ .src = pages[2 * i],
					 .dst = pages[pattern == 5 ? 1 : 2 * i + 1],
					 .nr_pages = 1, .op = op, .owner = i };
		if (op == MMO_OP_COPY)
			clear_highpage(it->dst);
	}
	job->nr_items = count;
	mmo_exec(e, job, &res);
	for (i = 0; i < count; i++)
		ok += mmo_test_check(&job->items[i], job->items[i].src,
				     job->items[i].dst);
	mmo_job_put(job);
	snprintf(mmo_test_result, sizeof(mmo_test_result),
		 "engine=%s op=%s pattern=%s count=%u ok=%u bad=%u engine_done=%u fallbacks=%u lost=%u\n",
		 e->name, mmo_test_ops[op], mmo_test_patterns[pattern], count,
		 ok, count - ok, res.engine_done, res.fallbacks, res.lost);
out:
	for (i = 0; i < 2 * count && pages[i]; i++)
		__free_page(pages[i]);
	kfree(pages);
	return ret;
}

static ssize_t mmo_test_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	char buf[96], engine[16], op[16], pattern[16];
	int e, o, p, ret;
	unsigned int count;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%15s %15s %15s %u", engine, op, pattern, &count) != 4)
		return -EINVAL;
	e = mmo_test_lookup(mmo_test_engines, MMO_NR_ENGINES, engine);
	o = mmo_test_lookup(mmo_test_ops, ARRAY_SIZE(mmo_test_ops), op);
	p = mmo_test_lookup(mmo_test_patterns, ARRAY_SIZE(mmo_test_patterns),
			    pattern);
	if (e < 0 || o < 0 || p < 0 || !count || count > MMO_JOB_MAX_ITEMS)
		return -EINVAL;
	/* Copies into one shared page would overwrite each other. */
	if (p == 5 && o == MMO_OP_COPY)
		return -EINVAL;
	mutex_lock(&mmo_test_lock);
	ret = mmo_test_run(e, o, p, count);
	mutex_unlock(&mmo_test_lock);
	return ret ?: len;
}

static ssize_t mmo_test_read(struct file *file, char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&mmo_test_lock);
	ret = simple_read_from_buffer(ubuf, len, ppos, mmo_test_result,
				      strlen(mmo_test_result));
	mutex_unlock(&mmo_test_lock);
	return ret;
}

static const struct file_operations mmo_test_fops = {
	.owner	= THIS_MODULE,
	.read	= mmo_test_read,
	.write	= mmo_test_write,
	.llseek	= default_llseek,
};

int __init mmo_exec_test_init(struct dentry *debugfs)
{
	if (!IS_ERR_OR_NULL(debugfs))
		debugfs_create_file("exec_test", 0600, debugfs, NULL,
				    &mmo_test_fops);
	return 0;
}
