/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mm-offload: values shared by the kernel, BPF policies and mmoctl.
 *
 * The kernel's copy of this file is installed from the mm-offload project's
 * include/ directory, which is its only source. Values are macros rather
 * than enums so that BPF programs can include this file next to vmlinux.h
 * without redefinitions.
 */
#ifndef _UAPI_LINUX_MM_OFFLOAD_H
#define _UAPI_LINUX_MM_OFFLOAD_H

/* Copy engines a policy can choose for a migration batch. */
#define MMO_ENGINE_CPU		0	/* kernel copy primitives, one thread */
#define MMO_ENGINE_CPU_MT	1	/* kernel copy primitives on kworkers */
#define MMO_ENGINE_DSA		2	/* Intel DSA through idxd */
#define MMO_ENGINE_DSA_SIM	3	/* simulated DSA device, for tests */
#define MMO_NR_ENGINES		4

/* Engine names as in sysfs and mmoctl, indexed by MMO_ENGINE_*. */
#define MMO_ENGINE_NAMES	{ "cpu", "cpu-mt", "dsa", "dsa-sim" }

/* Policy state, /sys/kernel/mm/mm_offload/state. */
#define MMO_STATE_NONE		0
#define MMO_STATE_ATTACHED	1
#define MMO_STATE_EJECTED	2

#define MMO_STATE_NAMES		{ "none", "attached", "ejected" }

/*
 * Return values of mm_offload_ops.migrate_batch. Any other value is an
 * invalid decision: the batch goes to the stock path and is counted.
 */
#define MMO_DECIDED		0	/* use ctx->engine, ctx->chunk_pages */
#define MMO_STOCK		(-1)	/* leave the batch to the stock path */

/* Largest chunk a migration decision may ask for: one whole batch. */
#define MMO_CHUNK_PAGES_MAX	512

/*
 * What debugfs mm_offload/fail_copied_move writes into the first word of a
 * migrating folio after the executor copied it ("MMOWROTE").
 */
#define MMO_FAULT_WRITE_MARK	0x45544f52574f4d4dULL

#define MMO_POLICY_NAME_LEN	32

/*
 * Return values of mm_offload_ops.promote_folio. Any other value is
 * invalid: the folio is promoted as the stock kernel would, and counted.
 */
#define MMO_PROMOTE_ALLOW	0
#define MMO_PROMOTE_VETO	1

/* mmo_promote_folio_ctx.demoted: when the folio was last demoted. */
#define MMO_DEMOTED_NO		0	/* not within the last two periods */
#define MMO_DEMOTED_RECENT	1	/* in the current tuning period */
#define MMO_DEMOTED_PREV	2	/* in the period before */

/* A rate limit or target of this value means "none set": the sysctl's. */
#define MMO_PROMOTE_UNLIMITED	(~0ULL)

/* mmo_compact_ctx.trigger: what started a compaction run. */
#define MMO_COMPACT_KCOMPACTD	0	/* kcompactd, woken for an order */
#define MMO_COMPACT_PROACTIVE	1	/* kcompactd, fragmentation score */
#define MMO_COMPACT_DIRECT	2	/* an allocation's direct compaction */
#define MMO_COMPACT_SYSCTL	3	/* vm.compact_memory, a node's compact */
#define MMO_COMPACT_NR_TRIGGERS	4

#define MMO_COMPACT_TRIGGER_NAMES \
	{ "kcompactd", "proactive", "direct", "sysctl" }

/* The range compact_batch's batch_pages is clamped to. */
#define MMO_COMPACT_BATCH_MIN	1
#define MMO_COMPACT_BATCH_MAX	512

/* The range ksm_scan's batch is clamped to; 1 is stock ksm's serial scan. */
#define MMO_KSM_BATCH_MIN	1
#define MMO_KSM_BATCH_MAX	1024

/* Why a policy stopped being the active one; its exit callback gets it. */
#define MMO_EXIT_UNLOAD		0	/* its link was detached */
#define MMO_EXIT_SWAPPED	1	/* another policy replaced it */
#define MMO_EXIT_EJECTED	2	/* the kernel ejected it: see the reason */

/* Why a policy was ejected (mmo_exit_info.reason, sysfs exit_reason). */
#define MMO_EJECT_NONE		0
#define MMO_EJECT_INVALID	1	/* too many invalid decisions in a window */
#define MMO_EJECT_ENGINE	2	/* it chose an engine that is not available */
#define MMO_EJECT_FAILURES	3	/* its engines failed too many items */
#define MMO_EJECT_SELF		4	/* it called bpf_mmo_eject() */

#define MMO_EJECT_NAMES	{ "none", "invalid decisions", "engine unavailable", \
			  "engine failures", "policy's own request" }

#define MMO_EXIT_MSG_LEN	128

#endif /* _UAPI_LINUX_MM_OFFLOAD_H */
