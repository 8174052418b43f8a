// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzz run over mmoctl's argument, value and tunable parsing, built with
 * ASan and UBSan: random command lines from a dictionary of mmoctl's own
 * words mixed with random bytes, random numbers in every spelling, and
 * random assignments to the tunables of a real policy object. Every call
 * must return one of mmoctl's exit codes, name its cause when it fails,
 * and keep accepted values inside their type and range; the sanitizers
 * catch any memory error. The seed is fixed, so a failure repeats.
 *
 * usage: fuzz_mmoctl <build-dir> [cases]
 * Prints "PASS host/fuzz_*" lines with the number of cases run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "mmoctl.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int below(unsigned int n)
{
	return next() % n;
}

static const char *const words[] = {
	"load", "swap", "unload", "status", "stats", "set", "help", "dsa", "list",
	"setup", "enable", "disable", "--set", "--json", "--watch", "--count", "--help",
	"--size", "--max-batch", "--max-transfer", "--group", "--priority", "dsa0",
	"wq0.-1", "dsa1/wq0.0", "iax0", "x.bpf.o", "min_pages=1", "a=b=c", "=", "=1", "", "-",
	"--", "0", "-1", "1", "2", "4294967296", "99999999999999999999999", "0x10",
	"0xffffffffffffffff", "1e3", " 1", "1 ", "+5", "dsa0/wq0.0", "wq0.0", "dsa-sim",
	"cpu-mt", "engine=dsa-sim", "offload_engine=cpu", "chunk_pages=-0",
};

/* A random string: dictionary words glued together, or raw bytes. */
static void random_string(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (below(4) == 0) {
		size_t want = below(len - 1);

		for (n = 0; n < want; n++)
			buf[n] = (char)(1 + below(255));
		buf[n] = '\0';
		return;
	}
	do {
		const char *w = words[below(sizeof(words) / sizeof(words[0]))];

		snprintf(buf + n, len - n, "%s", w);
		n = strlen(buf);
	} while (n < len - 1 && below(3) == 0);
}

static int valid_exit(int rc)
{
	return rc >= MMOCTL_OK && rc <= 32;
}

static void fuzz_args(unsigned int cases)
{
	char store[8][96], err[256];
	unsigned int i, bad = 0;

	for (i = 0; i < cases; i++) {
		char *argv[9] = { "mmoctl" };
		struct mmoctl_args a;
		int argc = 1 + below(8), k, rc;

		for (k = 1; k < argc; k++) {
			random_string(store[k], sizeof(store[k]));
			argv[k] = store[k];
		}
		err[0] = '\0';
		rc = mmoctl_parse_args(argc, argv, &a, err, sizeof(err));
		if (!valid_exit(rc) || (rc && rc != MMOCTL_OK && !err[0] &&
					a.cmd != CMD_HELP)) {
			if (bad++ < 5)
				printf("  args case %u: rc %d, err '%s'\n", i, rc, err);
		}
	}
	printf("%s host/fuzz_args: %u command lines, %u bad\n", bad ? "FAIL" : "PASS",
	       cases, bad);
}

static void fuzz_values(unsigned int cases)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	char text[64], err[256];
	unsigned int i, bad = 0;

	for (i = 0; i < cases; i++) {
		bool is_signed = below(2), has_range = below(2);
		unsigned int size = sizes[below(4)];
		int64_t lo = (int64_t)next() >> below(64), hi = (int64_t)next() >> below(64);
		uint64_t out = 0x5a5a5a5a5a5a5a5aULL;
		int rc;

		if (lo > hi) {
			int64_t t = lo;

			lo = hi;
			hi = t;
		}
		if (below(2))
			snprintf(text, sizeof(text), "%" PRId64, (int64_t)next() >> below(64));
		else
			random_string(text, sizeof(text));
		err[0] = '\0';
		rc = mmoctl_parse_value(text, is_signed, size, has_range, lo, hi, &out,
					err, sizeof(err));
		if (rc == MMOCTL_OK) {
			int64_t v = is_signed ? (int64_t)out : 0;
			bool fits = size == 8 ||
				    (is_signed ? v >= -(1LL << (size * 8 - 1)) &&
						 v < (1LL << (size * 8 - 1)) :
						 out < (1ULL << (size * 8)));
			bool in_range = !has_range ||
					(is_signed ? v >= lo && v <= hi :
					 (lo < 0 || out >= (uint64_t)lo) &&
					 (hi >= 0 && out <= (uint64_t)hi));

			if (!fits || !in_range) {
				if (bad++ < 5)
					printf("  value case %u: '%s' size %u signed %d [%" PRId64 ", %" PRId64 "] accepted as %" PRIu64 "\n",
					       i, text, size, is_signed, lo, hi, out);
			}
		} else if (!valid_exit(rc) || !err[0]) {
			if (bad++ < 5)
				printf("  value case %u: rc %d without a message\n", i, rc);
		}
	}
	printf("%s host/fuzz_values: %u values, %u bad\n", bad ? "FAIL" : "PASS", cases, bad);
}

/* Random assignments to the tunables of a real policy's .data. */
static void fuzz_tunables(const char *build, unsigned int cases)
{
	char path[512], text[128], err[256];
	struct mmo_tunables tun = {};
	struct bpf_object *obj;
	struct bpf_map *map, *data = NULL, *rodata = NULL;
	unsigned int i, bad = 0;
	size_t data_size = 0, ro_size = 0;
	void *copy;

	snprintf(path, sizeof(path), "%s/policies/adaptive.bpf.o", build);
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		printf("FAIL host/fuzz_tunables: cannot open %s\n", path);
		return;
	}
	bpf_object__for_each_map(map, obj) {
		if (strstr(bpf_map__name(map), ".data"))
			data = map;
		if (strstr(bpf_map__name(map), ".rodata"))
			rodata = map;
	}
	if (!data || !rodata ||
	    mmo_tunables_from_btf(bpf_object__btf(obj),
				  bpf_map__initial_value(rodata, &ro_size), ro_size, &tun) ||
	    !tun.n) {
		printf("FAIL host/fuzz_tunables: no tunables in %s\n", path);
		bpf_object__close(obj);
		return;
	}
	/* Start from the policy's defaults, which are in range. */
	copy = malloc(data_size = bpf_map__value_size(data));
	memcpy(copy, bpf_map__initial_value(data, &data_size), data_size);
	for (i = 0; i < cases; i++) {
		const struct mmo_tunable *t = &tun.v[below(tun.n)];
		int rc;

		if (below(3))
			snprintf(text, sizeof(text), "%s=%" PRId64, t->name,
				 (int64_t)next() >> below(64));
		else
			random_string(text, sizeof(text));
		err[0] = '\0';
		rc = mmo_tunables_assign(&tun, copy, data_size, text, err, sizeof(err));
		if (!valid_exit(rc) || (rc && !err[0])) {
			if (bad++ < 5)
				printf("  tunable case %u: '%s' rc %d err '%s'\n", i, text, rc, err);
			continue;
		}
		if (rc == MMOCTL_OK) {
			/* Every tunable's value must still be in its range. */
			for (int k = 0; k < tun.n; k++) {
				int64_t v = mmo_tunable_read(&tun.v[k], copy);

				if (tun.v[k].has_range && (v < tun.v[k].lo || v > tun.v[k].hi) &&
				    bad++ < 5)
					printf("  tunable case %u: %s = %" PRId64 " out of range\n",
					       i, tun.v[k].name, v);
			}
		}
	}
	printf("%s host/fuzz_tunables: %u assignments to %d tunables, %u bad\n",
	       bad ? "FAIL" : "PASS", cases, tun.n, bad);
	free(copy);
	mmo_tunables_free(&tun);
	bpf_object__close(obj);
}

int main(int argc, char **argv)
{
	unsigned int cases = argc > 2 ? strtoul(argv[2], NULL, 0) : 100000;

	if (argc < 2) {
		fprintf(stderr, "usage: fuzz_mmoctl <build-dir> [cases]\n");
		return 2;
	}
	libbpf_set_print(NULL);
	fuzz_args(cases);
	fuzz_values(cases);
	fuzz_tunables(argv[1], cases / 2);
	return 0;
}
