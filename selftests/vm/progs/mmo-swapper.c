// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-swapper COUNT PAUSE_US OBJ...: swap the attached policy COUNT times,
 * PAUSE_US apart, in turn
 * through every policy in the OBJs, through mmoctl's pinned link
 * (/sys/fs/bpf/mm_offload/link), as "mmoctl swap" does; but each object is
 * opened, verified and loaded once, so the swaps come as fast as the kernel
 * takes them and a swap storm does not spend its time in the verifier.
 * Prints "swaps=N failed=N ns=N" (ns without the pauses); exits non-zero
 * if any swap failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/libbpf.h>

#define MAX_OBJS 16

int main(int argc, char **argv)
{
	struct bpf_object *objs[MAX_OBJS];
	struct bpf_map *maps[MAX_OBJS];
	struct bpf_link *link;
	struct timespec t0, t1;
	int count, pause_us, n = argc - 3, i, failed = 0;
	long long ns = 0;

	if (argc < 4 || n > MAX_OBJS || (count = atoi(argv[1])) <= 0 ||
	    (pause_us = atoi(argv[2])) < 0) {
		fprintf(stderr, "usage: mmo-swapper COUNT PAUSE_US OBJ... (at most %d)\n",
			MAX_OBJS);
		return 2;
	}
	for (i = 0; i < n; i++) {
		struct bpf_map *m = NULL;

		objs[i] = bpf_object__open_file(argv[i + 3], NULL);
		if (!objs[i] || bpf_object__load(objs[i])) {
			fprintf(stderr, "mmo-swapper: cannot load %s\n", argv[i + 3]);
			return 2;
		}
		while ((m = bpf_object__next_map(objs[i], m)) &&
		       bpf_map__type(m) != BPF_MAP_TYPE_STRUCT_OPS)
			;
		if (!m) {
			fprintf(stderr, "mmo-swapper: %s has no struct_ops map\n", argv[i + 3]);
			return 2;
		}
		maps[i] = m;
	}
	link = bpf_link__open("/sys/fs/bpf/mm_offload/link");
	if (!link) {
		fprintf(stderr, "mmo-swapper: no pinned link: %s\n", strerror(errno));
		return 2;
	}
	for (i = 0; i < count; i++) {
		int err;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		err = bpf_link__update_map(link, maps[i % n]);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns += (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
		if (err && failed++ < 5)
			fprintf(stderr, "mmo-swapper: swap %d to %s: %s\n", i,
				argv[i % n + 3], strerror(-err));
		if (pause_us)
			nanosleep(&(struct timespec){ .tv_nsec = pause_us % 1000000 * 1000L,
						      .tv_sec = pause_us / 1000000 }, NULL);
	}
	printf("swaps=%d failed=%d ns=%lld\n", count, failed, ns);
	bpf_link__disconnect(link);
	bpf_link__destroy(link);
	for (i = 0; i < n; i++)
		bpf_object__close(objs[i]);
	return failed ? 1 : 0;
}
