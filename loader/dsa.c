// SPDX-License-Identifier: GPL-2.0
/*
 * mmoctl dsa: list and configure Intel DSA work queues for the kernel's
 * `dsa` engine through libaccel-config. The engine binds to a dedicated,
 * kernel-type WQ whose driver_name is "mm_offload".
 *
 * Only exercised here against machines without DSA: see README.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <accel-config/libaccel_config.h>

#include "mmoctl.h"

#define DSA_BUS		"/sys/bus/dsa"
#define MMO_WQ_NAME	"mm_offload"	/* WQ name and idxd sub-driver name */
#define DEFAULT_WQ_SIZE	32		/* idxd's own WQ defaults */
#define DEFAULT_BATCH	32
#define DEFAULT_PRIO	10

static int no_dsa(const char *why)
{
	return fail(MMOCTL_ENODSA,
			"no Intel DSA device found: %s (the idxd driver is not loaded or the machine has none)",
			why);
}

/* libaccel-config returns -errno; permission problems get their own code. */
static int accfg_error(int err, const char *what, const char *name)
{
	if (err > 0)
		err = -err;
	return fail(err == -EACCES || err == -EPERM ? MMOCTL_EPERM : MMOCTL_ERR,
			"%s %s failed: %s", what, name, strerror(-err));
}

static bool is_dsa(struct accfg_device *dev)
{
	return accfg_device_get_type(dev) == ACCFG_DEVICE_DSA;
}

static int nr_dsa_devices(struct accfg_ctx *ctx)
{
	struct accfg_device *dev;
	int n = 0;

	accfg_device_foreach(ctx, dev)
		n += is_dsa(dev);
	return n;
}

/* Open libaccel-config's view; exit code 12 when there is no DSA at all. */
static int dsa_open(struct accfg_ctx **ctx)
{
	int err;

	*ctx = NULL;
	if (access(DSA_BUS, F_OK))
		return no_dsa(DSA_BUS " is missing");
	err = accfg_new(ctx);
	if (err)
		return no_dsa("libaccel-config found no accelerator context");
	if (!nr_dsa_devices(*ctx)) {
		accfg_unref(*ctx);
		*ctx = NULL;
		return no_dsa("no dsaN device on " DSA_BUS);
	}
	return MMOCTL_OK;
}

static struct accfg_device *find_device(struct accfg_ctx *ctx, int id)
{
	struct accfg_device *dev;
	char name[32];

	snprintf(name, sizeof(name), "dsa%d", id);
	accfg_device_foreach(ctx, dev)
		if (is_dsa(dev) && !strcmp(accfg_device_get_devname(dev), name))
			return dev;
	return NULL;
}

static struct accfg_wq *find_wq(struct accfg_device *dev, int dev_id, int wq_id)
{
	struct accfg_wq *wq;
	char name[32];

	snprintf(name, sizeof(name), "wq%d.%d", dev_id, wq_id);
	accfg_wq_foreach(dev, wq)
		if (!strcmp(accfg_wq_get_devname(wq), name))
			return wq;
	return NULL;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static const char *wq_mode_name(struct accfg_wq *wq)
{
	switch (accfg_wq_get_mode(wq)) {
	case ACCFG_WQ_SHARED: return "shared";
	case ACCFG_WQ_DEDICATED: return "dedicated";
	default: return "unknown";
	}
}

static const char *wq_type_name(struct accfg_wq *wq)
{
	switch (accfg_wq_get_type(wq)) {
	case ACCFG_WQT_KERNEL: return "kernel";
	case ACCFG_WQT_USER: return "user";
	case ACCFG_WQT_NONE: return "none";
	default: return "unknown";
	}
}

static const char *wq_state_name(struct accfg_wq *wq)
{
	switch (accfg_wq_get_state(wq)) {
	case ACCFG_WQ_DISABLED: return "disabled";
	case ACCFG_WQ_ENABLED: return "enabled";
	case ACCFG_WQ_QUIESCING: return "quiescing";
	case ACCFG_WQ_LOCKED: return "locked";
	default: return "unknown";
	}
}

static const char *dev_state_name(struct accfg_device *dev)
{
	switch (accfg_device_get_state(dev)) {
	case ACCFG_DEVICE_ENABLED: return "enabled";
	case ACCFG_DEVICE_DISABLED: return "disabled";
	default: return "unknown";
	}
}

/* Names come from sysfs and are short identifiers: no escaping needed but quotes. */
static void json_str(const char *key, const char *v, bool comma)
{
	printf("\"%s\": \"", key);
	for (; *v; v++)
		if (*v != '"' && *v != '\\' && (unsigned char)*v >= 0x20)
			putchar(*v);
	printf("\"%s", comma ? ", " : "");
}

static void list_json(struct accfg_ctx *ctx)
{
	struct accfg_device *dev;
	struct accfg_wq *wq;
	int nd = 0, nw;

	printf("{\"devices\": [");
	accfg_device_foreach(ctx, dev) {
		if (!is_dsa(dev))
			continue;
		printf("%s{", nd++ ? ", " : "");
		json_str("name", accfg_device_get_devname(dev), true);
		json_str("state", dev_state_name(dev), true);
		printf("\"max_wq_size\": %u, \"max_batch_size\": %u, \"max_transfer_size\": %" PRIu64
		       ", \"max_groups\": %u, \"max_engines\": %u, \"wqs\": [",
		       accfg_device_get_max_work_queues_size(dev),
		       accfg_device_get_max_batch_size(dev),
		       accfg_device_get_max_transfer_size(dev),
		       accfg_device_get_max_groups(dev), accfg_device_get_max_engines(dev));
		nw = 0;
		accfg_wq_foreach(dev, wq) {
			printf("%s{", nw++ ? ", " : "");
			json_str("name", accfg_wq_get_devname(wq), true);
			json_str("mode", wq_mode_name(wq), true);
			json_str("type", wq_type_name(wq), true);
			json_str("state", wq_state_name(wq), true);
			printf("\"size\": %" PRIu64 ", \"max_batch_size\": %u, \"max_transfer_size\": %" PRIu64
			       ", \"group\": %d, \"priority\": %d, ",
			       accfg_wq_get_size(wq), accfg_wq_get_max_batch_size(wq),
			       accfg_wq_get_max_transfer_size(wq), accfg_wq_get_group_id(wq),
			       accfg_wq_get_priority(wq));
			json_str("wq_name", or_empty(accfg_wq_get_type_name(wq)), true);
			json_str("driver_name", or_empty(accfg_wq_get_driver_name(wq)), false);
			printf("}");
		}
		printf("]}");
	}
	printf("]}\n");
}

static void list_text(struct accfg_ctx *ctx)
{
	struct accfg_device *dev;
	struct accfg_wq *wq;

	accfg_device_foreach(ctx, dev) {
		if (!is_dsa(dev))
			continue;
		printf("%s  %s  max wq size %u, max batch %u, max transfer %" PRIu64
		       ", %u groups, %u engines\n",
		       accfg_device_get_devname(dev), dev_state_name(dev),
		       accfg_device_get_max_work_queues_size(dev),
		       accfg_device_get_max_batch_size(dev),
		       accfg_device_get_max_transfer_size(dev),
		       accfg_device_get_max_groups(dev), accfg_device_get_max_engines(dev));
		printf("  %-8s %-9s %-6s %-9s %5s %9s %12s %5s %4s %-16s %s\n", "wq", "mode", "type",
		       "state", "size", "max_batch", "max_transfer", "group", "prio", "name", "driver");
		accfg_wq_foreach(dev, wq)
			printf("  %-8s %-9s %-6s %-9s %5" PRIu64 " %9u %12" PRIu64 " %5d %4d %-16s %s\n",
			       accfg_wq_get_devname(wq), wq_mode_name(wq), wq_type_name(wq),
			       wq_state_name(wq), accfg_wq_get_size(wq),
			       accfg_wq_get_max_batch_size(wq), accfg_wq_get_max_transfer_size(wq),
			       accfg_wq_get_group_id(wq), accfg_wq_get_priority(wq),
			       or_empty(accfg_wq_get_type_name(wq)),
			       or_empty(accfg_wq_get_driver_name(wq)));
	}
}

/* Sum of the sizes of the device's other WQs: the device shares one pool. */
static unsigned int other_wq_sizes(struct accfg_device *dev, struct accfg_wq *self)
{
	struct accfg_wq *wq;
	unsigned int sum = 0;

	accfg_wq_foreach(dev, wq)
		if (wq != self)
			sum += (unsigned int)accfg_wq_get_size(wq);
	return sum;
}

/* Every value against the device's limits, before anything is written. */
static int setup_check(struct accfg_device *dev, struct accfg_wq *wq,
		       struct mmoctl_dsa_opts *o)
{
	const char *dn = accfg_device_get_devname(dev), *wn = accfg_wq_get_devname(wq);
	unsigned int max_size = accfg_device_get_max_work_queues_size(dev);
	unsigned int max_batch = accfg_device_get_max_batch_size(dev);
	uint64_t max_xfer = accfg_device_get_max_transfer_size(dev);
	unsigned int max_groups = accfg_device_get_max_groups(dev);
	unsigned int others = other_wq_sizes(dev, wq);

	if (others >= max_size)
		return fail(MMOCTL_ERANGE,
			    "%s's other WQs hold all %u of its WQ entries: shrink or disable one first",
			    dn, max_size);
	if (o->size < 0)
		o->size = DEFAULT_WQ_SIZE < max_size - others ? DEFAULT_WQ_SIZE : (int)(max_size - others);
	if (o->max_batch < 0)
		o->max_batch = max_batch && DEFAULT_BATCH > max_batch ? (int)max_batch : DEFAULT_BATCH;
	if (!o->max_transfer)
		o->max_transfer = max_xfer;
	if (o->group < 0)
		o->group = 0;
	if (o->priority < 0)
		o->priority = DEFAULT_PRIO;

	if (o->size < 1 || (unsigned int)o->size > max_size)
		return fail(MMOCTL_ERANGE, "--size %d: %s allows WQ sizes 1 to %u",
				o->size, dn, max_size);
	if ((unsigned int)o->size + others > max_size)
		return fail(MMOCTL_ERANGE,
				"--size %d: %s's other WQs already hold %u of its %u entries",
				o->size, dn, others, max_size);
	/* max_batch_size is 0 where the device has no batching: then only 1. */
	if ((unsigned int)o->max_batch > (max_batch ? max_batch : 1))
		return fail(MMOCTL_ERANGE, "--max-batch %d: %s allows at most %u",
				o->max_batch, dn, max_batch ? max_batch : 1);
	if (o->max_transfer > max_xfer)
		return fail(MMOCTL_ERANGE, "--max-transfer %" PRIu64 ": %s allows at most %" PRIu64,
				o->max_transfer, dn, max_xfer);
	if ((unsigned int)o->group >= max_groups)
		return fail(MMOCTL_ERANGE, "--group %d: %s has groups 0 to %u",
				o->group, dn, max_groups - 1);
	if (accfg_device_get_state(dev) == ACCFG_DEVICE_ENABLED)
		return fail(MMOCTL_ERR,
				"%s is enabled: its configuration is fixed; run 'mmoctl dsa disable %s' first",
				dn, dn);
	if (accfg_wq_get_state(wq) != ACCFG_WQ_DISABLED)
		return fail(MMOCTL_ERR, "%s is %s: run 'mmoctl dsa disable %s' first",
				wn, wq_state_name(wq), wn);
	return MMOCTL_OK;
}

/* The group needs an engine to run the WQ: give it a free one if it has none. */
static int setup_engine(struct accfg_device *dev, int group)
{
	struct accfg_engine *eng, *spare = NULL;
	char name[32];
	int err;

	accfg_engine_foreach(dev, eng) {
		if (accfg_engine_get_group_id(eng) == group)
			return MMOCTL_OK;
		if (!spare && accfg_engine_get_group_id(eng) < 0)
			spare = eng;
	}
	if (!spare)
		return fail(MMOCTL_ERR,
				"group %d of %s has no engine and every engine is in another group",
				group, accfg_device_get_devname(dev));
	err = accfg_engine_set_group_id(spare, group);
	snprintf(name, sizeof(name), "engine%d", accfg_engine_get_id(spare));
	return err ? accfg_error(err, "assigning to the group", name) : MMOCTL_OK;
}

static int dsa_setup(struct accfg_device *dev, struct accfg_wq *wq, struct mmoctl_dsa_opts o)
{
	const char *wn = accfg_wq_get_devname(wq);
	int err, ret;

	ret = setup_check(dev, wq, &o);
	if (ret)
		return ret;
	/* Each setter writes one sysfs attribute; name the one that fails. */
	if ((err = accfg_wq_set_group_id(wq, o.group)))
		return accfg_error(err, "setting group_id of", wn);
	if ((err = accfg_wq_set_mode(wq, ACCFG_WQ_DEDICATED)))
		return accfg_error(err, "setting mode dedicated of", wn);
	if ((err = accfg_wq_set_str_type(wq, "kernel")))
		return accfg_error(err, "setting type kernel of", wn);
	if ((err = accfg_wq_set_str_name(wq, MMO_WQ_NAME)))
		return accfg_error(err, "setting name of", wn);
	if ((err = accfg_wq_set_str_driver_name(wq, MMO_WQ_NAME)))
		return accfg_error(err, "setting driver_name of", wn);
	if ((err = accfg_wq_set_size(wq, o.size)))
		return accfg_error(err, "setting size of", wn);
	if ((err = accfg_wq_set_priority(wq, o.priority)))
		return accfg_error(err, "setting priority of", wn);
	if (accfg_device_get_max_batch_size(dev) &&
	    (err = accfg_wq_set_max_batch_size(wq, o.max_batch)))
		return accfg_error(err, "setting max_batch_size of", wn);
	if ((err = accfg_wq_set_max_transfer_size(wq, o.max_transfer)))
		return accfg_error(err, "setting max_transfer_size of", wn);
	ret = setup_engine(dev, o.group);
	if (ret)
		return ret;
	printf("%s: dedicated kernel WQ '%s' for driver %s, size %d, max batch %d, max transfer %" PRIu64
	       ", group %d, priority %d; 'mmoctl dsa enable %s' binds it\n",
	       wn, MMO_WQ_NAME, MMO_WQ_NAME, o.size, o.max_batch, o.max_transfer, o.group,
	       o.priority, wn);
	return MMOCTL_OK;
}

static int dsa_enable(struct accfg_device *dev, struct accfg_wq *wq)
{
	const char *dn = accfg_device_get_devname(dev);
	int err;

	if (accfg_device_get_state(dev) != ACCFG_DEVICE_ENABLED) {
		err = accfg_device_enable(dev);
		if (err)
			return accfg_error(err, "enabling", dn);
		printf("%s enabled\n", dn);
	} else if (!wq) {
		printf("%s was already enabled\n", dn);
	}
	if (!wq)
		return MMOCTL_OK;
	if (accfg_wq_get_state(wq) == ACCFG_WQ_ENABLED) {
		printf("%s was already enabled\n", accfg_wq_get_devname(wq));
		return MMOCTL_OK;
	}
	err = accfg_wq_enable(wq);
	if (err)
		return accfg_error(err, "enabling", accfg_wq_get_devname(wq));
	printf("%s enabled (driver %s)\n", accfg_wq_get_devname(wq),
	       or_empty(accfg_wq_get_driver_name(wq)));
	return MMOCTL_OK;
}

static int dsa_disable(struct accfg_device *dev, struct accfg_wq *wq)
{
	const char *name = wq ? accfg_wq_get_devname(wq) : accfg_device_get_devname(dev);
	int err;

	if (wq ? accfg_wq_get_state(wq) == ACCFG_WQ_DISABLED
	       : accfg_device_get_state(dev) == ACCFG_DEVICE_DISABLED) {
		printf("%s was already disabled\n", name);
		return MMOCTL_OK;
	}
	/* Not forced: the kernel refuses while a WQ is in use, and we say so. */
	err = wq ? accfg_wq_disable(wq, false) : accfg_device_disable(dev, false);
	if (err)
		return accfg_error(err, "disabling", name);
	printf("%s disabled\n", name);
	return MMOCTL_OK;
}

int mmoctl_dsa(const struct mmoctl_args *a)
{
	struct accfg_device *dev = NULL;
	struct accfg_wq *wq = NULL;
	struct accfg_ctx *ctx;
	char name[32];
	int ret;

	ret = dsa_open(&ctx);
	if (ret)
		return ret;
	if (a->dsa_cmd == DSA_LIST) {
		a->json ? list_json(ctx) : list_text(ctx);
		accfg_unref(ctx);
		return MMOCTL_OK;
	}

	dev = find_device(ctx, a->dsa_dev);
	snprintf(name, sizeof(name), "dsa%d", a->dsa_dev);
	if (!dev) {
		ret = fail(MMOCTL_EUSAGE, "no DSA device %s ('mmoctl dsa list' shows them)", name);
		goto out;
	}
	if (a->dsa_wq >= 0) {
		wq = find_wq(dev, a->dsa_dev, a->dsa_wq);
		if (!wq) {
			ret = fail(MMOCTL_EUSAGE, "%s has no wq%d.%d (it has %u)", name,
				       a->dsa_dev, a->dsa_wq, accfg_device_get_max_work_queues(dev));
			goto out;
		}
	}
	switch (a->dsa_cmd) {
	case DSA_SETUP:
		ret = dsa_setup(dev, wq, a->dsa);
		break;
	case DSA_ENABLE:
		ret = dsa_enable(dev, wq);
		break;
	default:
		ret = dsa_disable(dev, wq);
		break;
	}
out:
	accfg_unref(ctx);
	return ret;
}
