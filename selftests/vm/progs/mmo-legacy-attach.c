// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-legacy-attach OBJ: try the map-only (non-link) struct_ops registration
 * of the policy in OBJ, as an old loader would. mm_offload must refuse it.
 * Exits 0 when the kernel refused with EOPNOTSUPP, 1 when it accepted, 2 on
 * any other outcome.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_link *link;
	struct bpf_map *map;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: mmo-legacy-attach OBJ\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "mmo-legacy-attach: cannot load %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	map = bpf_object__next_map(obj, NULL);
	while (map && bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS)
		map = bpf_object__next_map(obj, map);
	if (!map || (bpf_map__map_flags(map) & BPF_F_LINK)) {
		fprintf(stderr, "mmo-legacy-attach: %s has no map-only struct_ops map\n", argv[1]);
		return 2;
	}
	/* For a map without BPF_F_LINK this is a plain map update: reg(kdata, NULL). */
	link = bpf_map__attach_struct_ops(map);
	err = link ? 0 : -errno;
	if (!err) {
		printf("legacy registration accepted\n");
		bpf_link__destroy(link);
		bpf_object__close(obj);
		return 1;
	}
	printf("legacy registration refused: %s\n", strerror(-err));
	bpf_object__close(obj);
	return err == -EOPNOTSUPP ? 0 : 2;
}
