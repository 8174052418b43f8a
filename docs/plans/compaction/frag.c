/* frag MB [node] [stride]: map MB of anon memory (no THP), write a pattern
 * to every page, MADV_DONTNEED one page in every stride (default 2), print
 * "ready". On SIGUSR1, check every kept page and print "verify ok N" or
 * "verify BAD". */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
static char *p; static size_t len, stride; static int rnd; static volatile sig_atomic_t chk;
/* Random mode: a fixed hash decides which half of the pages is freed. */
static int freed(size_t pgno) { if (!rnd) return stride && pgno % stride == 0; unsigned long x = pgno * 0x9E3779B97F4A7C15UL; return (x >> 40) & 1; }
static void on_usr1(int s) { (void)s; chk = 1; }
int main(int argc, char **argv)
{
	size_t mb = atol(argv[1]), pg = 4096;
	int node = argc > 2 ? atoi(argv[2]) : -1;
	rnd = argc > 3 && argv[3][0] == 'r';
	stride = argc > 3 && !rnd ? atol(argv[3]) : 2;
	len = mb << 20;
	signal(SIGUSR1, on_usr1);
	p = mmap(NULL, len, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) { perror("mmap"); return 1; }
	madvise(p, len, MADV_NOHUGEPAGE);
	if (node >= 0) {
		unsigned long mask = 1UL << node;
		if (syscall(SYS_mbind, p, len, 2, &mask, 64, 0)) { perror("mbind"); return 1; }
	}
	for (size_t i = 0; i < len; i += pg)
		for (size_t j = 0; j < pg; j += 512) *(unsigned long *)(p + i + j) = i * 31 + j + 7;
	for (size_t i = 0; i < len; i += pg) if (freed(i / pg)) madvise(p + i, pg, MADV_DONTNEED);
	printf("ready\n"); fflush(stdout);
	for (;;) {
		pause();
		if (!chk) continue;
		chk = 0;
		size_t n = 0, bad = 0;
		for (size_t i = 0; i < len; i += pg) {
			if (freed(i / pg)) continue;
			for (size_t j = 0; j < pg; j += 512)
				if (*(unsigned long *)(p + i + j) != i * 31 + j + 7) bad++;
			n++;
		}
		printf(bad ? "verify BAD %zu/%zu\n" : "verify ok %zu\n", bad ? bad : n, n); fflush(stdout);
	}
}
