// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-thp: THP faults that need direct compaction, timed.
 *
 *   mmo-thp NODE EXTRA
 *
 * Counts the free blocks of order 9 and up of NODE in /proc/buddyinfo (F,
 * in 2 MiB units), maps F + EXTRA 2 MiB regions with MADV_HUGEPAGE bound to
 * NODE and faults them in one by one: the first F take the free blocks, the
 * last EXTRA find none and compact (with THP defrag "madvise" or "always").
 * Prints for the last EXTRA faults
 *   faults=N thp=N avg_us=N max_us=N
 * where thp counts those that got a huge page (AnonHugePages in
 * smaps_rollup). With a third argument "hold" it keeps the mapping until
 * stdin closes.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define REGION (2UL << 20)

static long free_regions(int node)
{
	FILE *f = fopen("/proc/buddyinfo", "r");
	char line[512], zone[32];
	long total = 0;
	int nid;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		long c[11];

		if (sscanf(line, "Node %d, zone %31s %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld",
			   &nid, zone, &c[0], &c[1], &c[2], &c[3], &c[4], &c[5],
			   &c[6], &c[7], &c[8], &c[9], &c[10]) == 13 && nid == node)
			total += c[9] + 2 * c[10];
	}
	fclose(f);
	return total;
}

static long anon_huge_kb(void)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	long nfree, extra, i, before;
	double t, sum = 0, max = 0;
	unsigned long mask;
	size_t len;
	char *p;
	int node;

	if (argc < 3) {
		fprintf(stderr, "usage: mmo-thp NODE EXTRA [hold]\n");
		return 2;
	}
	node = atoi(argv[1]);
	extra = atol(argv[2]);
	nfree = free_regions(node);
	if (nfree < 0 || extra < 1)
		return 2;
	len = (nfree + extra) * REGION;
	p = mmap(NULL, len + REGION, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	p = (char *)(((uintptr_t)p + REGION - 1) & ~(REGION - 1));
	mask = 1UL << node;
	if (madvise(p, len, MADV_HUGEPAGE) ||
	    syscall(SYS_mbind, p, len, 2 /* MPOL_BIND */, &mask, 64, 0)) {
		perror("madvise/mbind");
		return 1;
	}
	for (i = 0; i < nfree; i++)
		p[i * REGION] = 1;
	before = anon_huge_kb();
	for (; i < nfree + extra; i++) {
		t = now_us();
		p[i * REGION] = 1;
		t = now_us() - t;
		sum += t;
		if (t > max)
			max = t;
	}
	printf("free_regions=%ld faults=%ld thp=%ld avg_us=%.0f max_us=%.0f\n",
	       nfree, extra, (anon_huge_kb() - before) / 2048, sum / extra, max);
	fflush(stdout);
	if (argc > 3 && !strcmp(argv[3], "hold"))
		while (getchar() != EOF)
			;
	return 0;
}
