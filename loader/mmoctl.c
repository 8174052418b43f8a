// SPDX-License-Identifier: GPL-2.0
/*
 * mmoctl: load, swap and inspect mm-offload BPF policies.
 *
 * A loaded policy is a struct_ops link pinned at /sys/fs/bpf/mm_offload/link,
 * so it outlives this process. Its .data and .rodata maps are pinned beside
 * it, for reading and setting tunables later. A swap updates the pinned link
 * with the new policy's map: the kernel switches atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <uapi/linux/mm_offload.h>

#include "mmoctl.h"

#define BPFFS		"/sys/fs/bpf"
#define PIN_DIR		BPFFS "/mm_offload"
#define PIN_LINK	PIN_DIR "/link"
#define PIN_DATA	PIN_DIR "/data"
#define PIN_RODATA	PIN_DIR "/rodata"
#define SYSFS_DIR	"/sys/kernel/mm/mm_offload"
#define BPF_FS_MAGIC_	0xcafe4a11

#ifndef CAP_BPF
#define CAP_BPF 39
#endif

static const char *const engine_names[] = MMO_ENGINE_NAMES;

int fail(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mmoctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

/* ---- libbpf log capture: shown only when a load fails ---------------- */

static char *libbpf_log;
static size_t libbpf_log_len;

static int capture_libbpf(enum libbpf_print_level level, const char *fmt,
			  va_list ap)
{
	char buf[4096];
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n <= 0)
		return 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	char *grown = realloc(libbpf_log, libbpf_log_len + n + 1);

	if (!grown)
		return 0;
	libbpf_log = grown;
	memcpy(libbpf_log + libbpf_log_len, buf, n + 1);
	libbpf_log_len += n;
	return 0;
}

/*
 * Print the verifier's own words: the last lines of the program load log,
 * where it says what it refused and why.
 */
static void print_verifier_excerpt(void)
{
	const char *begin, *end, *p;
	int lines = 0;

	begin = libbpf_log ? strstr(libbpf_log, "-- BEGIN PROG LOAD LOG --") : NULL;
	if (!begin)
		return;
	begin = strchr(begin, '\n');
	end = strstr(begin, "-- END PROG LOAD LOG --");
	if (!begin || !end)
		return;
	for (p = end - 1; p > begin; p--)
		if (*p == '\n' && ++lines > 12)
			break;
	fprintf(stderr, "mmoctl: verifier log (last lines):\n");
	fwrite(p + 1, 1, end - p - 1, stderr);
}

/* ---- environment checks -------------------------------------------------- */

static bool have_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (getenv("MMOCTL_SKIP_CAP_CHECK"))
		return true;	/* tests: let the kernel refuse instead */
	if (syscall(SYS_capget, &hdr, data))
		return false;
	return (data[CAP_BPF / 32].effective & (1u << (CAP_BPF % 32))) &&
	       (data[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32)));
}

static int check_privileged(void)
{
	if (!have_caps())
		return fail(MMOCTL_EPERM,
			    "not permitted: loading, swapping and unloading policies needs root (CAP_BPF and CAP_SYS_ADMIN)");
	return MMOCTL_OK;
}

static int check_kernel(void)
{
	if (access(SYSFS_DIR, F_OK))
		return fail(MMOCTL_ENOKERNEL,
			    "this kernel has no mm_offload (%s is missing): boot a kernel built with the mm-offload patch and CONFIG_MM_OFFLOAD=y",
			    SYSFS_DIR);
	return MMOCTL_OK;
}

/* Mount bpffs if needed, create the pin directory and lock it. */
static int open_pin_dir(int *lock_fd)
{
	struct statfs st;

	if (statfs(BPFFS, &st) || st.f_type != BPF_FS_MAGIC_) {
		if (mount("bpf", BPFFS, "bpf", 0, NULL))
			return fail(MMOCTL_ERR, "cannot mount bpffs on %s: %s",
				    BPFFS, strerror(errno));
	}
	if ((mkdir(PIN_DIR, 0700) && errno != EEXIST) ||
	    (*lock_fd = open(PIN_DIR, O_RDONLY | O_DIRECTORY)) < 0 ||
	    flock(*lock_fd, LOCK_EX)) {
		int err = errno;

		if (*lock_fd >= 0)
			close(*lock_fd);
		*lock_fd = -1;
		return fail(err == EACCES || err == EPERM ? MMOCTL_EPERM : MMOCTL_ERR,
			    "cannot open and lock %s: %s", PIN_DIR, strerror(err));
	}
	return MMOCTL_OK;
}

static int read_sysfs(const char *rel, char *buf, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), SYSFS_DIR "/%s", rel);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* @s as a JSON string body: a policy's own words may hold any byte. */
static void print_json_escaped(const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
}

static long long read_sysfs_ll(const char *rel)
{
	char buf[64];

	if (read_sysfs(rel, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

/* ---- policy objects ---------------------------------------------------- */

struct policy {
	struct bpf_object *obj;
	struct bpf_map *ops;	/* the mm_offload_ops struct_ops map */
	struct bpf_map *data;	/* .data: tunables; may be NULL */
	struct bpf_map *rodata;	/* .rodata: tunable ranges; may be NULL */
};

static bool is_mm_offload_ops(struct bpf_object *obj, struct bpf_map *map)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *t;

	if (bpf_map__type(map) != BPF_MAP_TYPE_STRUCT_OPS || !btf)
		return false;
	t = btf__type_by_id(btf, bpf_map__btf_value_type_id(map));
	return t && !strcmp(btf__name_by_offset(btf, t->name_off), "mm_offload_ops");
}

static struct bpf_map *internal_map(struct bpf_object *obj, const char *suffix)
{
	struct bpf_map *map;
	size_t sl = strlen(suffix);

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t nl = strlen(name);

		if (bpf_map__is_internal(map) && nl >= sl &&
		    !strcmp(name + nl - sl, suffix))
			return map;
	}
	return NULL;
}

/* Open an object, find its one mm_offload_ops map, and apply --set. */
static int policy_open(const char *path, const char *const *sets, int nr_sets,
		       struct policy *p)
{
	struct mmo_tunables tun;
	struct bpf_map *map;
	int n = 0, i, ret;

	memset(p, 0, sizeof(*p));
	p->obj = bpf_object__open_file(path, NULL);
	if (!p->obj) {
		p->obj = NULL;
		return fail(MMOCTL_EOBJ, "cannot open policy object %s: %s",
			    path, strerror(errno));
	}
	bpf_object__for_each_map(map, p->obj) {
		if (is_mm_offload_ops(p->obj, map)) {
			p->ops = map;
			n++;
		}
	}
	if (n != 1)
		return fail(MMOCTL_EOBJ,
			    "%s has %d struct mm_offload_ops maps; a policy has exactly one",
			    path, n);
	if (!(bpf_map__map_flags(p->ops) & BPF_F_LINK))
		return fail(MMOCTL_EOBJ,
			    "%s: map %s is in SEC(\".struct_ops\"); mm_offload policies attach through links: use SEC(\".struct_ops.link\")",
			    path, bpf_map__name(p->ops));
	p->data = internal_map(p->obj, ".data");
	p->rodata = internal_map(p->obj, ".rodata");

	if (!nr_sets)
		return MMOCTL_OK;
	size_t data_size = 0, rodata_size = 0;
	void *data = p->data ? bpf_map__initial_value(p->data, &data_size) : NULL;
	const void *rodata = p->rodata ?
		bpf_map__initial_value(p->rodata, &rodata_size) : NULL;

	ret = mmo_tunables_from_btf(bpf_object__btf(p->obj), rodata, rodata_size, &tun);
	if (ret)
		return fail(MMOCTL_ERR, "reading tunables: %s", strerror(-ret));
	for (i = 0; i < nr_sets; i++) {
		char err[512];

		ret = mmo_tunables_assign(&tun, data, data_size, sets[i], err, sizeof(err));
		if (ret) {
			mmo_tunables_free(&tun);
			return fail(ret, "%s", err);
		}
	}
	mmo_tunables_free(&tun);
	return MMOCTL_OK;
}

static bool str_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/*
 * The verifier's word for a sleepable program on a hook that must not
 * sleep is "attach to unsupported member": say what it means.
 */
static void explain_sleepable(struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		/* libbpf makes "struct_ops.s/" programs sleepable. */
		if (strncmp(sec, "struct_ops.s/", 13) ||
		    str_ends_with(sec, "/init") || str_ends_with(sec, "/exit"))
			continue;
		fprintf(stderr, "mmoctl: %s is sleepable (SEC(\"%s\")), but only init and exit may sleep: the other hooks run under locks and in reclaim\n",
			bpf_program__name(prog), sec);
	}
}

static int policy_load(struct policy *p, const char *path)
{
	int err = bpf_object__load(p->obj);

	if (!err)
		return MMOCTL_OK;
	if (libbpf_log && strstr(libbpf_log, "-- BEGIN PROG LOAD LOG --")) {
		print_verifier_excerpt();
		explain_sleepable(p->obj);
		return fail(MMOCTL_EVERIFIER, "the verifier rejected %s (see above)", path);
	}
	if (err == -EPERM || err == -EACCES)
		return fail(MMOCTL_EPERM, "the kernel refused to load %s: %s (needs CAP_BPF and CAP_SYS_ADMIN)",
			    path, strerror(-err));
	if (libbpf_log)
		fputs(libbpf_log, stderr);
	return fail(MMOCTL_ERR, "loading %s failed: %s", path, strerror(-err));
}

/* Pin @map at @path, replacing what is there (pin to a temp name, rename). */
static int repin(struct bpf_map *map, const char *path)
{
	char tmp[128];

	if (!map) {
		unlink(path);
		return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s_new", path);	/* bpffs refuses dots */
	unlink(tmp);
	if (bpf_obj_pin(bpf_map__fd(map), tmp))
		return -errno;
	if (rename(tmp, path))
		return -errno;
	return 0;
}

static int pin_tunable_maps(struct policy *p)
{
	int err = repin(p->data, PIN_DATA);

	if (!err)
		err = repin(p->rodata, PIN_RODATA);
	if (err)
		return fail(MMOCTL_ERR, "pinning the policy's data maps: %s", strerror(-err));
	return MMOCTL_OK;
}

static int attach_error(int err, const char *what)
{
	if (err == -EBUSY)
		return fail(MMOCTL_EBUSY, "%s: another mm_offload policy is attached (not through mmoctl?)", what);
	if (err == -EPERM || err == -EACCES)
		return fail(MMOCTL_EPERM, "%s: %s (needs CAP_BPF and CAP_SYS_ADMIN)", what, strerror(-err));
	if (err == -EOPNOTSUPP)
		return fail(MMOCTL_EATTACH, "%s: the kernel supports only link-based attach", what);
	return fail(MMOCTL_EATTACH, "%s: the kernel refused: %s (a policy whose init returns an error is refused)",
		    what, strerror(-err));
}

/* ---- commands ---------------------------------------------------------- */

static int cmd_load_or_swap(const struct mmoctl_args *a)
{
	bool swap = a->cmd == CMD_SWAP;
	struct policy p;
	int lock_fd = -1, ret;

	/* Everything the user gave is checked before the kernel is touched. */
	ret = policy_open(a->obj, a->sets, a->nr_sets, &p);
	if (ret)
		goto out;
	ret = check_privileged();
	if (!ret)
		ret = check_kernel();
	/* Loading first lets the kernel refuse an unprivileged caller itself. */
	if (!ret)
		ret = policy_load(&p, a->obj);
	if (!ret)
		ret = open_pin_dir(&lock_fd);
	if (ret)
		goto out;

	if (!swap && access(PIN_LINK, F_OK) == 0) {
		ret = fail(MMOCTL_EBUSY, "a policy is already loaded; use 'mmoctl swap %s' to replace it", a->obj);
		goto out;
	}
	if (swap && access(PIN_LINK, F_OK)) {
		ret = fail(MMOCTL_ENOTLOADED, "nothing to swap: no policy is loaded; use 'mmoctl load'");
		goto out;
	}

	if (!swap) {
		struct bpf_link *link = bpf_map__attach_struct_ops(p.ops);

		if (!link) {
			ret = attach_error(-errno, "attach");
			goto out;
		}
		if (bpf_link__pin(link, PIN_LINK)) {
			ret = fail(MMOCTL_ERR, "pinning the link at %s: %s", PIN_LINK, strerror(errno));
			bpf_link__destroy(link);
			goto out;
		}
		bpf_link__disconnect(link);	/* the pin keeps it attached */
		bpf_link__destroy(link);
	} else {
		struct bpf_link *link = bpf_link__open(PIN_LINK);
		int err;

		if (!link) {
			ret = fail(MMOCTL_ENOTLOADED, "cannot open %s: %s", PIN_LINK, strerror(errno));
			goto out;
		}
		err = bpf_link__update_map(link, p.ops);
		bpf_link__disconnect(link);
		bpf_link__destroy(link);
		if (err) {
			ret = attach_error(err, "swap");
			goto out;
		}
	}
	ret = pin_tunable_maps(&p);
	if (!ret) {
		char name[64] = "?";

		read_sysfs("policy", name, sizeof(name));
		printf("%s: policy %s from %s\n", swap ? "swapped in" : "loaded", name, a->obj);
	}
out:
	if (lock_fd >= 0)
		close(lock_fd);
	bpf_object__close(p.obj);
	return ret;
}

static int cmd_unload(void)
{
	int lock_fd = -1, fd, ret;

	ret = check_privileged();
	if (!ret)
		ret = check_kernel();
	if (!ret)
		ret = open_pin_dir(&lock_fd);
	if (ret)
		return ret;
	fd = bpf_obj_get(PIN_LINK);
	if (fd < 0) {
		ret = errno == ENOENT ?
			fail(MMOCTL_ENOTLOADED, "nothing to unload: no policy is loaded") :
			fail(errno == EPERM || errno == EACCES ? MMOCTL_EPERM : MMOCTL_ERR,
			     "cannot open %s: %s", PIN_LINK, strerror(errno));
		goto out;
	}
	if (bpf_link_detach(fd)) {
		ret = fail(MMOCTL_ERR, "detaching the policy: %s", strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	unlink(PIN_LINK);
	unlink(PIN_DATA);
	unlink(PIN_RODATA);
	printf("unloaded: kernel defaults restored\n");
out:
	close(lock_fd);
	return ret;
}

/* Tunables of the loaded policy, from its pinned maps and their BTF. */
struct live_tunables {
	int data_fd;
	struct btf *btf;
	struct mmo_tunables tun;
	void *data;
	size_t data_size;
};

static int live_tunables_open(struct live_tunables *lt)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), zero = 0;
	void *rodata = NULL;
	size_t rodata_size = 0;
	int rofd, ret;

	memset(lt, 0, sizeof(*lt));
	lt->data_fd = bpf_obj_get(PIN_DATA);
	if (lt->data_fd < 0)
		return -errno;
	if (bpf_map_get_info_by_fd(lt->data_fd, &info, &len))
		return -errno;
	lt->btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!lt->btf)
		return -errno;
	lt->data_size = info.value_size;
	lt->data = calloc(1, lt->data_size);
	if (!lt->data || bpf_map_lookup_elem(lt->data_fd, &zero, lt->data))
		return -errno;

	rofd = bpf_obj_get(PIN_RODATA);
	if (rofd >= 0) {
		struct bpf_map_info ri = {};
		__u32 rlen = sizeof(ri);

		if (!bpf_map_get_info_by_fd(rofd, &ri, &rlen)) {
			rodata_size = ri.value_size;
			rodata = calloc(1, rodata_size);
			if (rodata && bpf_map_lookup_elem(rofd, &zero, rodata)) {
				free(rodata);
				rodata = NULL;
			}
		}
		close(rofd);
	}
	ret = mmo_tunables_from_btf(lt->btf, rodata, rodata_size, &lt->tun);
	free(rodata);
	return ret;
}

static void live_tunables_close(struct live_tunables *lt)
{
	mmo_tunables_free(&lt->tun);
	btf__free(lt->btf);
	free(lt->data);
	if (lt->data_fd > 0)
		close(lt->data_fd);
}

static int cmd_set(const struct mmoctl_args *a)
{
	struct live_tunables lt;
	int lock_fd = -1, i, ret;
	__u32 zero = 0;

	ret = check_privileged();
	if (!ret)
		ret = check_kernel();
	if (!ret)
		ret = open_pin_dir(&lock_fd);
	if (ret)
		return ret;
	if (access(PIN_LINK, F_OK)) {
		ret = fail(MMOCTL_ENOTLOADED, "no policy is loaded");
		goto out;
	}
	ret = live_tunables_open(&lt);
	if (ret) {
		ret = fail(MMOCTL_ETUNABLE, "the loaded policy has no tunables (%s)", strerror(-ret));
		live_tunables_close(&lt);
		goto out;
	}
	for (i = 0; i < a->nr_sets && !ret; i++) {
		char err[512];

		ret = mmo_tunables_assign(&lt.tun, lt.data, lt.data_size, a->sets[i],
					  err, sizeof(err));
		if (ret)
			fail(ret, "%s", err);
	}
	/* All assignments are checked first, then written in one update. */
	if (!ret && bpf_map_update_elem(lt.data_fd, &zero, lt.data, BPF_ANY))
		ret = fail(MMOCTL_ERR, "updating tunables: %s", strerror(errno));
	live_tunables_close(&lt);
out:
	close(lock_fd);
	return ret;
}

/*
 * An engine's state from its sysfs directory: no directory means this
 * kernel was built without it.
 */
static const char *engine_state(int e)
{
	char rel[64], buf[16];

	snprintf(rel, sizeof(rel), "engines/%s/available", engine_names[e]);
	if (read_sysfs(rel, buf, sizeof(buf)))
		return "not built";
	return strcmp(buf, "0") ? "available" : "unavailable";
}

static long long engine_inflight(int e)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "engines/%s/inflight", engine_names[e]);
	return read_sysfs_ll(rel);
}

static int cmd_status(const struct mmoctl_args *a)
{
	char policy[64] = "", state[32] = "", exit_reason[320] = "none";
	struct live_tunables lt;
	bool have_tun;
	int i, ret;

	ret = check_kernel();
	if (ret)
		return ret;
	read_sysfs("policy", policy, sizeof(policy));
	read_sysfs("state", state, sizeof(state));
	/* Why the last policy was ejected, if one was. */
	read_sysfs("exit_reason", exit_reason, sizeof(exit_reason));
	have_tun = access(PIN_DATA, F_OK) == 0 && live_tunables_open(&lt) == 0;

	if (a->json) {
		printf("{\"policy\": \"%s\", \"state\": \"%s\", \"swaps\": %lld, \"ejections\": %lld, \"exit_reason\": \"",
		       policy, state, read_sysfs_ll("swaps"), read_sysfs_ll("ejections"));
		print_json_escaped(exit_reason);
		printf("\", \"pinned\": %s, \"tunables\": {",
		       access(PIN_LINK, F_OK) == 0 ? "true" : "false");
		for (i = 0; have_tun && i < lt.tun.n; i++)
			printf("%s\"%s\": %" PRId64, i ? ", " : "", lt.tun.v[i].name,
			       mmo_tunable_read(&lt.tun.v[i], lt.data));
		printf("}, \"engines\": [");
		for (i = 0; i < MMO_NR_ENGINES; i++)
			printf("%s{\"name\": \"%s\", \"state\": \"%s\", \"inflight\": %lld}",
			       i ? ", " : "", engine_names[i], engine_state(i), engine_inflight(i));
		printf("]}\n");
	} else {
		printf("policy:   %s\nstate:    %s\nswaps:    %lld\n", policy, state,
		       read_sysfs_ll("swaps"));
		if (strcmp(exit_reason, "none"))
			printf("ejected:  %s\n", exit_reason);
		printf("link pin: %s\n", access(PIN_LINK, F_OK) == 0 ? PIN_LINK : "none");
		for (i = 0; have_tun && i < lt.tun.n; i++) {
			const struct mmo_tunable *t = &lt.tun.v[i];

			printf("tunable:  %s = %" PRId64, t->name, mmo_tunable_read(t, lt.data));
			if (t->has_range)
				printf("  [%" PRId64 ", %" PRId64 "]", t->lo, t->hi);
			printf("\n");
		}
		for (i = 0; i < MMO_NR_ENGINES; i++) {
			printf("engine:   %-8s %s", engine_names[i], engine_state(i));
			if (engine_inflight(i) >= 0)
				printf(", %lld in flight", engine_inflight(i));
			printf("\n");
		}
	}
	if (have_tun || access(PIN_DATA, F_OK) == 0)
		live_tunables_close(&lt);
	return MMOCTL_OK;
}

#define NR_ROWS (MMO_NR_ENGINES + 1)
static const char *const row_fields[] = { "batches", "folios", "pages", "moved_pages" };
#define NR_FIELDS 4

static const char *const engine_fields[] = {
	"available", "inflight", "batches", "items", "bytes", "busy_ns", "fallbacks", "errors",
};
#define NR_ENGINE_FIELDS 8

struct stats_snapshot {
	long long calls, invalid, ineligible, no_job;
	long long rows[NR_ROWS][NR_FIELDS];
	long long engines[MMO_NR_ENGINES][NR_ENGINE_FIELDS];	/* -1: absent */
};

static const char *row_name(int row)
{
	return row < MMO_NR_ENGINES ? engine_names[row] : "stock";
}

static void stats_read(struct stats_snapshot *s)
{
	char rel[128];
	int r, f;

	s->calls = read_sysfs_ll("migrate/calls");
	s->invalid = read_sysfs_ll("migrate/invalid");
	s->ineligible = read_sysfs_ll("migrate/ineligible");
	s->no_job = read_sysfs_ll("migrate/no_job");
	for (r = 0; r < MMO_NR_ENGINES; r++)
		for (f = 0; f < NR_ENGINE_FIELDS; f++) {
			snprintf(rel, sizeof(rel), "engines/%s/%s", engine_names[r], engine_fields[f]);
			s->engines[r][f] = read_sysfs_ll(rel);
		}
	for (r = 0; r < NR_ROWS; r++)
		for (f = 0; f < NR_FIELDS; f++) {
			snprintf(rel, sizeof(rel), "migrate/%s/%s", row_name(r), row_fields[f]);
			s->rows[r][f] = read_sysfs_ll(rel);
		}
}

static void stats_print(const struct stats_snapshot *s, bool json)
{
	char policy[64] = "", state[32] = "";
	int r, f;

	read_sysfs("policy", policy, sizeof(policy));
	read_sysfs("state", state, sizeof(state));
	if (json) {
		printf("{\"policy\": \"%s\", \"state\": \"%s\", \"migrate\": {\"calls\": %lld, \"invalid\": %lld, \"ineligible\": %lld, \"no_job\": %lld, \"engines\": {",
		       policy, state, s->calls, s->invalid, s->ineligible, s->no_job);
		for (r = 0; r < NR_ROWS; r++) {
			printf("%s\"%s\": {", r ? ", " : "", row_name(r));
			for (f = 0; f < NR_FIELDS; f++)
				printf("%s\"%s\": %lld", f ? ", " : "", row_fields[f], s->rows[r][f]);
			printf("}");
		}
		printf("}}, \"executor\": {");
		for (r = 0, f = 0; r < MMO_NR_ENGINES; r++) {
			if (s->engines[r][0] < 0)
				continue;
			printf("%s\"%s\": {", f++ ? ", " : "", engine_names[r]);
			for (int k = 0; k < NR_ENGINE_FIELDS; k++)
				printf("%s\"%s\": %lld", k ? ", " : "", engine_fields[k], s->engines[r][k]);
			printf("}");
		}
		printf("}}\n");
		return;
	}
	printf("policy %s (%s): %lld migration decisions, %lld invalid, %lld folios ineligible, %lld batches without a job\n",
	       policy, state, s->calls, s->invalid, s->ineligible, s->no_job);
	printf("decisions:\n");
	printf("%-8s %10s %10s %10s %12s\n", "engine", "batches", "folios", "pages", "moved_pages");
	for (r = 0; r < NR_ROWS; r++) {
		printf("%-8s", row_name(r));
		for (f = 0; f < NR_FIELDS; f++)
			printf(" %*lld", f == 3 ? 12 : 10, s->rows[r][f]);
		printf("\n");
	}
	printf("executor engines:\n%-8s %5s %8s %8s %10s %12s %14s %9s %7s\n", "engine",
	       "avail", "inflight", "batches", "items", "bytes", "busy_ns", "fallbacks", "errors");
	for (r = 0; r < MMO_NR_ENGINES; r++) {
		static const int width[NR_ENGINE_FIELDS] = { 5, 8, 8, 10, 12, 14, 9, 7 };

		if (s->engines[r][0] < 0)
			continue;
		printf("%-8s", engine_names[r]);
		for (f = 0; f < NR_ENGINE_FIELDS; f++)
			printf(" %*lld", width[f], s->engines[r][f]);
		printf("\n");
	}
}

static int cmd_stats(const struct mmoctl_args *a)
{
	struct stats_snapshot s;
	int ret = check_kernel(), n = 0;

	if (ret)
		return ret;
	for (;;) {
		stats_read(&s);
		if (a->watch_secs && !a->json)
			printf("--- %ld\n", (long)time(NULL));
		stats_print(&s, a->json);
		fflush(stdout);
		if (!a->watch_secs || (a->count && ++n >= a->count))
			break;
		sleep(a->watch_secs);
	}
	return MMOCTL_OK;
}

int main(int argc, char **argv)
{
	struct mmoctl_args a;
	char err[256];
	int ret;

	ret = mmoctl_parse_args(argc, argv, &a, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmoctl: %s\n\n%s", err, mmoctl_usage());
		return ret;
	}
	libbpf_set_print(capture_libbpf);

	switch (a.cmd) {
	case CMD_LOAD:
	case CMD_SWAP:
		return cmd_load_or_swap(&a);
	case CMD_UNLOAD:
		return cmd_unload();
	case CMD_SET:
		return cmd_set(&a);
	case CMD_STATUS:
		return cmd_status(&a);
	case CMD_STATS:
		return cmd_stats(&a);
	case CMD_DSA:
		return mmoctl_dsa(&a);
	case CMD_HELP:
		fputs(mmoctl_usage(), stdout);
		return MMOCTL_OK;
	default:
		return MMOCTL_EUSAGE;
	}
}
