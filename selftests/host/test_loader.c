// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of mmoctl's argument, value and tunable parsing, on the real
 * policy objects (opened, not loaded: no kernel needed). Built with ASan and
 * UBSan. Prints PASS/FAIL per case.
 *
 * usage: test_loader <build-dir>
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "mmoctl.h"

static int nr_pass, nr_fail;

static void check(bool ok, const char *name, const char *detail)
{
	printf("%s host/%s%s%s\n", ok ? "PASS" : "FAIL", name,
	       detail && !ok ? ": " : "", detail && !ok ? detail : "");
	ok ? nr_pass++ : nr_fail++;
}

/* ---- argument parsing ------------------------------------------------- */

struct args_case {
	const char *name;
	const char *argv[8];
	int want;
	enum mmoctl_cmd cmd;
};

static const struct args_case args_cases[] = {
	{ "args_none", { "mmoctl" }, MMOCTL_EUSAGE, CMD_NONE },
	{ "args_unknown_cmd", { "mmoctl", "lod" }, MMOCTL_EUSAGE, CMD_NONE },
	{ "args_load", { "mmoctl", "load", "p.o" }, MMOCTL_OK, CMD_LOAD },
	{ "args_load_no_obj", { "mmoctl", "load" }, MMOCTL_EUSAGE, CMD_LOAD },
	{ "args_load_sets", { "mmoctl", "load", "p.o", "--set", "a=1", "--set", "b=2" },
	  MMOCTL_OK, CMD_LOAD },
	{ "args_set_missing_value", { "mmoctl", "load", "p.o", "--set" }, MMOCTL_EUSAGE, CMD_LOAD },
	{ "args_load_two_objs", { "mmoctl", "load", "p.o", "q.o" }, MMOCTL_EUSAGE, CMD_LOAD },
	{ "args_swap", { "mmoctl", "swap", "p.o" }, MMOCTL_OK, CMD_SWAP },
	{ "args_unload_extra", { "mmoctl", "unload", "x" }, MMOCTL_EUSAGE, CMD_UNLOAD },
	{ "args_status_json", { "mmoctl", "status", "--json" }, MMOCTL_OK, CMD_STATUS },
	{ "args_load_json", { "mmoctl", "load", "p.o", "--json" }, MMOCTL_EUSAGE, CMD_LOAD },
	{ "args_stats_watch", { "mmoctl", "stats", "--watch", "2", "--count", "3" }, MMOCTL_OK, CMD_STATS },
	{ "args_stats_watch_zero", { "mmoctl", "stats", "--watch", "0" }, MMOCTL_EUSAGE, CMD_STATS },
	{ "args_stats_watch_junk", { "mmoctl", "stats", "--watch", "2x" }, MMOCTL_EUSAGE, CMD_STATS },
	{ "args_count_without_watch", { "mmoctl", "stats", "--count", "3" }, MMOCTL_EUSAGE, CMD_STATS },
	{ "args_set_live", { "mmoctl", "set", "a=1", "b=2" }, MMOCTL_OK, CMD_SET },
	{ "args_set_live_empty", { "mmoctl", "set" }, MMOCTL_EUSAGE, CMD_SET },
	{ "args_unknown_option", { "mmoctl", "status", "--jsn" }, MMOCTL_EUSAGE, CMD_STATUS },
	{ "args_help", { "mmoctl", "--help" }, MMOCTL_OK, CMD_HELP },
	{ "args_dsa_none", { "mmoctl", "dsa" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_unknown", { "mmoctl", "dsa", "lst" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_list", { "mmoctl", "dsa", "list" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_list_json", { "mmoctl", "dsa", "list", "--json" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_list_extra", { "mmoctl", "dsa", "list", "dsa0" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_list_size", { "mmoctl", "dsa", "list", "--size", "4" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup", { "mmoctl", "dsa", "setup", "dsa0/wq0.1" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_setup_short", { "mmoctl", "dsa", "setup", "wq2.3" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_setup_missing_value", { "mmoctl", "dsa", "setup", "wq0.0", "--size", "16", "--max-batch" },
	  MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_no_wq", { "mmoctl", "dsa", "setup" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_device", { "mmoctl", "dsa", "setup", "dsa0" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_mismatch", { "mmoctl", "dsa", "setup", "dsa0/wq1.0" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_junk_target", { "mmoctl", "dsa", "setup", "wq0.0x" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_neg_target", { "mmoctl", "dsa", "setup", "wq0.-1" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_two_targets", { "mmoctl", "dsa", "setup", "wq0.0", "wq0.1" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_unknown_opt", { "mmoctl", "dsa", "setup", "wq0.0", "--sise", "4" },
	  MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_setup_json", { "mmoctl", "dsa", "setup", "wq0.0", "--json" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_size_zero", { "mmoctl", "dsa", "setup", "wq0.0", "--size", "0" }, MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_size_junk", { "mmoctl", "dsa", "setup", "wq0.0", "--size", "8k" }, MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_size_engine", { "mmoctl", "dsa", "setup", "wq0.0", "--size", "cpu-mt" },
	  MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_size_neg", { "mmoctl", "dsa", "setup", "wq0.0", "--size", "-1" }, MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_batch_zero", { "mmoctl", "dsa", "setup", "wq0.0", "--max-batch", "0" },
	  MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_xfer_huge", { "mmoctl", "dsa", "setup", "wq0.0", "--max-transfer", "0x200000000" },
	  MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_group_big", { "mmoctl", "dsa", "setup", "wq0.0", "--group", "256" }, MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_prio_zero", { "mmoctl", "dsa", "setup", "wq0.0", "--priority", "0" }, MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_prio_big", { "mmoctl", "dsa", "setup", "wq0.0", "--priority", "16" }, MMOCTL_ERANGE, CMD_DSA },
	{ "args_dsa_enable_dev", { "mmoctl", "dsa", "enable", "dsa1" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_enable_wq", { "mmoctl", "dsa", "enable", "dsa1/wq1.2" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_enable_none", { "mmoctl", "dsa", "enable" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_enable_iax", { "mmoctl", "dsa", "enable", "iax1" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_enable_size", { "mmoctl", "dsa", "enable", "dsa0", "--size", "4" }, MMOCTL_EUSAGE, CMD_DSA },
	{ "args_dsa_disable_wq", { "mmoctl", "dsa", "disable", "wq0.0" }, MMOCTL_OK, CMD_DSA },
	{ "args_dsa_disable_dev_slash", { "mmoctl", "dsa", "disable", "dsa0/" }, MMOCTL_EUSAGE, CMD_DSA },
};

/* The values and targets dsa setup/enable hand on to dsa.c. */
static void test_dsa_args(void)
{
	const char *setup[] = { "mmoctl", "dsa", "setup", "dsa3/wq3.5", "--size", "16",
				"--max-batch", "64", "--max-transfer", "0x100000",
				"--group", "2", "--priority", "7" };
	const char *bare[] = { "mmoctl", "dsa", "setup", "wq0.0" };
	const char *dev[] = { "mmoctl", "dsa", "disable", "dsa12" };
	struct mmoctl_args a;
	char err[256] = "";
	int ret;

	ret = mmoctl_parse_args(14, (char **)setup, &a, err, sizeof(err));
	check(!ret && a.dsa_cmd == DSA_SETUP && a.dsa_dev == 3 && a.dsa_wq == 5 &&
	      a.dsa.size == 16 && a.dsa.max_batch == 64 && a.dsa.max_transfer == 0x100000 &&
	      a.dsa.group == 2 && a.dsa.priority == 7, "args_dsa_setup_values", err);
	ret = mmoctl_parse_args(4, (char **)bare, &a, err, sizeof(err));
	check(!ret && a.dsa_dev == 0 && a.dsa_wq == 0 && a.dsa.size == -1 && a.dsa.max_batch == -1 &&
	      a.dsa.max_transfer == 0 && a.dsa.group == -1 && a.dsa.priority == -1,
	      "args_dsa_setup_defaults", err);
	ret = mmoctl_parse_args(4, (char **)dev, &a, err, sizeof(err));
	check(!ret && a.dsa_cmd == DSA_DISABLE && a.dsa_dev == 12 && a.dsa_wq == -1,
	      "args_dsa_disable_device", err);
	/* The message names the option that is wrong. */
	const char *bad[] = { "mmoctl", "dsa", "setup", "wq0.0", "--priority", "99" };

	ret = mmoctl_parse_args(6, (char **)bad, &a, err, sizeof(err));
	check(ret == MMOCTL_ERANGE && strstr(err, "--priority") && strstr(err, "[1, 15]"),
	      "args_dsa_range_message", err);
}

static void test_args(void)
{
	for (size_t i = 0; i < sizeof(args_cases) / sizeof(args_cases[0]); i++) {
		const struct args_case *c = &args_cases[i];
		struct mmoctl_args a;
		char err[256] = "", detail[400];
		int argc = 0, ret;

		while (c->argv[argc])
			argc++;
		ret = mmoctl_parse_args(argc, (char **)c->argv, &a, err, sizeof(err));
		snprintf(detail, sizeof(detail), "ret %d (want %d), cmd %d (want %d), err '%s'",
			 ret, c->want, a.cmd, c->cmd, err);
		check(ret == c->want && a.cmd == c->cmd && (ret == 0 || err[0]), c->name, detail);
	}

	struct mmoctl_args a;
	char err[256];
	const char *argv[] = { "mmoctl", "load", "p.o", "--set", "a=1", "--set", "b=2" };

	mmoctl_parse_args(7, (char **)argv, &a, err, sizeof(err));
	check(a.nr_sets == 2 && !strcmp(a.sets[0], "a=1") && !strcmp(a.sets[1], "b=2") &&
	      !strcmp(a.obj, "p.o"), "args_sets_collected", NULL);
	test_dsa_args();
}

/* ---- value parsing ---------------------------------------------------- */

struct value_case {
	const char *name, *text;
	bool is_signed;
	unsigned int size;
	bool has_range;
	int64_t lo, hi;
	int want;
	uint64_t value;
};

static const struct value_case value_cases[] = {
	{ "value_dec", "32", false, 4, true, 1, 512, MMOCTL_OK, 32 },
	{ "value_hex", "0x20", false, 4, true, 1, 512, MMOCTL_OK, 32 },
	{ "value_range_low", "0", false, 4, true, 1, 512, MMOCTL_ERANGE, 0 },
	{ "value_range_high", "513", false, 4, true, 1, 512, MMOCTL_ERANGE, 0 },
	{ "value_negative_unsigned", "-1", false, 4, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_u32_overflow", "4294967296", false, 4, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_u32_max", "4294967295", false, 4, false, 0, 0, MMOCTL_OK, 4294967295u },
	{ "value_u8_overflow", "256", false, 1, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_s32_negative", "-5", true, 4, true, -10, 10, MMOCTL_OK, (uint64_t)-5 },
	{ "value_s32_min", "-2147483649", true, 4, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_s64_overflow", "99999999999999999999", true, 8, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_junk", "12abc", false, 4, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_empty", "", false, 4, false, 0, 0, MMOCTL_ERANGE, 0 },
	{ "value_space", " 1", false, 4, false, 0, 0, MMOCTL_OK, 1 },
	{ "value_engine_name", "cpu-mt", false, 4, true, 1, 3, MMOCTL_OK, 1 },
	{ "value_engine_dsa_sim", "dsa-sim", false, 4, true, 1, 3, MMOCTL_OK, 3 },
	{ "value_engine_out_of_range", "cpu", false, 4, true, 1, 3, MMOCTL_ERANGE, 0 },
	{ "value_bad_size", "1", false, 16, false, 0, 0, MMOCTL_ERANGE, 0 },
};

static void test_values(void)
{
	for (size_t i = 0; i < sizeof(value_cases) / sizeof(value_cases[0]); i++) {
		const struct value_case *c = &value_cases[i];
		uint64_t v = 0;
		char err[256] = "", detail[400];
		int ret;

		ret = mmoctl_parse_value(c->text, c->is_signed, c->size, c->has_range,
					 c->lo, c->hi, &v, err, sizeof(err));
		snprintf(detail, sizeof(detail), "ret %d (want %d), value %llu, err '%s'",
			 ret, c->want, (unsigned long long)v, err);
		check(ret == c->want && (ret || v == c->value) && (!ret || err[0]),
		      c->name, detail);
	}

	char name[8];
	const char *value;

	check(mmoctl_split_assignment("a=1", name, sizeof(name), &value) == 0 &&
	      !strcmp(name, "a") && !strcmp(value, "1"), "assign_split", NULL);
	check(mmoctl_split_assignment("=1", name, sizeof(name), &value) != 0,
	      "assign_no_name", NULL);
	check(mmoctl_split_assignment("abc", name, sizeof(name), &value) != 0,
	      "assign_no_equals", NULL);
	check(mmoctl_split_assignment("toolongname=1", name, sizeof(name), &value) != 0,
	      "assign_name_too_long", NULL);
}

/* ---- tunables of the real policy objects ------------------------------- */

struct opened {
	struct bpf_object *obj;
	struct mmo_tunables tun;
	void *data;
	size_t data_size;
};

static struct bpf_map *map_ending(struct bpf_object *obj, const char *suffix)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj) {
		const char *n = bpf_map__name(m);

		if (strlen(n) >= strlen(suffix) && !strcmp(n + strlen(n) - strlen(suffix), suffix))
			return m;
	}
	return NULL;
}

static bool open_policy(const char *path, struct opened *o)
{
	const void *rodata = NULL;
	size_t rodata_size = 0;
	struct bpf_map *m;

	memset(o, 0, sizeof(*o));
	o->obj = bpf_object__open_file(path, NULL);
	if (!o->obj)
		return false;
	m = map_ending(o->obj, ".data");
	if (m)
		o->data = bpf_map__initial_value(m, &o->data_size);
	m = map_ending(o->obj, ".rodata");
	if (m)
		rodata = bpf_map__initial_value(m, &rodata_size);
	return mmo_tunables_from_btf(bpf_object__btf(o->obj), rodata, rodata_size, &o->tun) == 0;
}

static void close_policy(struct opened *o)
{
	mmo_tunables_free(&o->tun);
	bpf_object__close(o->obj);
}

static const struct mmo_tunable *find(const struct opened *o, const char *name)
{
	for (int i = 0; i < o->tun.n; i++)
		if (!strcmp(o->tun.v[i].name, name))
			return &o->tun.v[i];
	return NULL;
}

static void test_tunables(const char *build)
{
	char path[512], err[512];
	struct opened o;
	const struct mmo_tunable *t;

	snprintf(path, sizeof(path), "%s/policies/threshold.bpf.o", build);
	check(open_policy(path, &o), "tunables_open_threshold", path);
	if (!o.obj)
		return;

	t = find(&o, "min_pages");
	check(t && t->size == 4 && !t->is_signed && t->has_range && t->lo == 1 && t->hi == 512,
	      "tunables_min_pages_found", NULL);
	check(t && mmo_tunable_read(t, o.data) == 32, "tunables_min_pages_default_32", NULL);
	check(find(&o, "offload_engine") && find(&o, "chunk_pages") && o.tun.n == 3,
	      "tunables_threshold_has_three", NULL);

	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "min_pages=64", err, sizeof(err)) == 0 &&
	      t && mmo_tunable_read(t, o.data) == 64, "tunables_set_and_read_back", err);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "min_pages=0", err, sizeof(err)) == MMOCTL_ERANGE &&
	      t && mmo_tunable_read(t, o.data) == 64, "tunables_out_of_range_keeps_value", err);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "min_pages=513", err, sizeof(err)) == MMOCTL_ERANGE,
	      "tunables_above_range", err);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "bogus=1", err, sizeof(err)) == MMOCTL_ETUNABLE &&
	      strstr(err, "min_pages"), "tunables_unknown_lists_known", err);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "__mmo_range_min_pages=1", err, sizeof(err)) == MMOCTL_ETUNABLE,
	      "tunables_ranges_are_not_tunables", err);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "offload_engine=dsa-sim", err, sizeof(err)) == 0 &&
	      mmo_tunable_read(find(&o, "offload_engine"), o.data) == 3, "tunables_engine_by_name", err);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "min_pages", err, sizeof(err)) == MMOCTL_EUSAGE,
	      "tunables_not_an_assignment", err);
	close_policy(&o);

	snprintf(path, sizeof(path), "%s/policies/cpu_only.bpf.o", build);
	check(open_policy(path, &o) && o.tun.n == 0, "tunables_cpu_only_has_none", path);
	check(mmo_tunables_assign(&o.tun, o.data, o.data_size, "x=1", err, sizeof(err)) == MMOCTL_ETUNABLE &&
	      strstr(err, "none"), "tunables_none_to_set", err);
	close_policy(&o);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_loader <build-dir>\n");
		return 2;
	}
	libbpf_set_print(NULL);
	test_args();
	test_values();
	test_tunables(argv[1]);
	printf("host/test_loader: %d passed, %d failed\n", nr_pass, nr_fail);
	return nr_fail ? 1 : 0;
}
