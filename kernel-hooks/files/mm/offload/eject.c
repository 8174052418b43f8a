// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: ejecting a misbehaving policy, as sched_ext does.
 *
 * The kernel corrects every bad decision on the spot, so no policy can make
 * it move memory wrongly; but a policy that keeps deciding badly, or whose
 * engines keep failing, costs every batch it touches. Such a policy is
 * ejected: detached as if unloaded, every hook back to the kernel's
 * default, and the reason kept with the counts behind it, for the policy's
 * exit callback, /sys/kernel/mm/mm_offload/exit_reason and mmoctl status.
 * Its link stays until "mmoctl unload"; "mmoctl swap" may replace it.
 *
 * A policy is ejected when, within window_ms (/sys/kernel/mm/mm_offload/
 * eject/):
 *   - it made more than invalid_max invalid decisions;
 *   - its engines were given at least failure_min_items items and failed
 *     more than failure_pct percent of them;
 * and at once when it chooses an engine that is not available, or calls
 * bpf_mmo_eject().
 *
 * Counting happens in the hooks, which may run under spinlocks, so the
 * detach itself runs from a work item.
 */
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/filter.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/workqueue.h>

#include "internal.h"

unsigned int mmo_eject_window_ms = 1000;
unsigned int mmo_eject_invalid_max = 32;
unsigned int mmo_eject_failure_pct = 50;
unsigned int mmo_eject_failure_min_items = 256;

static struct {
	unsigned long start;	/* jiffies */
	atomic64_t invalid, items, failures;
} mmo_window;

/* One ejection at a time: the request and its details. */
static atomic_t mmo_eject_pending = ATOMIC_INIT(0);
static struct mmo_exit_info mmo_eject_info;
static u64 mmo_eject_gen;

static void mmo_eject_fn(struct work_struct *work)
{
	mmo_detach_ejected(mmo_eject_gen, &mmo_eject_info);
	atomic_set(&mmo_eject_pending, 0);
}

static DECLARE_WORK(mmo_eject_work, mmo_eject_fn);

/* A new policy starts with clean counts. */
void mmo_eject_reset(void)
{
	WRITE_ONCE(mmo_window.start, jiffies);
	atomic64_set(&mmo_window.invalid, 0);
	atomic64_set(&mmo_window.items, 0);
	atomic64_set(&mmo_window.failures, 0);
}

/* Start a new window when the current one is over. */
static void mmo_window_roll(void)
{
	unsigned long start = READ_ONCE(mmo_window.start);
	unsigned long len = msecs_to_jiffies(READ_ONCE(mmo_eject_window_ms));

	if (time_before(jiffies, start + len) ||
	    cmpxchg(&mmo_window.start, start, jiffies) != start)
		return;
	atomic64_set(&mmo_window.invalid, 0);
	atomic64_set(&mmo_window.items, 0);
	atomic64_set(&mmo_window.failures, 0);
}

static void mmo_eject(int reason, const char *fmt, ...)
{
	struct mmo_exit_info *info = &mmo_eject_info;
	va_list args;

	if (atomic_cmpxchg(&mmo_eject_pending, 0, 1))
		return;
	memset(info, 0, sizeof(*info));
	info->kind = MMO_EXIT_EJECTED;
	info->reason = reason;
	info->window_ms = READ_ONCE(mmo_eject_window_ms);
	info->invalid = atomic64_read(&mmo_window.invalid);
	info->items = atomic64_read(&mmo_window.items);
	info->failures = atomic64_read(&mmo_window.failures);
	va_start(args, fmt);
	vsnprintf(info->msg, sizeof(info->msg), fmt, args);
	va_end(args);
	mmo_eject_gen = mmo_policy_generation();
	schedule_work(&mmo_eject_work);
}

void mmo_note_invalid(void)
{
	u64 n;

	mmo_window_roll();
	n = atomic64_inc_return(&mmo_window.invalid);
	if (n > READ_ONCE(mmo_eject_invalid_max))
		mmo_eject(MMO_EJECT_INVALID, "%llu invalid decisions within %u ms",
			  n, READ_ONCE(mmo_eject_window_ms));
}

void mmo_note_unavailable_engine(unsigned int engine)
{
	mmo_eject(MMO_EJECT_ENGINE, "chose engine %s, which is not available",
		  mmo_row_name(engine));
}

void mmo_note_engine_items(unsigned int items, unsigned int failures)
{
	u64 all, failed;

	mmo_window_roll();
	all = atomic64_add_return(items, &mmo_window.items);
	failed = atomic64_add_return(failures, &mmo_window.failures);
	if (all >= READ_ONCE(mmo_eject_failure_min_items) &&
	    failed * 100 > all * READ_ONCE(mmo_eject_failure_pct))
		mmo_eject(MMO_EJECT_FAILURES, "engines failed %llu of %llu items within %u ms",
			  failed, all, READ_ONCE(mmo_eject_window_ms));
}

__bpf_kfunc_start_defs();

/**
 * bpf_mmo_eject - eject the calling mm_offload policy
 * @msg__str: why, a constant string, kept in the exit reason
 *
 * The sched_ext analogue is scx_bpf_error(): the policy found its own
 * state unusable. It is detached shortly after; until then its hooks are
 * still called.
 */
__bpf_kfunc void bpf_mmo_eject(const char *msg__str)
{
	mmo_eject(MMO_EJECT_SELF, "%s", msg__str);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(mmo_kfunc_ids)
BTF_ID_FLAGS(func, bpf_mmo_eject)
BTF_KFUNCS_END(mmo_kfunc_ids)

/* Only programs of struct mm_offload_ops may call these. */
static int mmo_kfunc_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	if (!btf_id_set8_contains(&mmo_kfunc_ids, kfunc_id))
		return 0;
	return mmo_prog_is_policy(prog) ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set mmo_kfunc_set = {
	.owner	= THIS_MODULE,
	.set	= &mmo_kfunc_ids,
	.filter	= mmo_kfunc_filter,
};

int __init mmo_eject_init(void)
{
	mmo_eject_reset();
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_STRUCT_OPS,
					 &mmo_kfunc_set);
}
