// SPDX-License-Identifier: GPL-2.0
/*
 * mm-offload: /sys/kernel/mm/mm_offload/
 *
 *   policy, state, swaps            the attached policy
 *   migrate/calls, migrate/invalid  migration decisions, and those corrected
 *   migrate/<row>/{batches,folios,pages,moved_pages}
 *                                   per engine the policy chose, plus
 *                                   "stock" for batches left to the kernel
 *
 * Every file is read-only. Counters only grow while a policy is attached.
 */
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/sysfs.h>

#include "internal.h"

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

static struct kobj_attribute policy_attr = __ATTR_RO(policy);
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute swaps_attr = __ATTR_RO(swaps);

static struct attribute *mmo_top_attrs[] = {
	&policy_attr.attr,
	&state_attr.attr,
	&swaps_attr.attr,
	NULL,
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

static struct kobj_attribute calls_attr = __ATTR_RO(calls);
static struct kobj_attribute invalid_attr = __ATTR_RO(invalid);

static struct attribute *mmo_migrate_attrs[] = {
	&calls_attr.attr,
	&invalid_attr.attr,
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

int __init mmo_sysfs_init(void)
{
	struct kobject *top, *migrate;
	int row, ret;

	top = kobject_create_and_add("mm_offload", mm_kobj);
	if (!top)
		return -ENOMEM;
	ret = sysfs_create_group(top, &mmo_top_group);
	if (ret)
		return ret;

	migrate = kobject_create_and_add("migrate", top);
	if (!migrate)
		return -ENOMEM;
	ret = sysfs_create_group(migrate, &mmo_migrate_group);
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
	return 0;
}
