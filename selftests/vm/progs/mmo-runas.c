// SPDX-License-Identifier: GPL-2.0
/*
 * mmo-runas UID COMMAND...: run COMMAND as an unprivileged user. Switching
 * from root to a non-zero uid clears every capability, CAP_BPF and
 * CAP_SYS_ADMIN included.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t uid;

	if (argc < 3) {
		fprintf(stderr, "usage: mmo-runas UID COMMAND...\n");
		return 2;
	}
	uid = (uid_t)strtoul(argv[1], NULL, 10);
	if (setgroups(0, NULL) || setgid(uid) || setuid(uid)) {
		perror("mmo-runas");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("mmo-runas: exec");
	return 127;
}
