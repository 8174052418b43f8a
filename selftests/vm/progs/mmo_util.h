/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the VM workload programs share: raw NUMA syscalls (no libnuma in
 * the initramfs), strict number parsing and ksm's sysfs files.
 */
#ifndef MMO_UTIL_H
#define MMO_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline long sys_move_pages(unsigned long count, void **pages,
				  const int *nodes, int *status, int flags)
{
	return syscall(SYS_move_pages, 0, count, pages, nodes, status, flags);
}

static inline long sys_mbind(void *addr, unsigned long len, int mode,
			     const unsigned long *mask, unsigned long maxnode,
			     unsigned int flags)
{
	return syscall(SYS_mbind, addr, len, mode, mask, maxnode, flags);
}

/* *out = @s as a number in [min, max]; -1 if it is not one. */
static inline int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A number from /sys/kernel/mm/ksm/@name; -1 if it cannot be read. */
static inline long ksm_value(const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", name);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%ld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

/* Writes @value to /sys/kernel/mm/ksm/@name; -1, said on stderr, if not. */
static inline int ksm_write(const char *name, const char *value)
{
	char path[128];
	FILE *f;
	int bad;

	snprintf(path, sizeof(path), "/sys/kernel/mm/ksm/%s", name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	bad = fputs(value, f) < 0;
	bad |= fclose(f) != 0;
	if (bad)
		fprintf(stderr, "cannot write %s to %s\n", value, path);
	return bad ? -1 : 0;
}

#endif
