// SPDX-License-Identifier: GPL-2.0
/*
 * mmoctl: command-line and value parsing. Pure functions, no kernel access,
 * so the host tests exercise them directly.
 */
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
"  help\n"
"\n"
"exit codes: 0 ok, 1 other error, 2 usage, 3 not permitted (needs CAP_BPF and\n"
"CAP_SYS_ADMIN), 4 kernel without mm_offload, 5 verifier rejection, 6 unknown\n"
"tunable, 7 value out of range, 8 no policy loaded, 9 a policy is already\n"
"loaded, 10 not a usable policy object, 11 kernel refused attach or swap\n";
}

static const struct {
	const char *name;
	enum mmoctl_cmd cmd;
} mmoctl_cmds[] = {
	{ "load", CMD_LOAD }, { "swap", CMD_SWAP }, { "unload", CMD_UNLOAD },
	{ "status", CMD_STATUS }, { "stats", CMD_STATS }, { "set", CMD_SET },
	{ "help", CMD_HELP }, { "--help", CMD_HELP }, { "-h", CMD_HELP },
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
