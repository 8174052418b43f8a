// SPDX-License-Identifier: GPL-2.0
/*
 * paraksm: ksm's batched scan (Para-ksmC) with offloaded checksums and
 * compares, as in the paper: candidate batches of 256 pages, CRC and
 * COMPARE on dsa, or on dsa-sim where there is no DSA, else the batched
 * scan on the CPU (stock's xxhash and memcmp, in batches).
 *
 * Tunables: batch (1..1024; 1 is stock's serial scan), and offload (0 keeps
 * both operations on the CPU even when an engine is there).
 */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

MMO_TUNABLE(__u32, batch, 256, MMO_KSM_BATCH_MIN, MMO_KSM_BATCH_MAX);
MMO_TUNABLE(__u32, offload, 1, 0, 1);

static __always_inline __u32 paraksm_engine(const struct mmo_ksm_ctx *round)
{
	if (!offload)
		return MMO_ENGINE_CPU;
	if (round->engines_available & (1U << MMO_ENGINE_DSA))
		return MMO_ENGINE_DSA;
	if (round->engines_available & (1U << MMO_ENGINE_DSA_SIM))
		return MMO_ENGINE_DSA_SIM;
	return MMO_ENGINE_CPU;
}

SEC("struct_ops/ksm_scan")
int BPF_PROG(paraksm_ksm_scan, struct mmo_ksm_ctx *round)
{
	__u32 engine = paraksm_engine(round);

	round->batch = batch;
	round->csum_engine = engine;
	round->cmp_engine = engine;
	return MMO_DECIDED;
}

SEC(".struct_ops.link")
struct mm_offload_ops paraksm = {
	.ksm_scan	= (void *)paraksm_ksm_scan,
	.name		= "paraksm",
};
