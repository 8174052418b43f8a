// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-migrate: a real migration workload with content checks.
 *
 * Maps --mb MiB (or --kb KiB) of anonymous memory (shared anonymous memory,
 * i.e. shmem, with --shmem; a file's page cache with --file PATH), places it on
 * node --from, fills every page with a pattern derived from its index, then
 * moves it to node --to with move_pages(2) or mbind(MPOL_MF_MOVE). After
 * every move it checks that every page is on the target node and that its
 * content is intact. With --loops N it moves back and forth N times; with
 * --until FILE it goes on moving until FILE exists (at least --loops times).
 * With --retry N a move that left pages behind (-EBUSY or -ENOENT: another
 * migration held them) is repeated up to N times, 10 ms apart and doubling
 * up to 640 ms, before they count as failed; retried_moves and
 * longest_retry_ms (the longest a move waited for held pages) say how much
 * that was needed.
 *
 * Prints one line: "pages=N moves=N moved_pages=N failed_pages=N
 * content_errors=N move_ns=N", and exits non-zero on any failure. move_ns is
 * the time spent in the move calls alone (CLOCK_MONOTONIC). With --bench the
 * content is checked once, after the last move, so that benchmark runs
 * spend their time moving; the check itself is the same.
 *
 * --expect-mark N is for debugfs mm_offload/fail_copied_move: a page whose
 * first word is MMO_FAULT_WRITE_MARK (the kernel wrote it into the source
 * after the executor copied it) and whose other words are intact counts as
 * marked, not as an error; the run fails unless exactly N pages are marked
 * at the end (marked_pages=N on the summary line).
 *
 * --verify-only with --file checks an existing file's content and moves
 * nothing: after a drop_caches it shows that migrated dirty page cache was
 * written back intact.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/mempolicy.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <uapi/linux/mm_offload.h>

#include "mmo_util.h"

#define PAGE 4096UL

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t pattern(uint64_t seed, size_t page, size_t word)
{
	uint64_t x = seed ^ (page * 0x9e3779b97f4a7c15ULL) ^ (word << 32);

	x ^= x >> 29;
	return x * 0xbf58476d1ce4e5b9ULL;
}

static void fill(char *buf, size_t pages, uint64_t seed)
{
	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = (uint64_t *)(buf + p * PAGE);

		for (size_t i = 0; i < PAGE / 8; i++)
			w[i] = pattern(seed, p, i);
	}
}

static int accept_mark;		/* --expect-mark given */
static size_t marked;		/* pages the last verify() found marked */

static size_t verify(const char *buf, size_t pages, uint64_t seed)
{
	size_t bad = 0;

	marked = 0;
	for (size_t p = 0; p < pages; p++) {
		const uint64_t *w = (const uint64_t *)(buf + p * PAGE);
		size_t first = 0;

		if (accept_mark && w[0] == MMO_FAULT_WRITE_MARK) {
			marked++;
			first = 1;
		}
		for (size_t i = first; i < PAGE / 8; i++) {
			if (w[i] != pattern(seed, p, i)) {
				if (bad < 5)
					fprintf(stderr, "mmo-migrate: page %zu word %zu: %#llx != %#llx\n",
						p, i, (unsigned long long)w[i],
						(unsigned long long)pattern(seed, p, i));
				bad++;
				break;
			}
		}
	}
	return bad;
}

/* Pages not on @node; queries with move_pages(nodes = NULL). */
static size_t count_off_node(void **addrs, int *status, size_t pages, int node)
{
	size_t off = 0;

	if (sys_move_pages(pages, addrs, NULL, status, 0)) {
		perror("mmo-migrate: move_pages query");
		return pages;
	}
	for (size_t i = 0; i < pages; i++)
		off += status[i] != node;
	return off;
}

static int move_to(const char *method, char *buf, void **addrs, int *nodes,
		   int *status, size_t pages, int node)
{
	if (!strcmp(method, "mbind")) {
		unsigned long mask = 1UL << node;

		return sys_mbind(buf, pages * PAGE, MPOL_BIND, &mask, 64,
				 MPOL_MF_MOVE | MPOL_MF_STRICT) ? -errno : 0;
	}
	for (size_t i = 0; i < pages; i++)
		nodes[i] = node;
	return sys_move_pages(pages, addrs, nodes, status, MPOL_MF_MOVE) < 0 ? -errno : 0;
}

int main(int argc, char **argv)
{
	const char *method = "move_pages", *until = NULL, *file = NULL;
	int from = 0, to = 1, loops = 1, thp = 0, shmem = 0, bench = 0, verify_only = 0, opt;
	int retries = 0, retried = 0;
	uint64_t longest_retry_ns = 0;
	size_t kb = 32 * 1024, pages, moved = 0, failed = 0, bad = 0, expect_mark = 0;
	uint64_t move_ns = 0;
	uint64_t seed = 0x6d6d6f66u;
	static const struct option longopts[] = {
		{ "mb", 1, NULL, 'm' }, { "kb", 1, NULL, 'k' },
		{ "method", 1, NULL, 'M' },
		{ "from", 1, NULL, 'f' }, { "to", 1, NULL, 't' },
		{ "loops", 1, NULL, 'l' }, { "thp", 0, NULL, 'T' },
		{ "shmem", 0, NULL, 'S' }, { "seed", 1, NULL, 's' },
		{ "until", 1, NULL, 'u' }, { "file", 1, NULL, 'F' },
		{ "retry", 1, NULL, 'r' }, { "expect-mark", 1, NULL, 'E' },
		{ "bench", 0, NULL, 'B' }, { "verify-only", 0, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm': kb = strtoul(optarg, NULL, 0) * 1024; break;
		case 'k': kb = strtoul(optarg, NULL, 0); break;
		case 'M': method = optarg; break;
		case 'f': from = atoi(optarg); break;
		case 't': to = atoi(optarg); break;
		case 'l': loops = atoi(optarg); break;
		case 'T': thp = 1; break;
		case 'S': shmem = 1; break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'u': until = optarg; break;
		case 'r': retries = atoi(optarg); break;
		case 'E': accept_mark = 1; expect_mark = strtoul(optarg, NULL, 0); break;
		case 'F': file = optarg; break;
		case 'B': bench = 1; break;
		case 'V': verify_only = 1; break;
		default:
			fprintf(stderr, "usage: mmo-migrate [--mb N | --kb N] [--method move_pages|mbind] [--from N] [--to N] [--loops N] [--until FILE] [--thp] [--shmem] [--file PATH] [--seed N] [--bench] [--verify-only] [--retry N] [--expect-mark N]\n");
			return 2;
		}
	}
	if (strcmp(method, "move_pages") && strcmp(method, "mbind")) {
		fprintf(stderr, "mmo-migrate: unknown method %s\n", method);
		return 2;
	}
	pages = kb * 1024 / PAGE;
	if (!pages) {
		fprintf(stderr, "mmo-migrate: size below one page\n");
		return 2;
	}

	size_t len = pages * PAGE + (thp ? 2UL << 20 : 0);
	int fd = -1;

	if (verify_only && (!file || thp)) {
		fprintf(stderr, "mmo-migrate: --verify-only needs --file and no --thp\n");
		return 2;
	}
	if (file) {
		fd = open(file, O_RDWR | (verify_only ? 0 : O_CREAT | O_TRUNC), 0600);
		if (fd < 0 || (!verify_only && ftruncate(fd, len))) {
			perror("mmo-migrate: file");
			return 1;
		}
	}
	char *raw = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 file ? MAP_SHARED :
			 (shmem ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, fd, 0);
	if (raw == MAP_FAILED) {
		perror("mmo-migrate: mmap");
		return 1;
	}
	/* THP needs a 2 MiB aligned range. */
	char *buf = thp ? (char *)(((uintptr_t)raw + (2UL << 20) - 1) & ~((2UL << 20) - 1)) : raw;

	if (thp && madvise(buf, pages * PAGE, MADV_HUGEPAGE)) {
		perror("mmo-migrate: madvise(MADV_HUGEPAGE) (THP missing from this kernel?)");
		return 1;
	}
	if (verify_only) {
		bad = verify(buf, pages, seed);
		printf("pages=%zu content_errors=%zu\n", pages, bad);
		return bad ? 1 : 0;
	}
	unsigned long from_mask = 1UL << from;

	/* Fault the pages in on the source node. */
	if (sys_mbind(buf, pages * PAGE, MPOL_BIND, &from_mask, 64, 0)) {
		perror("mmo-migrate: mbind source");
		return 1;
	}
	fill(buf, pages, seed);

	void **addrs = calloc(pages, sizeof(*addrs));
	int *nodes = calloc(pages, sizeof(*nodes));
	int *status = calloc(pages, sizeof(*status));

	if (!addrs || !nodes || !status)
		return 1;
	for (size_t i = 0; i < pages; i++)
		addrs[i] = buf + i * PAGE;
	/*
	 * A page that compaction is migrating at this moment reads as
	 * -ENOENT (its PTE is a migration entry): look again a few times.
	 */
	int tries = 0;

	while (count_off_node(addrs, status, pages, from) && ++tries < 20)
		usleep(10000);
	if (tries == 20) {
		fprintf(stderr, "mmo-migrate: pages did not start on node %d\n", from);
		return 1;
	}

	int l;

	for (l = 0; l < loops || (until && access(until, F_OK)); l++) {
		int target = l % 2 ? from : to;
		uint64_t t0 = now_ns();
		int err = move_to(method, buf, addrs, nodes, status, pages, target);

		move_ns += now_ns() - t0;
		size_t off = count_off_node(addrs, status, pages, target);

		/*
		 * A page another migration (compaction, say) holds isolated
		 * fails with -EBUSY, or -ENOENT while its PTE is a migration
		 * entry, in stock too: a caller tries again, after that
		 * migration's batch has had time to finish (10 ms, doubling).
		 */
		uint64_t held_since = now_ns();
		int r;

		for (r = 0; off && r < retries; r++) {
			usleep(10000 << (r < 6 ? r : 6));
			move_to(method, buf, addrs, nodes, status, pages, target);
			off = count_off_node(addrs, status, pages, target);
		}
		retried += r;
		if (r && now_ns() - held_since > longest_retry_ns)
			longest_retry_ns = now_ns() - held_since;

		if (err)
			fprintf(stderr, "mmo-migrate: %s to node %d: %s\n", method, target,
				strerror(-err));
		for (size_t i = 0, shown = 0; off && i < pages && shown < 3; i++) {
			if (status[i] == target)
				continue;
			fprintf(stderr, "mmo-migrate: move %d: page %zu stayed: %s\n", l, i,
				status[i] < 0 ? strerror(-status[i]) : "on the other node");
			shown++;
		}
		moved += pages - off;
		failed += off;
		if (!bench)
			bad += verify(buf, pages, seed);
	}
	if (bench)
		bad = verify(buf, pages, seed);
	printf("pages=%zu moves=%d moved_pages=%zu failed_pages=%zu content_errors=%zu move_ns=%llu",
	       pages, l, moved, failed, bad, (unsigned long long)move_ns);
	if (retries)
		printf(" retried_moves=%d longest_retry_ms=%llu", retried,
		       (unsigned long long)(longest_retry_ns / 1000000));
	if (accept_mark)
		printf(" marked_pages=%zu", marked);
	printf("\n");
	if (accept_mark && marked != expect_mark) {
		fprintf(stderr, "mmo-migrate: %zu pages hold the kernel's write, expected %zu\n",
			marked, expect_mark);
		return 1;
	}
	return failed || bad ? 1 : 0;
}
