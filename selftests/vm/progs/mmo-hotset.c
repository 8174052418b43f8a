// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-hotset: a tiered-memory promotion workload with content checks.
 *
 * Maps --mb MiB of anonymous memory and fills it with a pattern on node
 * --node (default 1, the lower tier), or where the task's policy puts it
 * with --node -1. It then drops the binding without moving anything, so
 * NUMA balancing may promote the pages, and for --seconds keeps touching
 * the first --hot-mb MiB (the hot set); the rest (the cold set) is touched
 * only by the fill. Scanning follows the task's CPU time, so it spins.
 *
 * With --wait-file F it first waits for F to exist (after the fill; a test
 * can demote the pages meanwhile). Prints, once a second with --progress and
 * at the end:
 *   t=S hot_top=N/N cold_top=N/N
 * where *_top counts pages on node 0, then "content_errors=N". Exits
 * non-zero on any content error.
 */
#define _GNU_SOURCE
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

#define PAGE 4096UL

static uint64_t word_of(size_t page, size_t word)
{
	uint64_t x = (page + 1) * 0x9e3779b97f4a7c15ULL ^ word;

	return x ^ (x >> 31);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Pages of [first, first + n) on node 0. */
static size_t on_top(char *buf, size_t first, size_t n, void **addrs, int *status)
{
	size_t top = 0;

	for (size_t i = 0; i < n; i++)
		addrs[i] = buf + (first + i) * PAGE;
	if (syscall(SYS_move_pages, 0, n, addrs, NULL, status, 0)) {
		perror("mmo-hotset: move_pages query");
		exit(1);
	}
	for (size_t i = 0; i < n; i++)
		top += status[i] == 0;
	return top;
}

int main(int argc, char **argv)
{
	size_t mb = 64, hot_mb = 16, bad = 0;
	double seconds = 10;
	int node = 1, progress = 0, opt;
	const char *wait_file = NULL;
	static const struct option longopts[] = {
		{ "mb", 1, NULL, 'm' }, { "hot-mb", 1, NULL, 'h' },
		{ "seconds", 1, NULL, 's' }, { "node", 1, NULL, 'n' },
		{ "progress", 0, NULL, 'p' }, { "wait-file", 1, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm': mb = strtoul(optarg, NULL, 0); break;
		case 'h': hot_mb = strtoul(optarg, NULL, 0); break;
		case 's': seconds = atof(optarg); break;
		case 'n': node = atoi(optarg); break;
		case 'p': progress = 1; break;
		case 'w': wait_file = optarg; break;
		default:
			fprintf(stderr, "usage: mmo-hotset [--mb N] [--hot-mb N] [--seconds S] [--node N|-1] [--progress] [--wait-file F]\n");
			return 2;
		}
	}
	if (!mb || hot_mb > mb) {
		fprintf(stderr, "mmo-hotset: need 0 < --hot-mb <= --mb\n");
		return 2;
	}
	size_t pages = mb << 20 >> 12, hot = hot_mb << 20 >> 12;
	char *buf = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void **addrs = calloc(pages, sizeof(*addrs));
	int *status = calloc(pages, sizeof(*status));

	if (buf == MAP_FAILED || !addrs || !status) {
		perror("mmo-hotset: memory");
		return 1;
	}
	/* Small pages only: a THP would be promoted whole. */
	madvise(buf, pages * PAGE, MADV_NOHUGEPAGE);
	if (node >= 0) {
		unsigned long mask = 1UL << node;

		if (syscall(SYS_mbind, buf, pages * PAGE, MPOL_BIND, &mask, 64, 0)) {
			perror("mmo-hotset: mbind");
			return 1;
		}
	}
	for (size_t p = 0; p < pages; p++) {
		uint64_t *w = (uint64_t *)(buf + p * PAGE);

		for (size_t i = 0; i < PAGE / 8; i++)
			w[i] = word_of(p, i);
	}
	/* Unbind without moving: NUMA balancing skips bound memory. */
	if (node >= 0 && syscall(SYS_mbind, buf, pages * PAGE, MPOL_DEFAULT, NULL, 0, 0)) {
		perror("mmo-hotset: mbind default");
		return 1;
	}
	printf("filled: hot_top=%zu/%zu cold_top=%zu/%zu\n",
	       on_top(buf, 0, hot, addrs, status), hot,
	       on_top(buf, hot, pages - hot, addrs, status), pages - hot);
	fflush(stdout);
	while (wait_file && access(wait_file, F_OK))
		usleep(20000);

	double start = now_s(), next = start + 1;
	volatile uint64_t sink = 0;

	while (now_s() - start < seconds) {
		for (size_t p = 0; p < hot; p++)
			sink += *(volatile uint64_t *)(buf + p * PAGE);
		if (progress && now_s() >= next) {
			printf("t=%.0f hot_top=%zu/%zu cold_top=%zu/%zu\n", now_s() - start,
			       on_top(buf, 0, hot, addrs, status), hot,
			       on_top(buf, hot, pages - hot, addrs, status), pages - hot);
			fflush(stdout);
			next += 1;
		}
	}
	for (size_t p = 0; p < pages; p++) {
		const uint64_t *w = (const uint64_t *)(buf + p * PAGE);

		for (size_t i = 0; i < PAGE / 8; i++) {
			if (w[i] != word_of(p, i)) {
				if (bad < 5)
					fprintf(stderr, "mmo-hotset: page %zu word %zu corrupt\n", p, i);
				bad++;
				break;
			}
		}
	}
	printf("end: hot_top=%zu/%zu cold_top=%zu/%zu\n",
	       on_top(buf, 0, hot, addrs, status), hot,
	       on_top(buf, hot, pages - hot, addrs, status), pages - hot);
	printf("content_errors=%zu\n", bad);
	return bad ? 1 : 0;
}
