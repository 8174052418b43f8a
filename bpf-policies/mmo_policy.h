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

/*
 * @engine when this machine has it, else cpu-mt, which every kernel with
 * mm_offload has: choosing an unavailable engine is an invalid decision.
 */
static __always_inline __u32 mmo_engine_or_cpu_mt(const struct mmo_migrate_ctx *batch,
						  __u32 engine)
{
	return engine < 32 && (batch->engines_available & (1U << engine)) ?
	       engine : MMO_ENGINE_CPU_MT;
}

/*
 * Eject the calling policy (the sched_ext analogue is scx_bpf_error()): it
 * is detached shortly after and the kernel's defaults return; @msg, a
 * constant string, is kept in /sys/kernel/mm/mm_offload/exit_reason.
 */
extern void bpf_mmo_eject(const char *msg) __ksym;

#endif /* MMO_POLICY_H */
