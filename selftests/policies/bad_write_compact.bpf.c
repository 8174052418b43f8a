// SPDX-License-Identifier: GPL-2.0
/* Must be rejected by the verifier: it writes a read-only compaction field. */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/compact_batch")
int BPF_PROG(bad_write_compact_batch, struct mmo_compact_ctx *run)
{
	run->order = 0;
	run->batch_pages = 64;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops bad_write_compact = {
	.compact_batch	= (void *)bad_write_compact_batch,
	.name		= "bad_write_compact",
};
