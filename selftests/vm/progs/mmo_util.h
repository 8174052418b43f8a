/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the VM workload programs share: raw NUMA syscalls (no libnuma in
 * the initramfs) and strict number parsing.
 */
#ifndef MMO_UTIL_H
#define MMO_UTIL_H

#include <errno.h>
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

#endif
