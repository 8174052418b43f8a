// SPDX-License-Identifier: GPL-2.0
/*
 * mmoctl: policy tunables.
 *
 * A tunable is a variable of a policy's .data section (see MMO_TUNABLE in
 * bpf-policies/mmo_policy.h). Its name, offset and integer type come from
 * the object's BTF, and its bounds from the __mmo_range_<name> pair in
 * .rodata. The same code serves an object file before load and a loaded
 * policy's pinned maps, whose BTF the kernel keeps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "mmoctl.h"

#define RANGE_PREFIX "__mmo_range_"

static const struct btf_type *skip_mods(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	return t;
}

static int find_datasec(const struct btf *btf, const char *name)
{
	int id = btf__find_by_name_kind(btf, name, BTF_KIND_DATASEC);

	return id < 0 ? -1 : id;
}

/* The [lo, hi] pair stored for @name in .rodata, if any. */
static bool read_range(const struct btf *btf, int rodata_sec,
		       const void *rodata, size_t rodata_size,
		       const char *name, int64_t *lo, int64_t *hi)
{
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	char want[128];
	int i;

	if (rodata_sec < 0 || !rodata)
		return false;
	snprintf(want, sizeof(want), RANGE_PREFIX "%s", name);
	sec = btf__type_by_id(btf, rodata_sec);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		int64_t pair[2];

		if (strcmp(btf__name_by_offset(btf, var->name_off), want))
			continue;
		if (vs->size != sizeof(pair) || vs->offset + sizeof(pair) > rodata_size)
			return false;
		memcpy(pair, (const char *)rodata + vs->offset, sizeof(pair));
		*lo = pair[0];
		*hi = pair[1];
		return true;
	}
	return false;
}

int mmo_tunables_from_btf(const struct btf *btf, const void *rodata,
			  size_t rodata_size, struct mmo_tunables *out)
{
	int data_sec = find_datasec(btf, ".data");
	int rodata_sec = find_datasec(btf, ".rodata");
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec;
	int i;

	memset(out, 0, sizeof(*out));
	if (data_sec < 0)
		return 0;	/* a policy without tunables */
	sec = btf__type_by_id(btf, data_sec);
	out->v = calloc(btf_vlen(sec) ? btf_vlen(sec) : 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;

	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);
		const struct btf_type *t = skip_mods(btf, var->type);
		struct mmo_tunable *tu = &out->v[out->n];
		const char *name = btf__name_by_offset(btf, var->name_off);

		if (!t || strlen(name) >= sizeof(tu->name))
			continue;
		if (btf_is_int(t)) {
			tu->is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
		} else if (btf_is_enum(t)) {
			tu->is_signed = btf_kflag(t);
		} else {
			continue;	/* only integer tunables */
		}
		strcpy(tu->name, name);
		tu->off = vs->offset;
		tu->size = vs->size;
		tu->has_range = read_range(btf, rodata_sec, rodata, rodata_size,
					   name, &tu->lo, &tu->hi);
		out->n++;
	}
	return 0;
}

void mmo_tunables_free(struct mmo_tunables *t)
{
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

int mmo_tunables_assign(const struct mmo_tunables *t, void *data,
			size_t data_size, const char *assignment,
			char *err, size_t errlen)
{
	const struct mmo_tunable *tu = NULL;
	char name[64], why[160];
	const char *value;
	uint64_t v;
	int i, ret;

	if (mmoctl_split_assignment(assignment, name, sizeof(name), &value)) {
		snprintf(err, errlen, "'%s' is not name=value", assignment);
		return MMOCTL_EUSAGE;
	}
	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			tu = &t->v[i];
	if (!tu) {
		int len = snprintf(err, errlen, "unknown tunable '%s'; this policy has:", name);

		for (i = 0; i < t->n && len > 0 && (size_t)len < errlen; i++)
			len += snprintf(err + len, errlen - len, " %s", t->v[i].name);
		if (!t->n && len > 0 && (size_t)len < errlen)
			snprintf(err + len, errlen - len, " none");
		return MMOCTL_ETUNABLE;
	}
	ret = mmoctl_parse_value(value, tu->is_signed, tu->size, tu->has_range,
				 tu->lo, tu->hi, &v, why, sizeof(why));
	if (ret) {
		snprintf(err, errlen, "tunable %s: %s", name, why);
		return ret;
	}
	if (tu->off + tu->size > data_size) {
		snprintf(err, errlen, "tunable %s lies outside the .data map", name);
		return MMOCTL_EOBJ;
	}
	/* Little-endian: the low bytes of v are the value. */
	memcpy((char *)data + tu->off, &v, tu->size);
	return MMOCTL_OK;
}

int64_t mmo_tunable_read(const struct mmo_tunable *t, const void *data)
{
	uint64_t raw = 0;
	unsigned int bits = t->size * 8;

	memcpy(&raw, (const char *)data + t->off, t->size);
	if (t->is_signed && bits < 64 && (raw & (1ULL << (bits - 1))))
		raw |= ~0ULL << bits;	/* sign-extend */
	return (int64_t)raw;
}
