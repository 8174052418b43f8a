// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-ksm-eq: a deterministic KSM workload whose final merge counts are
 * known, for comparing the serial scan with the batched one.
 *
 * --procs processes each map --pages anonymous pages. Page p of every
 * process is, by p % 8:
 *   0    a zero-filled page;
 *   1-4  "dup": kind (p / 8) % --kinds, so four identical pages sit next
 *        to each other (identical within one batch) and every kind has
 *        twins in the other processes;
 *   5    unique to its process and index, never merged;
 *   6    "volatile": rewritten with new unique content at each of the first
 *        scans, so its checksum changes between scans; then set to its dup
 *        kind;
 *   7    "late twin": unique until the stable tree holds the dup kinds,
 *        then set to its dup kind, whose twin is by then a stable page.
 *
 * With --nodes N, process i binds page p to node (i + p / 64) % N, so
 * that with merge_across_nodes off each node's trees get pages of every
 * kind, and ksmd's scan of one process crosses nodes every 64 pages; the
 * expected counts then follow ksm's merge_across_nodes (a KSM page per
 * kind per node when it is off).
 *
 * The parent sequences the phases by /sys/kernel/mm/ksm/full_scans, waits
 * --settle more full scans after the last change (creating --settle-file
 * as they begin), and prints ksm's
 * pages_shared and pages_sharing beside the values the layout implies.
 * Then every process writes to merged pages (copy-on-write) and checks
 * every page's content.
 *
 * Prints "full_scans=N pages_shared=N pages_sharing=N expect_shared=N
 * expect_sharing=N cow_writes=N content_errors=N"; exits 1 on a content
 * error and 3 when ksmd made no progress within --timeout seconds.
 * ksmd must be running; max_page_sharing must exceed the pages per kind.
 *
 * --static (the benchmark, vm-ksm.sh): every page gets its final content
 * at once, and the parent, every --trace-ms ms, prints
 *   trace: t=S pages_sharing=N ksmd_ms=N
 * (ksmd's CPU time from /proc/PID/stat) until ksm has made every expected
 * merge; the result line then also has "seconds=S ksmd_ms=N scans=N" (full
 * scans ksmd completed meanwhile). With --start-ksmd, ksmd is started
 * (run=1) once every page is filled, so each run sees the same scans.
 */
#define _GNU_SOURCE
#include <getopt.h>
#include <linux/mempolicy.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mmo_util.h"

#define PAGE 4096UL
#define MAX_PROCS 16
#define MAX_NODES 8
#define NODE_CHUNK 64	/* pages placed on one node together (--nodes) */

enum { KIND_ZERO = -1 };

struct control {
	volatile int phase;
	volatile int acked[MAX_PROCS];
	volatile long content_errors;
	volatile long cow_writes;
};

static unsigned int nprocs = 3, npages = 512, nkinds = 16, nnodes;
static int static_content;
static struct control *ctl;

static uint64_t mix(uint64_t x)
{
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

/* A kind's content; kinds >= nkinds are unique (see unique_kind()). */
static void fill(char *page, int64_t kind)
{
	uint64_t *w = (uint64_t *)page;

	if (kind == KIND_ZERO) {
		memset(page, 0, PAGE);
		return;
	}
	for (size_t i = 0; i < PAGE / 8; i++)
		w[i] = mix((kind + 1) * 0x9e3779b97f4a7c15ULL ^ (i << 17));
}

static int64_t unique_kind(unsigned int proc, unsigned int p, unsigned int round)
{
	return 1000 + ((int64_t)round * MAX_PROCS + proc) * npages + p;
}

static int64_t dup_kind(unsigned int p)
{
	return (p / 8) % nkinds;
}

/* The node page @p of process @proc is bound to with --nodes. */
static unsigned int page_node(unsigned int proc, unsigned int p)
{
	return (proc + p / NODE_CHUNK) % nnodes;
}

static long check(const char *buf, const int64_t *kinds)
{
	static char want[PAGE];
	long bad = 0;

	for (unsigned int p = 0; p < npages; p++) {
		fill(want, kinds[p]);
		if (memcmp(buf + p * PAGE, want, PAGE)) {
			if (bad < 5)
				fprintf(stderr, "mmo-ksm-eq: page %u (kind %lld) differs\n",
					p, (long long)kinds[p]);
			bad++;
		}
	}
	return bad;
}

static void wait_phase(int phase)
{
	while (ctl->phase < phase)
		usleep(2000);
}

static void set(char *buf, int64_t *kinds, unsigned int p, int64_t kind)
{
	kinds[p] = kind;
	fill(buf + p * PAGE, kind);
}

/* One process's life: the phases are 1 fill, 2-3 rewrite volatile pages,
 * 4 final content, 5 copy-on-write and check, 6 exit.
 */
static int child(unsigned int proc)
{
	int64_t *kinds = calloc(npages, sizeof(*kinds));
	char *buf = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long bad = 0, writes = 0;

	if (buf == MAP_FAILED || !kinds) {
		perror("mmo-ksm-eq: mmap");
		return 1;
	}
	for (unsigned int p = 0; nnodes && p < npages; p += NODE_CHUNK) {
		unsigned long mask = 1UL << page_node(proc, p);
		unsigned int n = npages - p < NODE_CHUNK ? npages - p : NODE_CHUNK;

		if (syscall(SYS_mbind, buf + p * PAGE, n * PAGE, MPOL_BIND, &mask,
			    MAX_NODES + 1, 0)) {
			perror("mmo-ksm-eq: mbind");
			return 1;
		}
	}
	for (unsigned int p = 0; p < npages; p++) {
		switch (p % 8) {
		case 0:
			set(buf, kinds, p, KIND_ZERO);
			break;
		case 1: case 2: case 3: case 4:
			set(buf, kinds, p, dup_kind(p));
			break;
		case 6: case 7:
			if (static_content) {
				set(buf, kinds, p, dup_kind(p));
				break;
			}
			/* fall through */
		default:
			set(buf, kinds, p, unique_kind(proc, p, 0));
		}
	}
	if (madvise(buf, npages * PAGE, MADV_MERGEABLE)) {
		perror("mmo-ksm-eq: MADV_MERGEABLE");
		return 1;
	}
	ctl->acked[proc] = 1;
	if (static_content)
		goto merged;
	for (int round = 2; round <= 3; round++) {
		wait_phase(round);
		for (unsigned int p = 6; p < npages; p += 8)
			set(buf, kinds, p, unique_kind(proc, p, round));
		ctl->acked[proc] = round;
	}
	wait_phase(4);
	for (unsigned int p = 0; p < npages; p++)
		if (p % 8 >= 6)
			set(buf, kinds, p, dup_kind(p));
	bad += check(buf, kinds);
merged:
	ctl->acked[proc] = 4;
	wait_phase(5);
	/* Copy-on-write: break some shared pages, then check every page. */
	bad += check(buf, kinds);
	for (unsigned int p = 0; p < npages; p++) {
		if (p % 8 == 1 || (p % 8 == 0 && proc == 0)) {
			set(buf, kinds, p, unique_kind(proc, p, 4));
			writes++;
		} else if (p % 8 == 2) {
			/* Write the same bytes back: still a CoW break. */
			buf[p * PAGE] = buf[p * PAGE];
			writes++;
		}
	}
	bad += check(buf, kinds);
	__atomic_add_fetch(&ctl->content_errors, bad, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&ctl->cow_writes, writes, __ATOMIC_SEQ_CST);
	ctl->acked[proc] = 5;
	wait_phase(6);
	return bad ? 1 : 0;
}

/*
 * The counts ksm must end with: a KSM page for every content (a dup kind,
 * or zeroes) with two or more pages in one tree, whose other pages are
 * pages_sharing. There is one tree unless merge_across_nodes is off and
 * --nodes spread the pages.
 */
static void expected(long *shared, long *sharing)
{
	unsigned int trees = nnodes && ksm_value("merge_across_nodes") == 0 ? nnodes : 1;
	unsigned int contents = nkinds + 1;	/* the last: zeroes */
	long *count = calloc(trees * contents, sizeof(*count));

	*shared = *sharing = 0;
	if (!count)
		return;
	for (unsigned int proc = 0; proc < nprocs; proc++) {
		for (unsigned int p = 0; p < npages; p++) {
			unsigned int tree = trees > 1 ? page_node(proc, p) : 0;

			if (p % 8 == 5)
				continue;	/* unique */
			count[tree * contents + (p % 8 ? dup_kind(p) : nkinds)]++;
		}
	}
	for (unsigned int i = 0; i < trees * contents; i++) {
		if (count[i] >= 2) {
			(*shared)++;
			*sharing += count[i] - 1;
		}
	}
	free(count);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double deadline;
static int start_ksmd;
static const char *settle_file;

static int ksm_touch(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return -1;
	}
	return fclose(f);
}

/* ksmd's CPU time (utime + stime) in ms, or -1 when there is no ksmd. */
static long ksmd_cpu_ms(void)
{
	static char path[64];
	unsigned long utime, stime;
	char comm[32], buf[512];
	FILE *f;

	if (!path[0]) {
		for (int pid = 2; pid < 4096 && !path[0]; pid++) {
			snprintf(buf, sizeof(buf), "/proc/%d/comm", pid);
			f = fopen(buf, "r");
			if (!f)
				continue;
			if (fscanf(f, "%31s", comm) == 1 && !strcmp(comm, "ksmd"))
				snprintf(path, sizeof(path), "/proc/%d/stat", pid);
			fclose(f);
		}
		if (!path[0])
			return -1;
	}
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	/* Fields 14 and 15, after the ")" that ends the command name. */
	if (sscanf(strrchr(buf, ')') + 2,
		   "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
		   &utime, &stime) != 2)
		return -1;
	return (utime + stime) * 1000 / sysconf(_SC_CLK_TCK);
}

/* --static: trace ksm's merging until every expected merge is made. */
static long trace_scans;

static int trace_merging(unsigned int trace_ms, long expect_shared, long expect_sharing,
			 double *seconds, long *cpu_ms)
{
	double t0 = now();
	long cpu0 = ksmd_cpu_ms(), scans0 = ksm_value("full_scans");

	double next_trace = t0;

	/*
	 * Poll every 5 ms, so that ksmd's CPU time after the last merge (it
	 * scans on) adds little; print the trace every @trace_ms.
	 */
	for (;;) {
		long sharing = ksm_value("pages_sharing");
		int done = sharing == expect_sharing &&
			   ksm_value("pages_shared") == expect_shared;

		*seconds = now() - t0;
		*cpu_ms = ksmd_cpu_ms() - cpu0;
		trace_scans = ksm_value("full_scans") - scans0;
		if (done || now() >= next_trace) {
			printf("trace: t=%.2f pages_sharing=%ld ksmd_ms=%ld\n",
			       *seconds, sharing, *cpu_ms);
			next_trace += trace_ms / 1000.0;
		}
		if (done)
			return 0;
		if (now() > deadline)
			return -1;
		usleep(5000);
	}
}

/* Wait until ksmd has finished @scans more full scans from now. */
static int wait_scans(long scans)
{
	long target = ksm_value("full_scans") + scans;

	while (ksm_value("full_scans") < target) {
		if (now() > deadline) {
			fprintf(stderr, "mmo-ksm-eq: ksmd at full_scans=%ld, waiting for %ld\n",
				ksm_value("full_scans"), target);
			return -1;
		}
		usleep(5000);
	}
	return 0;
}

static int wait_acks(int value)
{
	for (unsigned int i = 0; i < nprocs; i++)
		while (ctl->acked[i] < value) {
			if (now() > deadline)
				return -1;
			usleep(2000);
		}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "procs", 1, NULL, 'p' }, { "pages", 1, NULL, 'n' },
		{ "kinds", 1, NULL, 'k' }, { "settle", 1, NULL, 's' },
		{ "timeout", 1, NULL, 't' }, { "static", 0, NULL, 'S' },
		{ "trace-ms", 1, NULL, 'T' }, { "start-ksmd", 0, NULL, 'K' },
		{ "settle-file", 1, NULL, 'F' }, { "nodes", 1, NULL, 'N' }, {}
	};
	unsigned int settle = 3, timeout = 300, trace_ms = 200;
	double seconds = 0;
	long cpu_ms = 0;
	long per_kind, dups, zeros, shared, sharing, expect_shared, expect_sharing;
	pid_t pids[MAX_PROCS];
	int opt, status, rc = 0;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': nprocs = strtoul(optarg, NULL, 0); break;
		case 'n': npages = strtoul(optarg, NULL, 0); break;
		case 'k': nkinds = strtoul(optarg, NULL, 0); break;
		case 's': settle = strtoul(optarg, NULL, 0); break;
		case 't': timeout = strtoul(optarg, NULL, 0); break;
		case 'S': static_content = 1; break;
		case 'T': trace_ms = strtoul(optarg, NULL, 0); break;
		case 'K': start_ksmd = 1; break;
		case 'F': settle_file = optarg; break;
		case 'N': nnodes = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: mmo-ksm-eq [--procs N] [--pages N] [--kinds N] [--settle SCANS] [--settle-file F] [--nodes N] [--timeout S] [--static [--trace-ms MS] [--start-ksmd]]\n");
			return 2;
		}
	}
	if (nprocs < 1 || nprocs > MAX_PROCS || npages < 8 || npages % 8 ||
	    nkinds < 1 || nkinds > npages / 8 || nnodes > MAX_NODES) {
		fprintf(stderr, "mmo-ksm-eq: need 1-%d procs, pages a multiple of 8, 1 <= kinds <= pages/8, at most %d nodes\n",
			MAX_PROCS, MAX_NODES);
		return 2;
	}
	/* Each kind must fit one stable node: no stable-node chains. */
	zeros = (long)nprocs * npages / 8;
	dups = (long)nprocs * npages / 8 * 6;
	per_kind = (dups + nkinds - 1) / nkinds;
	if (per_kind > ksm_value("max_page_sharing") || zeros > ksm_value("max_page_sharing")) {
		fprintf(stderr, "mmo-ksm-eq: %ld pages per kind, %ld zero pages: above max_page_sharing %ld\n",
			per_kind, zeros, ksm_value("max_page_sharing"));
		return 2;
	}
	if (ksm_value("use_zero_pages") > 0) {
		/* Then zero pages map the zero page, in neither count. */
		fprintf(stderr, "mmo-ksm-eq: /sys/kernel/mm/ksm/use_zero_pages is set: the expected counts assume 0\n");
		return 2;
	}
	expected(&expect_shared, &expect_sharing);
	ctl = mmap(NULL, sizeof(*ctl), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctl == MAP_FAILED) {
		perror("mmo-ksm-eq: mmap");
		return 1;
	}
	deadline = now() + timeout;
	for (unsigned int i = 0; i < nprocs; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("mmo-ksm-eq: fork");
			return 1;
		}
		if (!pids[i])
			_exit(child(i));
	}
	if (static_content) {
		setvbuf(stdout, NULL, _IOLBF, 0);
		if (wait_acks(1))
			goto stuck;
		/* ksmd starts from its first mm now: every run, the same scan. */
		if (start_ksmd && ksm_write("run", "1"))
			goto stuck;
		if (trace_merging(trace_ms, expect_shared, expect_sharing,
				  &seconds, &cpu_ms))
			goto stuck;
		ctl->phase = 4;
		if (wait_acks(4))
			goto stuck;
		goto merged;
	}
	/* Phases advance on ksmd's full scans, so both paths see the same
	 * content at the same scan numbers.
	 */
	if (wait_acks(1) || wait_scans(2))
		goto stuck;
	for (int round = 2; round <= 3; round++) {
		ctl->phase = round;
		if (wait_acks(round) || wait_scans(1))
			goto stuck;
	}
	ctl->phase = 4;
	if (wait_acks(4))
		goto stuck;
	if (settle_file && ksm_touch(settle_file))
		goto stuck;
	if (wait_scans(settle))
		goto stuck;
merged:
	shared = ksm_value("pages_shared");
	sharing = ksm_value("pages_sharing");
	ctl->phase = 5;
	if (wait_acks(5))
		goto stuck;
	ctl->phase = 6;
	for (unsigned int i = 0; i < nprocs; i++)
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	printf("full_scans=%ld pages_shared=%ld pages_sharing=%ld expect_shared=%ld expect_sharing=%ld cow_writes=%ld content_errors=%ld",
	       ksm_value("full_scans"), shared, sharing, expect_shared,
	       expect_sharing, ctl->cow_writes, ctl->content_errors);
	if (static_content)
		printf(" seconds=%.2f ksmd_ms=%ld scans=%ld", seconds, cpu_ms, trace_scans);
	printf("\n");
	return rc || ctl->content_errors ? 1 : 0;
stuck:
	for (unsigned int i = 0; i < nprocs; i++)
		kill(pids[i], SIGKILL);
	return 3;
}
