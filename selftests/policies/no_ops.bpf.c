// SPDX-License-Identifier: GPL-2.0
/* Not a policy: a BPF object with no struct mm_offload_ops map. */
#include "mmo_policy.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tp/sched/sched_switch")
int no_ops_prog(void *ctx)
{
	return 0;
}
