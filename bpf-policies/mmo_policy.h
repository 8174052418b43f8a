/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by every mm-offload policy: kernel types (vmlinux.h), libbpf's
 * helpers, the UAPI values, and the tunable convention mmoctl understands.
 */
#ifndef MMO_POLICY_H
#define MMO_POLICY_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <uapi/linux/mm_offload.h>

/*
 * A tunable is a global in .data, so "mmoctl load --set name=value" can set
 * it before load and "mmoctl set" can change it live. Its bounds live in
 * .rodata as __mmo_range_<name>; mmoctl refuses values outside them.
 */
#define MMO_TUNABLE(type, name, def, lo, hi)				\
	type name SEC(".data") = (def);					\
	const volatile __s64 __mmo_range_##name[2] = { (lo), (hi) }

#endif /* MMO_POLICY_H */
