// SPDX-License-Identifier: GPL-2.0
/*
 * mmoctl: command-line and value parsing. Pure functions, no kernel access,
 * so the host tests exercise them directly.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/mm_offload.h>

#include "mmoctl.h"

const char *mmoctl_usage(void)
{
	return
"usage: mmoctl <command> [options]\n"
"\n"
"  load <policy.bpf.o> [--set name=value]...  attach a policy\n"
"  swap <policy.bpf.o> [--set name=value]...  replace the attached policy atomically\n"
"  unload                                     detach the policy; kernel defaults return\n"
"  set name=value...                          change tunables of the attached policy live\n"
"  status [--json]                            attached policy, state, tunables\n"
"  stats [--json] [--watch SECS [--count N]]  migration decisions per engine\n"
"  dsa list [--json]                          Intel DSA devices and work queues\n"
"  dsa setup <dsaN/wqN.M|wqN.M> [--size N] [--max-batch N] [--max-transfer BYTES]\n"
"            [--group G] [--priority P]       configure a WQ for the dsa engine\n"
"  dsa enable <dsaN|wqN.M>                    enable a device, or a WQ (and its device)\n"
"  dsa disable <dsaN|wqN.M>                   disable a WQ or a device\n"
"  help\n"
"\n"
"exit codes: 0 ok, 1 other error, 2 usage, 3 not permitted (needs CAP_BPF and\n"
"CAP_SYS_ADMIN), 4 kernel without mm_offload, 5 verifier rejection, 6 unknown\n"
"tunable, 7 value out of range, 8 no policy loaded, 9 a policy is already\n"
"loaded, 10 not a usable policy object, 11 kernel refused attach or swap,\n"
"12 no Intel DSA device\n";
}

static const struct {
	const char *name;
	enum mmoctl_cmd cmd;
} mmoctl_cmds[] = {
	{ "load", CMD_LOAD }, { "swap", CMD_SWAP }, { "unload", CMD_UNLOAD },
	{ "status", CMD_STATUS }, { "stats", CMD_STATS }, { "set", CMD_SET },
	{ "help", CMD_HELP }, { "--help", CMD_HELP }, { "-h", CMD_HELP },
	{ "dsa", CMD_DSA },
};

/* Strict decimal int in [lo, hi]. */
static int parse_small_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/*
 * "dsaN", "dsaN/wqN.M" or "wqN.M" (the WQ names the device too). @wq is -1
 * for a device. Returns -1 on anything else.
 */
int mmoctl_parse_dsa_target(const char *s, int *dev, int *wq)
{
	int d = -1, d2, w, n = 0;

	*wq = -1;
	if (!strncmp(s, "dsa", 3)) {
		if (sscanf(s, "dsa%d%n", &d, &n) != 1 || d < 0 || !isdigit((unsigned char)s[3]))
			return -1;
		s += n;
		if (!*s) {
			*dev = d;
			return 0;
		}
		if (*s++ != '/')
			return -1;
	}
	n = 0;
	if (strncmp(s, "wq", 2) || !isdigit((unsigned char)s[2]) ||
	    sscanf(s, "wq%d.%d%n", &d2, &w, &n) != 2 || s[n] || d2 < 0 || w < 0 ||
	    !isdigit((unsigned char)strchr(s, '.')[1]) || (d >= 0 && d2 != d))
		return -1;
	*dev = d2;
	*wq = w;
	return 0;
}

/* The value of a dsa setup option: a plain decimal or 0x number in [lo, hi]. */
static int parse_dsa_value(const char *opt, const char *s, int64_t lo, int64_t hi,
			   uint64_t *out, char *err, size_t errlen)
{
	char why[160];
	int ret;

	/* mmoctl_parse_value also takes engine names; a size is only a number. */
	if (!isdigit((unsigned char)s[0])) {
		snprintf(err, errlen, "%s: '%s' is not a number", opt, s);
		return MMOCTL_ERANGE;
	}
	ret = mmoctl_parse_value(s, false, 8, true, lo, hi, out, why, sizeof(why));
	if (ret)
		snprintf(err, errlen, "%s: %s", opt, why);
	return ret;
}

static const struct {
	const char *name;
	enum mmoctl_dsa_cmd cmd;
} dsa_cmds[] = {
	{ "list", DSA_LIST }, { "setup", DSA_SETUP },
	{ "enable", DSA_ENABLE }, { "disable", DSA_DISABLE },
};

/*
 * Bounds any device could accept; the device's own limits (WQ size, batch,
 * transfer size, groups) are checked against it in dsa.c. Priority is the
 * 4-bit WQCFG field, 0 not being a usable priority.
 */
static const struct {
	const char *opt;
	int64_t lo, hi;
} dsa_opts[] = {
	{ "--size", 1, 65535 },
	{ "--max-batch", 1, 1 << 30 },
	{ "--max-transfer", 1, 1LL << 32 },
	{ "--group", 0, 255 },
	{ "--priority", 1, 15 },
};

static int parse_dsa(int argc, char **argv, struct mmoctl_args *a,
		     char *err, size_t errlen)
{
	const char *target = NULL;
	size_t i;
	int k, ret;

	a->dsa_dev = a->dsa_wq = -1;
	a->dsa.size = a->dsa.max_batch = a->dsa.group = a->dsa.priority = -1;
	if (argc < 3) {
		snprintf(err, errlen, "dsa needs a subcommand: list, setup, enable or disable");
		return MMOCTL_EUSAGE;
	}
	for (i = 0; i < sizeof(dsa_cmds) / sizeof(dsa_cmds[0]); i++)
		if (!strcmp(argv[2], dsa_cmds[i].name))
			a->dsa_cmd = dsa_cmds[i].cmd;
	if (a->dsa_cmd == DSA_NONE) {
		snprintf(err, errlen, "unknown dsa subcommand '%s'", argv[2]);
		return MMOCTL_EUSAGE;
	}

	for (k = 3; k < argc; k++) {
		const char *arg = argv[k];
		uint64_t v;

		if (!strcmp(arg, "--json") && a->dsa_cmd == DSA_LIST) {
			a->json = true;
			continue;
		}
		for (i = 0; a->dsa_cmd == DSA_SETUP && i < sizeof(dsa_opts) / sizeof(dsa_opts[0]); i++)
			if (!strcmp(arg, dsa_opts[i].opt))
				break;
		if (a->dsa_cmd == DSA_SETUP && i < sizeof(dsa_opts) / sizeof(dsa_opts[0])) {
			if (k + 1 >= argc) {
				snprintf(err, errlen, "%s needs a value", arg);
				return MMOCTL_EUSAGE;
			}
			ret = parse_dsa_value(arg, argv[++k], dsa_opts[i].lo, dsa_opts[i].hi,
					      &v, err, errlen);
			if (ret)
				return ret;
			switch (i) {
			case 0: a->dsa.size = (int)v; break;
			case 1: a->dsa.max_batch = (int)v; break;
			case 2: a->dsa.max_transfer = v; break;
			case 3: a->dsa.group = (int)v; break;
			default: a->dsa.priority = (int)v; break;
			}
		} else if (arg[0] == '-' && arg[1]) {
			snprintf(err, errlen, "unknown option '%s' for dsa %s", arg, argv[2]);
			return MMOCTL_EUSAGE;
		} else if (a->dsa_cmd != DSA_LIST && !target) {
			target = arg;
		} else {
			snprintf(err, errlen, "unexpected argument '%s' for dsa %s", arg, argv[2]);
			return MMOCTL_EUSAGE;
		}
	}

	if (a->dsa_cmd == DSA_LIST)
		return MMOCTL_OK;
	if (!target) {
		snprintf(err, errlen, "dsa %s needs a %s", argv[2],
			 a->dsa_cmd == DSA_SETUP ? "work queue (dsaN/wqN.M or wqN.M)"
						 : "device or work queue (dsaN, dsaN/wqN.M, wqN.M)");
		return MMOCTL_EUSAGE;
	}
	if (mmoctl_parse_dsa_target(target, &a->dsa_dev, &a->dsa_wq) ||
	    (a->dsa_cmd == DSA_SETUP && a->dsa_wq < 0)) {
		snprintf(err, errlen, "'%s' is not a %s", target,
			 a->dsa_cmd == DSA_SETUP ? "work queue (dsaN/wqN.M or wqN.M)"
						 : "device or work queue (dsaN, dsaN/wqN.M, wqN.M)");
		return MMOCTL_EUSAGE;
	}
	return MMOCTL_OK;
}

int mmoctl_parse_args(int argc, char **argv, struct mmoctl_args *a,
		      char *err, size_t errlen)
{
	size_t i;
	int k;

	memset(a, 0, sizeof(*a));
	if (argc < 2) {
		snprintf(err, errlen, "no command given");
		return MMOCTL_EUSAGE;
	}
	for (i = 0; i < sizeof(mmoctl_cmds) / sizeof(mmoctl_cmds[0]); i++)
		if (!strcmp(argv[1], mmoctl_cmds[i].name))
			a->cmd = mmoctl_cmds[i].cmd;
	if (a->cmd == CMD_NONE) {
		snprintf(err, errlen, "unknown command '%s'", argv[1]);
		return MMOCTL_EUSAGE;
	}
	if (a->cmd == CMD_DSA)
		return parse_dsa(argc, argv, a, err, errlen);

	for (k = 2; k < argc; k++) {
		const char *arg = argv[k];
		bool has_next = k + 1 < argc;

		if (!strcmp(arg, "--json") &&
		    (a->cmd == CMD_STATUS || a->cmd == CMD_STATS)) {
			a->json = true;
		} else if (!strcmp(arg, "--set") &&
			   (a->cmd == CMD_LOAD || a->cmd == CMD_SWAP)) {
			if (!has_next) {
				snprintf(err, errlen, "--set needs name=value");
				return MMOCTL_EUSAGE;
			}
			if (a->nr_sets == MMOCTL_MAX_SETS) {
				snprintf(err, errlen, "more than %d --set", MMOCTL_MAX_SETS);
				return MMOCTL_EUSAGE;
			}
			a->sets[a->nr_sets++] = argv[++k];
		} else if (!strcmp(arg, "--watch") && a->cmd == CMD_STATS) {
			if (!has_next || parse_small_int(argv[++k], 1, 3600, &a->watch_secs)) {
				snprintf(err, errlen, "--watch needs seconds in [1, 3600]");
				return MMOCTL_EUSAGE;
			}
		} else if (!strcmp(arg, "--count") && a->cmd == CMD_STATS) {
			if (!has_next || parse_small_int(argv[++k], 1, INT_MAX, &a->count)) {
				snprintf(err, errlen, "--count needs a positive number");
				return MMOCTL_EUSAGE;
			}
		} else if (arg[0] == '-' && arg[1]) {
			snprintf(err, errlen, "unknown option '%s' for %s", arg, argv[1]);
			return MMOCTL_EUSAGE;
		} else if ((a->cmd == CMD_LOAD || a->cmd == CMD_SWAP) && !a->obj) {
			a->obj = arg;
		} else if (a->cmd == CMD_SET) {
			if (a->nr_sets == MMOCTL_MAX_SETS) {
				snprintf(err, errlen, "more than %d assignments", MMOCTL_MAX_SETS);
				return MMOCTL_EUSAGE;
			}
			a->sets[a->nr_sets++] = arg;
		} else {
			snprintf(err, errlen, "unexpected argument '%s' for %s", arg, argv[1]);
			return MMOCTL_EUSAGE;
		}
	}

	if ((a->cmd == CMD_LOAD || a->cmd == CMD_SWAP) && !a->obj) {
		snprintf(err, errlen, "%s needs a policy object (.bpf.o)", argv[1]);
		return MMOCTL_EUSAGE;
	}
	if (a->cmd == CMD_SET && !a->nr_sets) {
		snprintf(err, errlen, "set needs at least one name=value");
		return MMOCTL_EUSAGE;
	}
	if (a->count && !a->watch_secs) {
		snprintf(err, errlen, "--count only goes with --watch");
		return MMOCTL_EUSAGE;
	}
	return MMOCTL_OK;
}

int mmoctl_split_assignment(const char *s, char *name, size_t namelen,
			    const char **value)
{
	const char *eq = strchr(s, '=');
	size_t n;

	if (!eq || eq == s)
		return -1;
	n = (size_t)(eq - s);
	if (n >= namelen)
		return -1;
	memcpy(name, s, n);
	name[n] = '\0';
	*value = eq + 1;
	return 0;
}

/* Engine names are accepted wherever a number is: "cpu-mt" means 1. */
static int engine_by_name(const char *s)
{
	static const char * const names[] = MMO_ENGINE_NAMES;
	int i;

	for (i = 0; i < MMO_NR_ENGINES; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

int mmoctl_parse_value(const char *s, bool is_signed, unsigned int size,
		       bool has_range, int64_t lo, int64_t hi,
		       uint64_t *out, char *err, size_t errlen)
{
	unsigned int bits = size * 8;
	int64_t tmin = 0, tmax;
	int64_t v;
	char *end;
	int engine;

	if (size == 0 || size > 8) {
		snprintf(err, errlen, "unsupported tunable size %u", size);
		return MMOCTL_ERANGE;
	}
	/* Type bounds; 64-bit unsigned values are limited to INT64_MAX. */
	if (is_signed) {
		tmax = bits == 64 ? INT64_MAX : (int64_t)((1ULL << (bits - 1)) - 1);
		tmin = -tmax - 1;
	} else {
		tmax = bits == 64 ? INT64_MAX : (int64_t)((1ULL << bits) - 1);
	}

	engine = engine_by_name(s);
	if (engine >= 0) {
		v = engine;
	} else {
		if (!*s) {
			snprintf(err, errlen, "empty value");
			return MMOCTL_ERANGE;
		}
		errno = 0;
		v = strtoll(s, &end, 0);
		if (end == s || *end) {
			snprintf(err, errlen, "'%s' is not a number", s);
			return MMOCTL_ERANGE;
		}
		if (errno == ERANGE) {
			snprintf(err, errlen, "'%s' does not fit in 64 bits", s);
			return MMOCTL_ERANGE;
		}
	}
	if (v < tmin || v > tmax) {
		snprintf(err, errlen, "%" PRId64 " does not fit a %s %u-bit tunable",
			 v, is_signed ? "signed" : "unsigned", bits);
		return MMOCTL_ERANGE;
	}
	if (has_range && (v < lo || v > hi)) {
		snprintf(err, errlen, "%" PRId64 " is outside [%" PRId64 ", %" PRId64 "]",
			 v, lo, hi);
		return MMOCTL_ERANGE;
	}
	*out = (uint64_t)v;
	return MMOCTL_OK;
}
