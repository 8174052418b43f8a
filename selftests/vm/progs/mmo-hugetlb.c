// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-hugetlb: hugetlb migration with content checks.
 *
 * Maps --count N 2 MiB huge pages (default 2), mbind(MPOL_BIND)s them to node
 * --from before touching them, faults them in by writing, and fills every
 * 8-byte word with a splitmix64 of (--seed, huge page index, word index), so
 * no two words of a run are alike and a swapped, stale or zeroed huge page is
 * seen. It checks with move_pages(nodes = NULL) that all are on --from, then
 * moves them all (one address per huge page, its start) with
 * move_pages(MPOL_MF_MOVE) to --to, --loops times back and forth (1: one
 * move, 2: there and back, ...), and after every move looks up where each
 * huge page is and checks every word.
 *
 *   --kind private  MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB (the default)
 *   --kind shared   MAP_SHARED|MAP_ANONYMOUS|MAP_HUGETLB
 *   --kind file     --path FILE, created (or truncated) on a hugetlbfs mount
 *                   with 2 MiB pages, mapped MAP_SHARED; with --private-file
 *                   MAP_PRIVATE, so the written pages are private anonymous
 *                   copies. FILE is unlinked at the end, on failures too,
 *                   unless --keep.
 *
 * Prints one line: "hugepages=N moves=N moved=N not_moved=N content_errors=N":
 * the huge pages that did / did not reach the target node, over all moves,
 * and the words that differ (the first few go to stderr). Exits 1 if
 * content_errors > 0, if not_moved > 0 (fine with --expect-fail, when the
 * target node has no free huge page, say: but a huge page that stayed must
 * be on its old node with its content), or if move_pages fails with an errno
 * a failed hugetlb move does not explain (ENODEV, say). Exits 3 if there are
 * no huge pages to be had (mmap fails, or a fault finds none free on --from:
 * SIGBUS), 2 on bad usage. It does not touch sysfs: the caller sets the pools.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <linux/mempolicy.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mmo_util.h"

#define HPAGE		(2UL << 20)
#define HWORDS		(HPAGE / 8)	/* 2^18 */
#define HUGETLBFS_MAGIC	0x958458f6
#define MAX_SHOWN	8
#define NOT_ATTEMPTED	INT_MIN		/* a status move_pages left alone */

static const char *unlink_path;		/* removed on every exit unless --keep */

static void cleanup(void)
{
	if (unlink_path)
		unlink(unlink_path);
}

static void on_sigbus(int sig)
{
	static const char msg[] = "mmo-hugetlb: SIGBUS faulting a huge page in: no free 2 MiB huge page on the --from node?\n";
	ssize_t r;

	(void)sig;
	cleanup();
	r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	_exit(3);
}

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* A bijection of (page, word) for a given key: no two words are alike. */
static uint64_t pattern(uint64_t key, size_t page, size_t word)
{
	return splitmix64(key ^ ((uint64_t)page << 18 | word));
}

static size_t verify(const char *buf, size_t count, uint64_t key,
		     const char *when, size_t *shown)
{
	size_t bad = 0;

	for (size_t p = 0; p < count; p++) {
		const uint64_t *w = (const uint64_t *)(buf + p * HPAGE);

		for (size_t i = 0; i < HWORDS; i++) {
			uint64_t want = pattern(key, p, i);

			if (w[i] == want)
				continue;
			if ((*shown)++ < MAX_SHOWN)
				fprintf(stderr, "mmo-hugetlb: %s: huge page %zu word %zu: got %#llx, expected %#llx\n",
					when, p, i, (unsigned long long)w[i],
					(unsigned long long)want);
			bad++;
		}
	}
	return bad;
}

/* "node N", or what a negative move_pages status says. */
static const char *node_str(int st, char *b, size_t n)
{
	if (st >= 0)
		snprintf(b, n, "node %d", st);
	else
		snprintf(b, n, "%s", strerror(-st));
	return b;
}

static void usage(void)
{
	fprintf(stderr, "usage: mmo-hugetlb [--kind private|shared|file] [--path FILE] [--private-file] [--keep] [--count N] [--from N] [--to N] [--loops N] [--seed N] [--expect-fail]\n");
}

int main(int argc, char **argv)
{
	const char *kind = "private", *path = NULL;
	long count = 2, from = 0, to = 1, loops = 1;
	int private_file = 0, keep = 0, expect_fail = 0, opt, fd = -1;
	uint64_t seed = 0x6d6d6f68u;
	size_t moved = 0, not_moved = 0, bad = 0, shown = 0, stayed_shown = 0;
	int hard = 0, stray = 0, idx = 0, l;
	char *end, s1[64], s2[64];
	static const struct option longopts[] = {
		{ "kind", 1, NULL, 'k' }, { "path", 1, NULL, 'p' },
		{ "private-file", 0, NULL, 'P' }, { "keep", 0, NULL, 'K' },
		{ "count", 1, NULL, 'c' }, { "from", 1, NULL, 'f' },
		{ "to", 1, NULL, 't' }, { "loops", 1, NULL, 'l' },
		{ "seed", 1, NULL, 's' }, { "expect-fail", 0, NULL, 'E' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "", longopts, &idx)) != -1) {
		int err = 0;

		switch (opt) {
		case 'k': kind = optarg; break;
		case 'p': path = optarg; break;
		case 'P': private_file = 1; break;
		case 'K': keep = 1; break;
		case 'c': err = parse_long(optarg, 1, 1L << 20, &count); break;
		case 'f': err = parse_long(optarg, 0, 63, &from); break;
		case 't': err = parse_long(optarg, 0, 63, &to); break;
		case 'l': err = parse_long(optarg, 1, INT_MAX, &loops); break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			err = errno || end == optarg || *end;
			break;
		case 'E': expect_fail = 1; break;
		default: usage(); return 2;
		}
		if (err) {
			fprintf(stderr, "mmo-hugetlb: bad value '%s' for --%s\n",
				optarg, longopts[idx].name);
			usage();
			return 2;
		}
	}
	int is_file = !strcmp(kind, "file");

	if (optind < argc || (!is_file && strcmp(kind, "private") && strcmp(kind, "shared"))) {
		usage();
		return 2;
	}
	if (is_file != !!path || (!is_file && (private_file || keep))) {
		fprintf(stderr, "mmo-hugetlb: --path is needed with --kind file, and --path, --private-file and --keep only go with it\n");
		return 2;
	}
	if (from == to) {
		fprintf(stderr, "mmo-hugetlb: --from and --to are both node %ld\n", from);
		return 2;
	}

	size_t len = count * HPAGE;
	int flags;

	if (is_file) {
		char *dir = strdup(path);
		struct statfs sfs;

		int st = !dir || statfs(dirname(dir), &sfs) ? -errno : 0;

		free(dir);
		if (st || sfs.f_type != HUGETLBFS_MAGIC || sfs.f_bsize != (long)HPAGE) {
			fprintf(stderr, "mmo-hugetlb: %s is not on a hugetlbfs mount with 2 MiB pages: %s\n",
				path, st ? strerror(-st) : sfs.f_type == HUGETLBFS_MAGIC ?
				"other page size" : "other file system");
			return 2;
		}
		atexit(cleanup);
		fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
		if (fd < 0) {
			fprintf(stderr, "mmo-hugetlb: create %s: %s\n", path, strerror(errno));
			return 1;
		}
		if (!keep)
			unlink_path = path;
		if (ftruncate(fd, len)) {
			fprintf(stderr, "mmo-hugetlb: ftruncate %s: %s\n", path, strerror(errno));
			return 1;
		}
		flags = private_file ? MAP_PRIVATE : MAP_SHARED;
	} else {
		flags = (strcmp(kind, "shared") ? MAP_PRIVATE : MAP_SHARED) |
			MAP_ANONYMOUS | MAP_HUGETLB;
	}
	char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (buf == MAP_FAILED) {
		fprintf(stderr, "mmo-hugetlb: mmap of %ld 2 MiB huge pages (%s): %s: no hugetlb pool (nr_hugepages)?\n",
			count, kind, strerror(errno));
		return 3;
	}
	if (fd >= 0)
		close(fd);

	unsigned long from_mask = 1UL << from;

	if (sys_mbind(buf, len, MPOL_BIND, &from_mask, 64, 0)) {
		fprintf(stderr, "mmo-hugetlb: mbind to node %ld: %s\n", from, strerror(errno));
		return 1;
	}
	/* Fault in by writing; no free huge page on --from means SIGBUS. */
	uint64_t key = splitmix64(seed);

	signal(SIGBUS, on_sigbus);
	for (size_t p = 0; p < (size_t)count; p++) {
		uint64_t *w = (uint64_t *)(buf + p * HPAGE);

		for (size_t i = 0; i < HWORDS; i++)
			w[i] = pattern(key, p, i);
	}
	signal(SIGBUS, SIG_DFL);

	void **addrs = calloc(count, sizeof(*addrs));
	int *nodes = calloc(count, sizeof(*nodes));
	int *status = calloc(count, sizeof(*status));
	int *now = calloc(count, sizeof(*now));
	int *where = calloc(count, sizeof(*where));

	if (!addrs || !nodes || !status || !now || !where) {
		fprintf(stderr, "mmo-hugetlb: out of memory\n");
		return 1;
	}
	for (long i = 0; i < count; i++) {
		addrs[i] = buf + i * HPAGE;
		where[i] = from;
	}
	/* One another migration holds reads as -ENOENT: look again. */
	for (int tries = 0;; tries++) {
		long off = 0;

		if (sys_move_pages(count, addrs, NULL, now, 0)) {
			perror("mmo-hugetlb: move_pages query");
			return 1;
		}
		for (long i = 0; i < count; i++) {
			if (now[i] == from)
				continue;
			if (off++ < MAX_SHOWN && tries == 20)
				fprintf(stderr, "mmo-hugetlb: huge page %ld did not start on node %ld: %s\n",
					i, from, node_str(now[i], s1, sizeof(s1)));
		}
		if (!off)
			break;
		if (tries == 20)
			return 1;
		usleep(10000);
	}
	bad = verify(buf, count, key, "after fault-in", &shown);

	for (l = 0; l < loops && !hard; l++) {
		int target = l % 2 ? from : to;
		char when[32];

		for (long i = 0; i < count; i++) {
			nodes[i] = target;
			status[i] = NOT_ATTEMPTED;
		}
		long r = sys_move_pages(count, addrs, nodes, status, MPOL_MF_MOVE);

		if (r < 0) {
			int e = errno;

			fprintf(stderr, "mmo-hugetlb: move %d: move_pages to node %d: %s\n",
				l, target, strerror(e));
			/* What a failed hugetlb move can return; the rest is a setup bug. */
			hard = e != ENOMEM && e != EBUSY && e != EAGAIN && e != ENOENT;
		} else if (r > 0) {
			fprintf(stderr, "mmo-hugetlb: move %d: move_pages to node %d: %ld huge pages not migrated\n",
				l, target, r);
		}
		if (sys_move_pages(count, addrs, NULL, now, 0)) {
			perror("mmo-hugetlb: move_pages query");
			hard = 1;
			continue;
		}
		for (long i = 0; i < count; i++) {
			if (now[i] == target) {
				moved++;
			} else {
				not_moved++;
				if (stayed_shown++ < MAX_SHOWN)
					fprintf(stderr, "mmo-hugetlb: move %d: huge page %ld is not on node %d: %s (move status: %s)\n",
						l, i, target, node_str(now[i], s1, sizeof(s1)),
						status[i] == NOT_ATTEMPTED ? "not attempted" :
						node_str(status[i], s2, sizeof(s2)));
				if (now[i] != where[i]) {
					fprintf(stderr, "mmo-hugetlb: move %d: huge page %ld left node %d but is not on node %d\n",
						l, i, where[i], target);
					stray++;
				}
			}
			where[i] = now[i];
		}
		snprintf(when, sizeof(when), "after move %d", l);
		bad += verify(buf, count, key, when, &shown);
	}
	if (munmap(buf, len)) {
		perror("mmo-hugetlb: munmap");
		hard = 1;
	}
	if (unlink_path) {
		if (unlink(unlink_path)) {
			fprintf(stderr, "mmo-hugetlb: unlink %s: %s\n", unlink_path, strerror(errno));
			hard = 1;
		}
		unlink_path = NULL;
	}
	printf("hugepages=%ld moves=%d moved=%zu not_moved=%zu content_errors=%zu\n",
	       count, l, moved, not_moved, bad);
	return hard || stray || bad || (not_moved && !expect_fail) ? 1 : 0;
}
