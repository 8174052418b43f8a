// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-frag: fragment a node's memory for the compaction tests.
 *
 *   mmo-frag MB NODE MODE
 *
 * Maps MB MiB of anonymous memory without THP on NODE, writes a pattern to
 * every page, then frees (MADV_DONTNEED) part of it:
 *   half  a pseudo-random half of the pages (a hash of the page index).
 *         Not every other page: compaction's free scanner strides over
 *         such holes (mm/compaction.c isolate_freepages()).
 *   thp   every other 2 MiB region whole, and a pseudo-random half of the
 *         pages of the regions kept.
 * Prints "ready" and waits. On SIGUSR1 it checks every kept page and prints
 * "verify ok N" (N pages) or "verify BAD N/M"; on SIGTERM it exits.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE		4096UL
#define REGION_PAGES	512UL

static volatile sig_atomic_t check;
static int thp_mode;

static void on_usr1(int sig)
{
	(void)sig;
	check = 1;
}

static int freed(size_t pg)
{
	uint64_t x = pg * 0x9e3779b97f4a7c15ULL;

	if (thp_mode && (pg / REGION_PAGES) % 2)
		return 1;
	return (x >> 40) & 1;
}

static uint64_t word_of(size_t pg, size_t w)
{
	return (pg + 1) * 0x100000001b3ULL + w * 7 + 3;
}

int main(int argc, char **argv)
{
	size_t len, pages, pg, w, n, bad;
	unsigned long mask;
	uint64_t *p;
	int node;

	if (argc != 4 || (strcmp(argv[3], "half") && strcmp(argv[3], "thp"))) {
		fprintf(stderr, "usage: mmo-frag MB NODE half|thp\n");
		return 2;
	}
	len = (size_t)atol(argv[1]) << 20;
	node = atoi(argv[2]);
	thp_mode = !strcmp(argv[3], "thp");
	pages = len / PAGE;
	signal(SIGUSR1, on_usr1);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (madvise(p, len, MADV_NOHUGEPAGE)) {
		perror("madvise");
		return 1;
	}
	mask = 1UL << node;
	if (syscall(SYS_mbind, p, len, 2 /* MPOL_BIND */, &mask, 64, 0)) {
		perror("mbind");
		return 1;
	}
	for (pg = 0; pg < pages; pg++)
		for (w = 0; w < PAGE / 8; w += 64)
			p[pg * PAGE / 8 + w] = word_of(pg, w);
	for (pg = 0; pg < pages; pg++)
		if (freed(pg))
			madvise((char *)p + pg * PAGE, PAGE, MADV_DONTNEED);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		pause();
		if (!check)
			continue;
		check = 0;
		n = bad = 0;
		for (pg = 0; pg < pages; pg++) {
			if (freed(pg))
				continue;
			for (w = 0; w < PAGE / 8; w += 64)
				bad += p[pg * PAGE / 8 + w] != word_of(pg, w);
			n++;
		}
		if (bad)
			printf("verify BAD %zu/%zu\n", bad, n);
		else
			printf("verify ok %zu\n", n);
		fflush(stdout);
	}
}
