#!/bin/bash
# Write the whole kernel change as a git format-patch series, to apply with
# "git am" to one's own 6.12 tree:
#   0001  the new files (mm/offload/, headers, tracepoints, UAPI)
#   0002+ one commit per patch of kernel-hooks/patches/series
#
# usage: format-patch.sh <kernel-tree> <state-dir> <out-dir>
set -euo pipefail
hooks=$(cd "$(dirname "$0")" && pwd)
proj=$(dirname "$hooks")
ksrc=$(cd "$1" && pwd) state=$2 out=$3

"$hooks/apply.sh" "$ksrc" "$state" >/dev/null
state=$(cd "$state" && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
git_() { git -C "$repo" -c user.name="mm-offload developers" -c user.email="mm-offload@localhost" "$@"; }

# Base: the pristine copies of the files the series patches.
git_ init -q
cp -a "$state/pristine/." "$repo/"
git_ add -A && git_ commit -q -m "base: pristine linux-source-6.12 files"

# 1: the new files.
while read -r f; do
	mkdir -p "$repo/$(dirname "$f")"
	cp "$ksrc/$f" "$repo/$f"
done <"$state/new-files"
git_ add -A
git_ commit -s -q -F - <<'MSG'
mm: add mm_offload, BPF struct_ops policies for memory movement

Add struct mm_offload_ops, a BPF struct_ops type through which a policy
decides how the kernel moves memory. This first part covers page
migration: for every migrate_pages_batch() batch, the policy chooses the
copy engine and the chunk size. The kernel checks each decision, counts
it per engine in /sys/kernel/mm/mm_offload/, and traces it
(mm_offload:mmo_migrate_decide, mm_offload:mmo_migrate_moved).

One policy is active at a time. It attaches only through a BPF link, and
a link update swaps it atomically. Hooks reach it through one RCU
pointer behind a static key, so with no policy attached each hook is a
patched-out branch.

The files are not built until the next patch hooks them into mm/.
MSG

# 2+: the series; each patch is a mail with its own author and message.
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	git_ am -q "$hooks/patches/$p"
done <"$hooks/patches/series"

rm -rf "$out"
mkdir -p "$out"
git_ format-patch -q -o "$out" HEAD~$(( $(git_ rev-list --count HEAD) - 1 ))
ls "$out"
