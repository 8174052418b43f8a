/* SPDX-License-Identifier: GPL-2.0 */
/* mmoctl: shared declarations of the mm-offload policy loader. */
#ifndef MMOCTL_H
#define MMOCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes: each cause has its own, so scripts can tell them apart. */
enum mmoctl_exit {
	MMOCTL_OK = 0,
	MMOCTL_ERR = 1,		/* any other failure */
	MMOCTL_EUSAGE = 2,	/* bad command line */
	MMOCTL_EPERM = 3,	/* not root: CAP_BPF and CAP_SYS_ADMIN needed */
	MMOCTL_ENOKERNEL = 4,	/* the kernel has no mm_offload */
	MMOCTL_EVERIFIER = 5,	/* the verifier rejected the policy */
	MMOCTL_ETUNABLE = 6,	/* the policy has no such tunable */
	MMOCTL_ERANGE = 7,	/* tunable value malformed or out of range */
	MMOCTL_ENOTLOADED = 8,	/* no policy loaded: nothing to swap, unload, set */
	MMOCTL_EBUSY = 9,	/* a policy is already loaded: use swap */
	MMOCTL_EOBJ = 10,	/* not a usable policy object */
	MMOCTL_EATTACH = 11,	/* the kernel refused the attach or swap */
	MMOCTL_ENODSA = 12,	/* no Intel DSA device (or no idxd driver) */
};

#define MMOCTL_MAX_SETS 32

enum mmoctl_cmd {
	CMD_NONE,
	CMD_LOAD,
	CMD_SWAP,
	CMD_UNLOAD,
	CMD_STATUS,
	CMD_STATS,
	CMD_SET,
	CMD_HELP,
	CMD_DSA,
};

enum mmoctl_dsa_cmd {
	DSA_NONE,
	DSA_LIST,
	DSA_SETUP,
	DSA_ENABLE,
	DSA_DISABLE,
};

/* mmoctl dsa setup's options; -1 (or 0 for max_transfer): not given. */
struct mmoctl_dsa_opts {
	int size;
	int max_batch;
	uint64_t max_transfer;
	int group;
	int priority;
};

struct mmoctl_args {
	enum mmoctl_cmd cmd;
	const char *obj;		/* load, swap */
	const char *sets[MMOCTL_MAX_SETS];	/* "name=value" */
	int nr_sets;
	bool json;
	int watch_secs;			/* stats --watch; 0: print once */
	int count;			/* stats --watch: stop after N; 0: never */
	/* dsa */
	enum mmoctl_dsa_cmd dsa_cmd;
	int dsa_dev;			/* N of dsaN; -1: not named */
	int dsa_wq;			/* M of wqN.M; -1: the device itself */
	struct mmoctl_dsa_opts dsa;
};

/* args.c */
int mmoctl_parse_args(int argc, char **argv, struct mmoctl_args *a,
		      char *err, size_t errlen);
int mmoctl_split_assignment(const char *s, char *name, size_t namelen,
			    const char **value);
int mmoctl_parse_value(const char *s, bool is_signed, unsigned int size,
		       bool has_range, int64_t lo, int64_t hi,
		       uint64_t *out, char *err, size_t errlen);
const char *mmoctl_usage(void);
int mmoctl_parse_dsa_target(const char *s, int *dev, int *wq);

/* mmoctl.c: "mmoctl: <message>" on stderr; returns @code. */
int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* dsa.c */
int mmoctl_dsa(const struct mmoctl_args *a);

/* tunables.c */
struct btf;

struct mmo_tunable {
	char name[64];
	uint32_t off;		/* in the .data section */
	uint32_t size;
	bool is_signed;
	bool has_range;
	int64_t lo, hi;
};

struct mmo_tunables {
	struct mmo_tunable *v;
	int n;
};

int mmo_tunables_from_btf(const struct btf *btf, const void *rodata,
			  size_t rodata_size, struct mmo_tunables *out);
void mmo_tunables_free(struct mmo_tunables *t);
int mmo_tunables_assign(const struct mmo_tunables *t, void *data,
			size_t data_size, const char *assignment,
			char *err, size_t errlen);
int64_t mmo_tunable_read(const struct mmo_tunable *t, const void *data);

#endif /* MMOCTL_H */
