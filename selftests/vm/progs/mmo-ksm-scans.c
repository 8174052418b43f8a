// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-ksm-scans: KSM's counters after each full scan of a fixed workload,
 * so that a run under a policy can be compared line by line with stock's.
 *
 * Maps --pages anonymous pages at a 2 MiB boundary (so that THP, when the
 * system's mode allows it, backs every whole 2 MiB of them; --thp adds
 * MADV_HUGEPAGE for the madvise mode), fills page p with pattern p % --kinds
 * (1: all identical; with --zero, pattern 0 is zeroes), makes every
 * --unique'th page unique, touches them all and marks the region
 * MADV_MERGEABLE. Then, for --scans full scans, it
 * waits for /sys/kernel/mm/ksm/full_scans to pass the next scan's end and
 * prints
 *   scan=N pages_shared=N pages_sharing=N pages_unshared=N pages_volatile=N
 *   pages_skipped=N
 * (pages_skipped, smart_scan's count of pages it skipped, counted from the
 * start: ksm never resets it)
 * A scan's last round (and a batched scan's last batch) may still be running
 * when full_scans moves: writing 1 to ksm's run, which waits for ksmd's
 * round to end, before reading makes each line the state at the scan's end.
 * (sleep_millisecs must leave the time to read them: the test sets 100.)
 *
 * At the end every page's content is checked, after a write to every
 * --kinds'th page (copy-on-write of merged pages). Prints
 * "anon_huge_kb=N content_errors=N" (AnonHugePages of the region when
 * filled) and exits 1 on a content error, 2 on bad arguments, 3 when ksmd
 * made no progress within --timeout seconds.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "mmo_util.h"

#define PAGE 4096UL
#define HUGE (2UL << 20)

static long npages = 1024, nkinds = 1, unique_every, nscans = 4, timeout = 300;

static uint64_t word_of(uint64_t kind, size_t word)
{
	uint64_t x = (kind + 1) * 0x9e3779b97f4a7c15ULL ^ (word << 17);

	x ^= x >> 31;
	return x * 0xbf58476d1ce4e5b9ULL;
}

static int zero_kind;

/* Page @p's pattern; unique pages get one no other page has. */
static uint64_t kind_of(long p, int rewritten)
{
	if (unique_every && p % unique_every == unique_every - 1)
		return 1000000 + p;
	return p % nkinds + (rewritten ? 500000 : 0);
}

/* With --zero, pattern 0 is a page of zeroes. */
static uint64_t word_of_kind(uint64_t kind, size_t word)
{
	return zero_kind && kind == 0 ? 0 : word_of(kind, word);
}

static void fill(uint64_t *w, uint64_t kind)
{
	for (size_t i = 0; i < PAGE / 8; i++)
		w[i] = word_of_kind(kind, i);
}

/* Waits for ksmd's current round to end: ksm's run store takes its mutex. */
static void ksm_round_barrier(void)
{
	ksm_write("run", "1\n");
}

/* AnonHugePages of the mapping at @addr, from /proc/self/smaps. */
static long anon_huge_kb(void *addr)
{
	unsigned long from, to;
	char line[256];
	long kb = -1;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &from, &to) == 2)
			in = from == (unsigned long)addr;
		else if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

static void usage(void)
{
	fprintf(stderr, "usage: mmo-ksm-scans [--pages N] [--kinds K] [--unique U] [--zero] [--scans S] [--thp] [--timeout SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pages", required_argument, NULL, 'n' },
		{ "kinds", required_argument, NULL, 'k' },
		{ "unique", required_argument, NULL, 'u' },
		{ "scans", required_argument, NULL, 's' },
		{ "thp", no_argument, NULL, 'H' },
		{ "zero", no_argument, NULL, 'Z' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	long p, scan, start, skipped0, errors = 0, huge_kb;
	int opt, thp = 0;
	char *raw, *buf;
	time_t deadline;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		long *dst = opt == 'n' ? &npages : opt == 'k' ? &nkinds :
			    opt == 'u' ? &unique_every : opt == 's' ? &nscans :
			    opt == 't' ? &timeout : NULL;

		if (opt == 'H' || opt == 'Z') {
			*(opt == 'H' ? &thp : &zero_kind) = 1;
			continue;
		}
		if (!dst || parse_long(optarg, opt == 'u' ? 0 : 1, 1L << 20, dst))
			usage();
	}
	if (optind != argc)
		usage();

	raw = mmap(NULL, npages * PAGE + HUGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		perror("mmo-ksm-scans: mmap");
		return 2;
	}
	buf = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
	/* Only the aligned part stays: its own VMA, smaps' line for it. */
	if (buf > raw)
		munmap(raw, buf - raw);
	munmap(buf + npages * PAGE, raw + HUGE - buf);
	if (thp && madvise(buf, npages * PAGE, MADV_HUGEPAGE)) {
		perror("mmo-ksm-scans: MADV_HUGEPAGE");
		return 2;
	}
	for (p = 0; p < npages; p++)
		fill((uint64_t *)(buf + p * PAGE), kind_of(p, 0));
	huge_kb = anon_huge_kb(buf);

	start = ksm_value("full_scans");
	skipped0 = ksm_value("pages_skipped");
	if (start < 0 || madvise(buf, npages * PAGE, MADV_MERGEABLE)) {
		perror("mmo-ksm-scans: ksm");
		return 2;
	}
	deadline = time(NULL) + timeout;
	for (scan = 1; scan <= nscans; scan++) {
		while (ksm_value("full_scans") < start + scan) {
			if (time(NULL) > deadline) {
				fprintf(stderr, "mmo-ksm-scans: ksmd made no full scan %ld in %ld s\n",
					scan, timeout);
				return 3;
			}
			usleep(2000);
		}
		ksm_round_barrier();
		printf("scan=%ld pages_shared=%ld pages_sharing=%ld pages_unshared=%ld pages_volatile=%ld pages_skipped=%ld\n",
		       scan, ksm_value("pages_shared"), ksm_value("pages_sharing"),
		       ksm_value("pages_unshared"), ksm_value("pages_volatile"),
		       ksm_value("pages_skipped") - skipped0);
		fflush(stdout);
	}

	/* Copy-on-write of every kind's first page, then every page. */
	for (p = 0; p < npages && p < nkinds; p++)
		fill((uint64_t *)(buf + p * PAGE), kind_of(p, 1));
	for (p = 0; p < npages; p++) {
		const uint64_t *w = (const uint64_t *)(buf + p * PAGE);
		uint64_t kind = kind_of(p, p < nkinds);

		for (size_t i = 0; i < PAGE / 8; i++) {
			if (w[i] != word_of_kind(kind, i)) {
				if (errors < 5)
					fprintf(stderr, "mmo-ksm-scans: page %ld word %zu differs\n",
						p, i);
				errors++;
				break;
			}
		}
	}
	printf("anon_huge_kb=%ld content_errors=%ld\n", huge_kb, errors);
	return errors ? 1 : 0;
}
