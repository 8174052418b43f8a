// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: /sys/kernel/mm/mm_offload/
 *
 *   policy, state, swaps            the attached policy
 *   exit_reason, ejections          the last ejection and how many there were
 *   eject/{window_ms,invalid_max,failure_pct,failure_min_items}
 *                                   when a policy is ejected (root may write)
 *   migrate/calls, migrate/invalid  migration decisions, and those corrected
 *   migrate/ineligible, migrate/no_job
 *                                   folios an engine could not take, and
 *                                   batches left to the CPU for want of a job
 *   migrate/<row>/{batches,folios,pages,moved_pages}
 *                                   per engine the policy chose, plus
 *                                   "stock" for batches left to the kernel
 *   engines/<engine>/{available,inflight,batches,items,bytes,busy_ns,
 *                     fallbacks,errors}
 *                                   the executor's engines
 *   engines/cpu-mt/threads          copy threads per chunk (root may write)
 *   promote/{tune_calls,tune_invalid,folio_calls,vetoed_pages,
 *            folio_invalid,demote_marked}
 *                                   NUMA-tiering promotion decisions
 *   compact/{calls,invalid,clamped}  compaction batch-size decisions
 *   compact/<trigger>/{runs,batches,pages,full}
 *                                   per trigger (kcompactd, proactive,
 *                                   direct, sysctl): runs with a policy
 *                                   batch, their migration batches, pages,
 *                                   and batches of exactly the policy's size
 *   ksm/{calls,invalid,clamped,batches,candidates,...,utilisation_pct}
 *                                   ksm scan decisions and the batched scan
 *                                   (mm/offload/ksm.c, mm/offload/ksm.h)
 *
 * Every other file but eject/ is read-only. Counters only grow while a
 * policy is attached.
 */
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/sysfs.h>

#include "internal.h"
#include "executor.h"
#include "ksm.h"

static const char * const mmo_state_names[] = MMO_STATE_NAMES;

static ssize_t policy_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	char name[MMO_POLICY_NAME_LEN];
	int state;
	u64 swaps;

	mmo_policy_snapshot(name, sizeof(name), &state, &swaps);
	return sysfs_emit(buf, "%s\n", name[0] ? name : "none");
}

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	char name[MMO_POLICY_NAME_LEN];
	int state;
	u64 swaps;

	mmo_policy_snapshot(name, sizeof(name), &state, &swaps);
	return sysfs_emit(buf, "%s\n", mmo_state_names[state]);
}

static ssize_t swaps_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	char name[MMO_POLICY_NAME_LEN];
	int state;
	u64 swaps;

	mmo_policy_snapshot(name, sizeof(name), &state, &swaps);
	return sysfs_emit(buf, "%llu\n", swaps);
}

static const char * const mmo_eject_names[] = MMO_EJECT_NAMES;

/* The last ejection: "reason: message (counts)", or "none". */
static ssize_t exit_reason_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	struct mmo_exit_info info;
	u64 ejections;

	mmo_exit_snapshot(&info, &ejections);
	if (!ejections || info.reason >= ARRAY_SIZE(mmo_eject_names))
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%s: %s (%u ms: %llu invalid, %llu of %llu items failed)\n",
			  mmo_eject_names[info.reason], info.msg,
			  info.window_ms, info.invalid, info.failures,
			  info.items);
}

static ssize_t ejections_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct mmo_exit_info info;
	u64 ejections;

	mmo_exit_snapshot(&info, &ejections);
	return sysfs_emit(buf, "%llu\n", ejections);
}

static struct kobj_attribute policy_attr = __ATTR_RO(policy);
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute swaps_attr = __ATTR_RO(swaps);
static struct kobj_attribute exit_reason_attr = __ATTR_RO(exit_reason);
static struct kobj_attribute ejections_attr = __ATTR_RO(ejections);

static struct attribute *mmo_top_attrs[] = {
	&policy_attr.attr,
	&state_attr.attr,
	&swaps_attr.attr,
	&exit_reason_attr.attr,
	&ejections_attr.attr,
	NULL,
};

/* eject/: the ejection rules (eject.c), root may change them. */
#define MMO_EJECT_ATTR(field, lo, hi)					\
static ssize_t field##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%u\n", READ_ONCE(mmo_eject_##field));	\
}									\
static ssize_t field##_store(struct kobject *kobj,			\
			     struct kobj_attribute *attr,		\
			     const char *buf, size_t count)		\
{									\
	unsigned int v;							\
	int ret = kstrtouint(buf, 0, &v);				\
									\
	if (ret)							\
		return ret;						\
	if (v < (lo) || v > (hi))					\
		return -ERANGE;						\
	WRITE_ONCE(mmo_eject_##field, v);				\
	return count;							\
}									\
static struct kobj_attribute field##_attr = __ATTR_RW_MODE(field, 0644)

MMO_EJECT_ATTR(window_ms, 10, 3600 * 1000);
MMO_EJECT_ATTR(invalid_max, 0, UINT_MAX);
MMO_EJECT_ATTR(failure_pct, 0, 100);
MMO_EJECT_ATTR(failure_min_items, 1, UINT_MAX);

static struct attribute *mmo_eject_attrs[] = {
	&window_ms_attr.attr,
	&invalid_max_attr.attr,
	&failure_pct_attr.attr,
	&failure_min_items_attr.attr,
	NULL,
};

static const struct attribute_group mmo_eject_group = {
	.name = "eject",
	.attrs = mmo_eject_attrs,
};

static const struct attribute_group mmo_top_group = {
	.attrs = mmo_top_attrs,
};

static ssize_t calls_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&mmo_migrate_stats.calls));
}

static ssize_t invalid_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&mmo_migrate_stats.invalid));
}

static ssize_t ineligible_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&mmo_migrate_stats.ineligible));
}

static ssize_t no_job_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  atomic64_read(&mmo_migrate_stats.no_job));
}

static struct kobj_attribute calls_attr = __ATTR_RO(calls);
static struct kobj_attribute invalid_attr = __ATTR_RO(invalid);
static struct kobj_attribute ineligible_attr = __ATTR_RO(ineligible);
static struct kobj_attribute no_job_attr = __ATTR_RO(no_job);

static struct attribute *mmo_migrate_attrs[] = {
	&calls_attr.attr,
	&invalid_attr.attr,
	&ineligible_attr.attr,
	&no_job_attr.attr,
	NULL,
};

static const struct attribute_group mmo_migrate_group = {
	.attrs = mmo_migrate_attrs,
};

/* One directory per accounting row; the kobject identifies the row. */
static struct kobject *mmo_row_kobjs[MMO_NR_ROWS];

static struct mmo_decision_stats *mmo_row_stats(struct kobject *kobj)
{
	int row;

	for (row = 0; row < MMO_NR_ROWS; row++)
		if (mmo_row_kobjs[row] == kobj)
			return &mmo_migrate_stats.rows[row];
	return NULL;
}

#define MMO_ROW_ATTR(field)						\
static ssize_t field##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	struct mmo_decision_stats *st = mmo_row_stats(kobj);		\
									\
	if (!st)							\
		return -ENODEV;						\
	return sysfs_emit(buf, "%lld\n", atomic64_read(&st->field));	\
}									\
static struct kobj_attribute field##_attr = __ATTR_RO(field)

MMO_ROW_ATTR(batches);
MMO_ROW_ATTR(folios);
MMO_ROW_ATTR(pages);
MMO_ROW_ATTR(moved_pages);

static struct attribute *mmo_row_attrs[] = {
	&batches_attr.attr,
	&folios_attr.attr,
	&pages_attr.attr,
	&moved_pages_attr.attr,
	NULL,
};

static const struct attribute_group mmo_row_group = {
	.attrs = mmo_row_attrs,
};

/* One directory per executor engine. */
static struct kobject *mmo_engine_kobjs[MMO_NR_ENGINES];

static struct mmo_engine *mmo_kobj_engine(struct kobject *kobj)
{
	int id;

	for (id = 0; id < MMO_NR_ENGINES; id++)
		if (mmo_engine_kobjs[id] == kobj)
			return mmo_engine_get(id);
	return NULL;
}

#define MMO_ENGINE_ATTR(field)						\
static ssize_t engine_##field##_show(struct kobject *kobj,		\
				     struct kobj_attribute *attr,	\
				     char *buf)				\
{									\
	struct mmo_engine *e = mmo_kobj_engine(kobj);			\
									\
	if (!e)								\
		return -ENODEV;						\
	return sysfs_emit(buf, "%lld\n",				\
			  atomic64_read(&e->stats.field));		\
}									\
static struct kobj_attribute engine_##field##_attr =			\
	__ATTR(field, 0444, engine_##field##_show, NULL)

MMO_ENGINE_ATTR(batches);
MMO_ENGINE_ATTR(items);
MMO_ENGINE_ATTR(bytes);
MMO_ENGINE_ATTR(busy_ns);
MMO_ENGINE_ATTR(fallbacks);
MMO_ENGINE_ATTR(errors);

static ssize_t available_show(struct kobject *kobj,
			      struct kobj_attribute *attr, char *buf)
{
	struct mmo_engine *e = mmo_kobj_engine(kobj);

	return e ? sysfs_emit(buf, "%d\n", mmo_engine_available(e->id)) : -ENODEV;
}

static ssize_t inflight_show(struct kobject *kobj,
			     struct kobj_attribute *attr, char *buf)
{
	struct mmo_engine *e = mmo_kobj_engine(kobj);

	return e ? sysfs_emit(buf, "%d\n", atomic_read(&e->inflight)) : -ENODEV;
}

static struct kobj_attribute available_attr = __ATTR_RO(available);
static struct kobj_attribute inflight_attr = __ATTR_RO(inflight);

static struct attribute *mmo_engine_attrs[] = {
	&available_attr.attr,
	&inflight_attr.attr,
	&engine_batches_attr.attr,
	&engine_items_attr.attr,
	&engine_bytes_attr.attr,
	&engine_busy_ns_attr.attr,
	&engine_fallbacks_attr.attr,
	&engine_errors_attr.attr,
	NULL,
};

static const struct attribute_group mmo_engine_group = {
	.attrs = mmo_engine_attrs,
};

static ssize_t threads_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(mmo_cpu_mt_threads));
}

static ssize_t threads_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	unsigned int n;
	int ret = kstrtouint(buf, 0, &n);

	if (ret)
		return ret;
	if (n < 1 || n > MMO_MT_MAX_THREADS)
		return -ERANGE;
	WRITE_ONCE(mmo_cpu_mt_threads, n);
	return count;
}

static struct kobj_attribute threads_attr = __ATTR_RW_MODE(threads, 0644);

static int __init mmo_engines_sysfs_init(struct kobject *top)
{
	struct kobject *engines = kobject_create_and_add("engines", top);
	int id, ret;

	if (!engines)
		return -ENOMEM;
	for (id = 0; id < MMO_NR_ENGINES; id++) {
		struct mmo_engine *e = mmo_engine_get(id);

		if (!e)
			continue;
		mmo_engine_kobjs[id] = kobject_create_and_add(e->name, engines);
		if (!mmo_engine_kobjs[id])
			return -ENOMEM;
		ret = sysfs_create_group(mmo_engine_kobjs[id], &mmo_engine_group);
		if (ret)
			return ret;
	}
	if (mmo_engine_kobjs[MMO_ENGINE_CPU_MT])
		return sysfs_create_file(mmo_engine_kobjs[MMO_ENGINE_CPU_MT],
					 &threads_attr.attr);
	return 0;
}

#define MMO_PROMOTE_ATTR(field)						\
static ssize_t field##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%lld\n",					\
			  atomic64_read(&mmo_promote_stats.field));	\
}									\
static struct kobj_attribute field##_attr = __ATTR_RO(field)

MMO_PROMOTE_ATTR(tune_calls);
MMO_PROMOTE_ATTR(tune_invalid);
MMO_PROMOTE_ATTR(folio_calls);
MMO_PROMOTE_ATTR(vetoed_pages);
MMO_PROMOTE_ATTR(folio_invalid);
MMO_PROMOTE_ATTR(demote_marked);

static struct attribute *mmo_promote_attrs[] = {
	&tune_calls_attr.attr,
	&tune_invalid_attr.attr,
	&folio_calls_attr.attr,
	&vetoed_pages_attr.attr,
	&folio_invalid_attr.attr,
	&demote_marked_attr.attr,
	NULL,
};

static const struct attribute_group mmo_promote_group = {
	.name = "promote",
	.attrs = mmo_promote_attrs,
};

#define MMO_COMPACT_ATTR(field)						\
static ssize_t compact_##field##_show(struct kobject *kobj,		\
				      struct kobj_attribute *attr,	\
				      char *buf)			\
{									\
	return sysfs_emit(buf, "%lld\n",					\
			  atomic64_read(&mmo_compact_stats.field));	\
}									\
static struct kobj_attribute compact_##field##_attr =			\
	__ATTR(field, 0444, compact_##field##_show, NULL)

MMO_COMPACT_ATTR(calls);
MMO_COMPACT_ATTR(invalid);
MMO_COMPACT_ATTR(clamped);

static struct attribute *mmo_compact_attrs[] = {
	&compact_calls_attr.attr,
	&compact_invalid_attr.attr,
	&compact_clamped_attr.attr,
	NULL,
};

static const struct attribute_group mmo_compact_group = {
	.attrs = mmo_compact_attrs,
};

static const char * const mmo_compact_trigger_names[] =
	MMO_COMPACT_TRIGGER_NAMES;
static struct kobject *mmo_compact_kobjs[MMO_COMPACT_NR_TRIGGERS];

#define MMO_TRIGGER_ATTR(field)						\
static ssize_t trigger_##field##_show(struct kobject *kobj,		\
				      struct kobj_attribute *attr,	\
				      char *buf)			\
{									\
	int t;								\
									\
	for (t = 0; t < MMO_COMPACT_NR_TRIGGERS; t++)			\
		if (mmo_compact_kobjs[t] == kobj)			\
			return sysfs_emit(buf, "%lld\n", atomic64_read(	\
				&mmo_compact_stats.triggers[t].field));	\
	return -ENODEV;							\
}									\
static struct kobj_attribute trigger_##field##_attr =			\
	__ATTR(field, 0444, trigger_##field##_show, NULL)

MMO_TRIGGER_ATTR(runs);
MMO_TRIGGER_ATTR(batches);
MMO_TRIGGER_ATTR(pages);
MMO_TRIGGER_ATTR(full);

static struct attribute *mmo_trigger_attrs[] = {
	&trigger_runs_attr.attr,
	&trigger_batches_attr.attr,
	&trigger_pages_attr.attr,
	&trigger_full_attr.attr,
	NULL,
};

static const struct attribute_group mmo_trigger_group = {
	.attrs = mmo_trigger_attrs,
};

static int __init mmo_compact_sysfs_init(struct kobject *top)
{
	struct kobject *compact = kobject_create_and_add("compact", top);
	int t, ret;

	if (!compact)
		return -ENOMEM;
	ret = sysfs_create_group(compact, &mmo_compact_group);
	for (t = 0; !ret && t < MMO_COMPACT_NR_TRIGGERS; t++) {
		mmo_compact_kobjs[t] =
			kobject_create_and_add(mmo_compact_trigger_names[t],
					       compact);
		if (!mmo_compact_kobjs[t])
			return -ENOMEM;
		ret = sysfs_create_group(mmo_compact_kobjs[t],
					 &mmo_trigger_group);
	}
	return ret;
}

int __init mmo_sysfs_init(void)
{
	struct kobject *top, *migrate;
	int row, ret;

	top = kobject_create_and_add("mm_offload", mm_kobj);
	if (!top)
		return -ENOMEM;
	ret = sysfs_create_group(top, &mmo_top_group);
	if (!ret)
		ret = sysfs_create_group(top, &mmo_promote_group);
	if (!ret)
		ret = sysfs_create_group(top, &mmo_eject_group);
	if (ret)
		return ret;

	migrate = kobject_create_and_add("migrate", top);
	if (!migrate)
		return -ENOMEM;
	ret = sysfs_create_group(migrate, &mmo_migrate_group);
	if (!ret)
		ret = mmo_compact_sysfs_init(top);
	if (!ret)
		ret = mmo_ksm_sysfs_init(top);
	if (ret)
		return ret;

	for (row = 0; row < MMO_NR_ROWS; row++) {
		mmo_row_kobjs[row] = kobject_create_and_add(mmo_row_name(row),
							    migrate);
		if (!mmo_row_kobjs[row])
			return -ENOMEM;
		ret = sysfs_create_group(mmo_row_kobjs[row], &mmo_row_group);
		if (ret)
			return ret;
	}
	return mmo_engines_sysfs_init(top);
}
