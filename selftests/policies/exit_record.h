/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For test policies: an exit callback that keeps what the kernel told it
 * in .data, where "mmoctl status --json" shows it (the policy's maps stay
 * while its link is pinned, ejected or not).
 */
#ifndef EXIT_RECORD_H
#define EXIT_RECORD_H

__u64 exit_calls SEC(".data");
__s64 exit_kind SEC(".data") = -1;
__s64 exit_reason SEC(".data") = -1;
__u64 exit_invalid SEC(".data");
__u64 exit_failures SEC(".data");

SEC("struct_ops/exit")
void BPF_PROG(record_exit, struct mmo_exit_info *info)
{
	exit_calls++;
	exit_kind = info->kind;
	exit_reason = info->reason;
	exit_invalid = info->invalid;
	exit_failures = info->failures;
}

#endif /* EXIT_RECORD_H */
