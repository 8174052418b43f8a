// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-ksm: a KSM workload with content checks, for stress runs.
 *
 * Maps --mb MiB of anonymous memory, fills every page with one of --kinds
 * patterns (so most pages have twins for ksmd to merge), marks it
 * MADV_MERGEABLE, and then, until --until FILE exists (or for --writes
 * writes), rewrites random pages with another kind, which breaks their
 * sharing by copy-on-write, checking every page's content after every
 * 256 writes and at the end. ksmd must be running (/sys/kernel/mm/ksm/run).
 *
 * Prints "pages=N writes=N checks=N content_errors=N"; exits non-zero on
 * any content error.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096UL

static uint64_t word_of(unsigned int kind, size_t word)
{
	uint64_t x = (kind + 1) * 0x9e3779b97f4a7c15ULL ^ (word << 17);

	x ^= x >> 31;
	return x * 0xbf58476d1ce4e5b9ULL;
}

static void fill(char *page, unsigned int kind)
{
	uint64_t *w = (uint64_t *)page;

	for (size_t i = 0; i < PAGE / 8; i++)
		w[i] = word_of(kind, i);
}

static size_t check(const char *buf, const unsigned char *kinds, size_t pages)
{
	size_t bad = 0;

	for (size_t p = 0; p < pages; p++) {
		const uint64_t *w = (const uint64_t *)(buf + p * PAGE);

		for (size_t i = 0; i < PAGE / 8; i++) {
			if (w[i] != word_of(kinds[p], i)) {
				if (bad < 5)
					fprintf(stderr, "mmo-ksm: page %zu word %zu differs\n", p, i);
				bad++;
				break;
			}
		}
	}
	return bad;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mb", 1, NULL, 'm' }, { "kinds", 1, NULL, 'k' },
		{ "until", 1, NULL, 'u' }, { "writes", 1, NULL, 'w' }, {}
	};
	size_t mb = 4, pages, writes = 0, max_writes = 0, checks = 0, bad = 0;
	unsigned int nkinds = 8;
	const char *until = NULL;
	unsigned char *kinds;
	char *buf;
	int opt;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm': mb = strtoul(optarg, NULL, 0); break;
		case 'k': nkinds = strtoul(optarg, NULL, 0); break;
		case 'u': until = optarg; break;
		case 'w': max_writes = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: mmo-ksm [--mb N] [--kinds N] [--until FILE | --writes N]\n");
			return 2;
		}
	}
	if (!mb || !nkinds || nkinds > 255 || (!until && !max_writes)) {
		fprintf(stderr, "mmo-ksm: need --mb, --kinds (1-255) and --until or --writes\n");
		return 2;
	}
	pages = mb * 256;
	buf = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	kinds = malloc(pages);
	if (buf == MAP_FAILED || !kinds) {
		perror("mmo-ksm: mmap");
		return 1;
	}
	for (size_t p = 0; p < pages; p++) {
		kinds[p] = p % nkinds;
		fill(buf + p * PAGE, kinds[p]);
	}
	if (madvise(buf, pages * PAGE, MADV_MERGEABLE)) {
		perror("mmo-ksm: MADV_MERGEABLE");
		return 1;
	}
	srand(42);
	while (until ? access(until, F_OK) != 0 : writes < max_writes) {
		size_t p = rand() % pages;

		kinds[p] = rand() % nkinds;
		fill(buf + p * PAGE, kinds[p]);
		if (++writes % 256 == 0) {
			bad += check(buf, kinds, pages);
			checks++;
			usleep(1000);
		}
	}
	bad += check(buf, kinds, pages);
	checks++;
	printf("pages=%zu writes=%zu checks=%zu content_errors=%zu\n", pages, writes,
	       checks, bad);
	return bad ? 1 : 0;
}
