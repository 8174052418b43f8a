// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-race: writers racing migration, with content checks.
 *
 * Maps --mb N MiB (default 8) and faults it in on node 0 (mbind(MPOL_BIND)
 * while faulting, MPOL_DEFAULT after):
 *
 *   --kind anon   MAP_PRIVATE|MAP_ANONYMOUS with MADV_NOHUGEPAGE (default)
 *   --kind thp    2 MiB aligned MAP_PRIVATE|MAP_ANONYMOUS with MADV_HUGEPAGE
 *   --kind shmem  MAP_SHARED|MAP_ANONYMOUS
 *
 * --writers N threads (default 2) own the 4 KiB pages: writer w the pages p
 * with p % N == w. Word i of page p at generation g holds
 * i << 55 | p << 32 | g, so every word differs and a wrong one says whose it
 * is. Each writer goes round its pages (from a --seed dependent start), and
 * for each checks every word against the generation it wrote last (kept in a
 * private array), then writes the next generation. --movers N threads
 * (default 1) meanwhile move_pages(MPOL_MF_MOVE) pages to node 1 and back to
 * node 0, one address per 4 KiB page: all of them, then a random contiguous
 * half, and so on. For --seconds N (default 5, CLOCK_MONOTONIC); then the
 * main thread checks every page once more.
 *
 * Prints one line: "kind=K pages=N writers=N movers=N writes=N checks=N
 * content_errors=N move_calls=N moved_pages=N unmoved_pages=N": page checks
 * (the final ones too) and the words that differ (the first few go to
 * stderr); moved_pages counts move statuses equal to the target node,
 * unmoved_pages the others (-EBUSY, -EAGAIN, -ENOENT, ...: expected in the
 * race, and pages move_pages did not get to). Exits 1 if content_errors > 0,
 * if no page moved (the race did not happen), or if a syscall failed
 * otherwise (move_pages with an errno other than ENOENT, EBUSY or EAGAIN:
 * ENODEV with no node 1, say); 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <linux/mempolicy.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "mmo_util.h"

#define PAGE		4096UL
#define WORDS		(PAGE / 8)
#define THP		(2UL << 20)
#define MAX_SHOWN	8
#define NOT_ATTEMPTED	INT_MIN		/* a status move_pages left alone */

static char *buf;
static size_t npages;
static long nwriters = 2;
static uint64_t seed = 0x6d6d6f72u;
static void **addrs;
static atomic_int stop, failed;
static atomic_size_t shown;

struct writer {
	pthread_t tid;
	long id;
	uint32_t *gen;		/* of page id + k * nwriters, at k */
	size_t mine, writes, checks, errors;
};

struct mover {
	pthread_t tid;
	long id;
	int *nodes, *status;
	size_t calls, moved, unmoved;
};

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t x = (*state += 0x9e3779b97f4a7c15ULL);

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline uint64_t value(size_t page, uint32_t gen, size_t word)
{
	return (uint64_t)word << 55 | (uint64_t)page << 32 | gen;
}

static void write_page(size_t page, uint32_t gen)
{
	uint64_t *w = (uint64_t *)(buf + page * PAGE);

	for (size_t i = 0; i < WORDS; i++)
		w[i] = value(page, gen, i);
}

/* Words of @page that do not hold generation @gen (read from memory). */
static size_t check_page(size_t page, uint32_t gen, const char *who)
{
	const volatile uint64_t *w = (const volatile uint64_t *)(buf + page * PAGE);
	size_t bad = 0;

	for (size_t i = 0; i < WORDS; i++) {
		uint64_t got = w[i];

		if (got == value(page, gen, i))
			continue;
		if (atomic_fetch_add(&shown, 1) < MAX_SHOWN)
			fprintf(stderr, "mmo-race: %s: page %zu word %zu: got %#llx (page %llu gen %llu word %llu), expected gen %u\n",
				who, page, i, (unsigned long long)got,
				(unsigned long long)(got >> 32 & 0x7fffff),
				(unsigned long long)(got & 0xffffffff),
				(unsigned long long)(got >> 55), gen);
		bad++;
	}
	return bad;
}

static void *writer_fn(void *arg)
{
	struct writer *w = arg;
	uint64_t rng = seed ^ (w->id + 1) * 0x2545f4914f6cdd1dULL;
	size_t k = splitmix64(&rng) % w->mine;
	char who[32];

	snprintf(who, sizeof(who), "writer %ld", w->id);
	while (!atomic_load_explicit(&stop, memory_order_relaxed)) {
		size_t page = w->id + k * nwriters;

		w->errors += check_page(page, w->gen[k], who);
		w->checks++;
		write_page(page, ++w->gen[k]);
		w->writes++;
		if (++k == w->mine)
			k = 0;
	}
	return NULL;
}

static void *mover_fn(void *arg)
{
	struct mover *m = arg;
	uint64_t rng = seed ^ (m->id + 1) * 0x9e3779b97f4a7c15ULL;

	for (uint64_t round = 0; !atomic_load(&stop); round++) {
		size_t start = 0, n = npages;

		/* Odd rounds: a random contiguous half. */
		if (round & 1 && npages > 1) {
			n = npages / 2;
			start = splitmix64(&rng) % (npages - n + 1);
		}
		for (int target = 1; target >= 0 && !atomic_load(&stop); target--) {
			for (size_t i = 0; i < n; i++) {
				m->nodes[i] = target;
				m->status[i] = NOT_ATTEMPTED;
			}
			long r = sys_move_pages(n, addrs + start, m->nodes, m->status,
						MPOL_MF_MOVE);

			m->calls++;
			if (r < 0 && errno != ENOENT && errno != EBUSY && errno != EAGAIN) {
				fprintf(stderr, "mmo-race: mover %ld: move_pages of %zu pages to node %d: %s\n",
					m->id, n, target, strerror(errno));
				atomic_store(&failed, 1);
				atomic_store(&stop, 1);
				return NULL;
			}
			for (size_t i = 0; i < n; i++) {
				if (m->status[i] == target)
					m->moved++;
				else
					m->unmoved++;
			}
		}
	}
	return NULL;
}

static int usage(void)
{
	fprintf(stderr, "usage: mmo-race [--kind anon|thp|shmem] [--mb N] [--writers N] [--movers N] [--seconds N] [--seed N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *kind = "anon";
	long mb = 8, nmovers = 1, seconds = 5;
	size_t writes = 0, checks = 0, bad = 0, calls = 0, moved = 0, unmoved = 0;
	int opt, idx = 0, err;
	char *end;
	static const struct option longopts[] = {
		{ "kind", 1, NULL, 'k' }, { "mb", 1, NULL, 'm' },
		{ "writers", 1, NULL, 'w' }, { "movers", 1, NULL, 'M' },
		{ "seconds", 1, NULL, 'S' }, { "seed", 1, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};

	while ((opt = getopt_long(argc, argv, "", longopts, &idx)) != -1) {
		err = 0;
		switch (opt) {
		case 'k': kind = optarg; break;
		case 'm': err = parse_long(optarg, 1, 32768, &mb); break;
		case 'w': err = parse_long(optarg, 1, 1024, &nwriters); break;
		case 'M': err = parse_long(optarg, 1, 1024, &nmovers); break;
		case 'S': err = parse_long(optarg, 1, 86400, &seconds); break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 0);
			err = errno || end == optarg || *end;
			break;
		default: err = 1; break;
		}
		if (err) {
			if (opt != '?')
				fprintf(stderr, "mmo-race: bad value '%s' for --%s\n",
					optarg, longopts[idx].name);
			return usage();
		}
	}
	int anon = !strcmp(kind, "anon"), thp = !strcmp(kind, "thp");
	int shmem = !strcmp(kind, "shmem");
	size_t len = mb << 20;

	npages = len / PAGE;
	if (optind < argc || !(anon || thp || shmem))
		return usage();
	if ((size_t)nwriters > npages) {
		fprintf(stderr, "mmo-race: more writers than the %zu pages\n", npages);
		return 2;
	}
	char *raw = mmap(NULL, len + (thp ? THP : 0), PROT_READ | PROT_WRITE,
			 (shmem ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);

	if (raw == MAP_FAILED) {
		perror("mmo-race: mmap");
		return 1;
	}
	buf = thp ? (char *)(((uintptr_t)raw + THP - 1) & ~(THP - 1)) : raw;
	if (thp && madvise(buf, len, MADV_HUGEPAGE)) {
		perror("mmo-race: madvise(MADV_HUGEPAGE) (THP missing from this kernel?)");
		return 1;
	}
	/* EINVAL: no THP in this kernel, so no huge pages anyway. */
	if (anon && madvise(buf, len, MADV_NOHUGEPAGE) && errno != EINVAL) {
		perror("mmo-race: madvise(MADV_NOHUGEPAGE)");
		return 1;
	}

	unsigned long node0 = 1;

	if (sys_mbind(buf, len, MPOL_BIND, &node0, 64, 0)) {
		perror("mmo-race: mbind to node 0");
		return 1;
	}
	for (size_t p = 0; p < npages; p++)
		write_page(p, 1);
	if (sys_mbind(buf, len, MPOL_DEFAULT, NULL, 0, 0)) {
		perror("mmo-race: mbind MPOL_DEFAULT");
		return 1;
	}

	struct writer *w = calloc(nwriters, sizeof(*w));
	struct mover *m = calloc(nmovers, sizeof(*m));

	addrs = calloc(npages, sizeof(*addrs));
	if (!w || !m || !addrs)
		goto nomem;
	for (size_t p = 0; p < npages; p++)
		addrs[p] = buf + p * PAGE;
	for (long i = 0; i < nwriters; i++) {
		w[i].id = i;
		w[i].mine = (npages - i + nwriters - 1) / nwriters;
		w[i].gen = malloc(w[i].mine * sizeof(*w[i].gen));
		if (!w[i].gen)
			goto nomem;
		for (size_t k = 0; k < w[i].mine; k++)
			w[i].gen[k] = 1;
	}
	for (long i = 0; i < nmovers; i++) {
		m[i].id = i;
		m[i].nodes = calloc(npages, sizeof(int));
		m[i].status = calloc(npages, sizeof(int));
		if (!m[i].nodes || !m[i].status)
			goto nomem;
	}

	uint64_t deadline = now_ns() + seconds * 1000000000ULL;
	long started_w = 0, started_m = 0;

	for (; started_w < nwriters; started_w++)
		if ((err = pthread_create(&w[started_w].tid, NULL, writer_fn, &w[started_w])))
			break;
	for (; !err && started_m < nmovers; started_m++)
		if ((err = pthread_create(&m[started_m].tid, NULL, mover_fn, &m[started_m])))
			break;
	if (err) {
		fprintf(stderr, "mmo-race: pthread_create: %s\n", strerror(err));
		atomic_store(&failed, 1);
	}
	while (!err && !atomic_load(&stop) && now_ns() < deadline)
		usleep(10000);
	atomic_store(&stop, 1);
	for (long i = 0; i < started_w; i++) {
		pthread_join(w[i].tid, NULL);
		writes += w[i].writes;
		checks += w[i].checks;
		bad += w[i].errors;
	}
	for (long i = 0; i < started_m; i++) {
		pthread_join(m[i].tid, NULL);
		calls += m[i].calls;
		moved += m[i].moved;
		unmoved += m[i].unmoved;
	}
	/* The last word: every page against the generation its writer wrote. */
	for (long i = 0; i < nwriters; i++) {
		for (size_t k = 0; k < w[i].mine; k++) {
			bad += check_page(i + k * nwriters, w[i].gen[k], "final check");
			checks++;
		}
	}
	printf("kind=%s pages=%zu writers=%ld movers=%ld writes=%zu checks=%zu content_errors=%zu move_calls=%zu moved_pages=%zu unmoved_pages=%zu\n",
	       kind, npages, nwriters, nmovers, writes, checks, bad, calls, moved, unmoved);
	if (!moved && !atomic_load(&failed))
		fprintf(stderr, "mmo-race: no page moved: the race did not happen\n");
	return bad || !moved || atomic_load(&failed) ? 1 : 0;

nomem:
	fprintf(stderr, "mmo-race: out of memory\n");
	return 1;
}
