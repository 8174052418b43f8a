/* thp MB [node] [hold]: MADV_HUGEPAGE region (bound to node if >= 0), touch
 * it, print AnonHugePages; with "hold", print ready and sleep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
int main(int argc, char **argv)
{
	size_t len = (size_t)atol(argv[1]) << 20;
	int node = argc > 2 ? atoi(argv[2]) : -1;
	char *p = mmap(NULL, len + (2<<20), PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
	p = (char *)(((unsigned long)p + (2<<20) - 1) & ~((2UL<<20) - 1));
	madvise(p, len, MADV_HUGEPAGE);
	if (node >= 0) {
		unsigned long mask = 1UL << node;
		if (syscall(SYS_mbind, p, len, 2, &mask, 64, 0)) { perror("mbind"); return 1; }
	}
	for (size_t i = 0; i < len; i += 4096) p[i] = 1;
	FILE *f = fopen("/proc/self/smaps_rollup", "r"); char l[256];
	while (fgets(l, sizeof l, f)) if (!strncmp(l, "AnonHugePages", 13)) fputs(l, stdout);
	fclose(f);
	if (argc > 3) { printf("ready\n"); fflush(stdout); for (;;) pause(); }
	return 0;
}
