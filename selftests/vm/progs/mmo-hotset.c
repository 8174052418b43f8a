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
 *
 * With --passes N it makes N passes over the hot set in place of running
 * for --seconds, and prints "run: passes=N ns=T" (the time they took).
 *
 * With --sample-ms M it also queries the node of every page (move_pages(2)
 * with nodes NULL) every M ms between passes over the hot set and counts
 * per page the transitions seen: node 1 -> 0 (a promotion) and 0 -> 1 (a
 * demotion). A page that goes up and down again between two samples is not
 * seen. At the end it prints
 *   sample: ms=M samples=N up=N down=N pingpong=N t90=S t100=S
 * where pingpong counts pages seen promoted and later demoted, and t90/t100
 * are the seconds until 90% / all of the hot set was first seen on node 0
 * (-1: never).
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
	size_t mb = 64, hot_mb = 16, bad = 0, passes = 0, pass = 0;
	double seconds = 10;
	int node = 1, progress = 0, opt, sample_ms = 0;
	const char *wait_file = NULL;
	static const struct option longopts[] = {
		{ "mb", 1, NULL, 'm' }, { "hot-mb", 1, NULL, 'h' },
		{ "seconds", 1, NULL, 's' }, { "node", 1, NULL, 'n' },
		{ "progress", 0, NULL, 'p' }, { "wait-file", 1, NULL, 'w' },
		{ "sample-ms", 1, NULL, 'S' }, { "passes", 1, NULL, 'P' },
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
		case 'S': sample_ms = atoi(optarg); break;
		case 'P': passes = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: mmo-hotset [--mb N] [--hot-mb N] [--seconds S] [--node N|-1] [--progress] [--wait-file F] [--sample-ms M] [--passes N]\n");
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

	double start = now_s(), next = start + 1, next_sample = start;
	double t90 = -1, t100 = -1;
	volatile uint64_t sink = 0;
	/* Per page: last node seen, and 1 once seen promoted, 2 then demoted. */
	signed char *last = malloc(pages);
	unsigned char *seen = calloc(pages, 1);
	size_t samples = 0, ups = 0, downs = 0, pingpong = 0;

	if (!last || !seen) {
		perror("mmo-hotset: memory");
		return 1;
	}
	memset(last, -1, pages);
	while (passes ? pass < passes : now_s() - start < seconds) {
		for (size_t p = 0; p < hot; p++)
			sink += *(volatile uint64_t *)(buf + p * PAGE);
		pass++;
		if (sample_ms && now_s() >= next_sample) {
			size_t hot_top = 0;

			on_top(buf, 0, pages, addrs, status);
			for (size_t p = 0; p < pages; p++) {
				if (status[p] < 0)
					continue;
				if (last[p] == 1 && status[p] == 0) {
					ups++;
					seen[p] |= 1;
				} else if (last[p] == 0 && status[p] == 1) {
					downs++;
					if (seen[p] == 1) {
						seen[p] = 3;
						pingpong++;
					}
				}
				last[p] = status[p];
				hot_top += p < hot && status[p] == 0;
			}
			if (t90 < 0 && hot_top * 10 >= hot * 9)
				t90 = now_s() - start;
			if (t100 < 0 && hot_top == hot)
				t100 = now_s() - start;
			samples++;
			next_sample += sample_ms / 1000.0;
		}
		if (progress && now_s() >= next) {
			printf("t=%.0f hot_top=%zu/%zu cold_top=%zu/%zu\n", now_s() - start,
			       on_top(buf, 0, hot, addrs, status), hot,
			       on_top(buf, hot, pages - hot, addrs, status), pages - hot);
			fflush(stdout);
			next += 1;
		}
	}
	printf("run: passes=%zu ns=%.0f\n", pass, (now_s() - start) * 1e9);
	/*
	 * Where the pages are, before the content check reads every page:
	 * on a slow (debug) kernel its hint faults would promote cold pages.
	 */
	printf("end: hot_top=%zu/%zu cold_top=%zu/%zu\n",
	       on_top(buf, 0, hot, addrs, status), hot,
	       on_top(buf, hot, pages - hot, addrs, status), pages - hot);
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
	if (sample_ms)
		printf("sample: ms=%d samples=%zu up=%zu down=%zu pingpong=%zu t90=%.1f t100=%.1f\n",
		       sample_ms, samples, ups, downs, pingpong, t90, t100);
	printf("content_errors=%zu\n", bad);
	return bad ? 1 : 0;
}
