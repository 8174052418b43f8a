#!/bin/bash
# Apply kernel-hooks/ to a kernel tree extracted from linux-source-6.12,
# idempotently and without touching files whose content does not change (so
# a re-apply after editing kernel-hooks/ rebuilds only what changed).
#
#   files/**              new files, copied to the same path in the tree
#   ../include/uapi/**    the project's UAPI headers, copied likewise
#   patches/series        small diffs to existing files, applied in order
#
# Before a tree file is first patched its pristine copy is saved under
# <state>/pristine/, and every apply starts from those copies. Files that the
# series no longer touches are restored; new files no longer shipped are
# removed.
#
# usage: apply.sh <kernel-tree> <state-dir>
set -euo pipefail
hooks=$(cd "$(dirname "$0")" && pwd)
proj=$(dirname "$hooks")
ksrc=$(cd "$1" && pwd)
state=$2
mkdir -p "$state/pristine"
state=$(cd "$state" && pwd)

# install_if_changed <src> <dst>: copy only when the content differs.
install_if_changed() {
	if ! cmp -s "$1" "$2"; then
		mkdir -p "$(dirname "$2")"
		cp "$1" "$2"
		echo "  HOOK    ${2#"$ksrc"/}"
	fi
}

# 1. New files.
new_list=$(mktemp)
trap 'rm -f "$new_list"' EXIT
(cd "$hooks/files" && find . -type f | sed 's|^\./||') | while read -r f; do
	install_if_changed "$hooks/files/$f" "$ksrc/$f"
	echo "$f" >>"$new_list"
done
(cd "$proj/include" && find uapi -type f) | while read -r f; do
	install_if_changed "$proj/include/$f" "$ksrc/include/$f"
	echo "include/$f" >>"$new_list"
done
if [ -f "$state/new-files" ]; then
	sort -u "$new_list" | comm -13 - <(sort -u "$state/new-files") | while read -r f; do
		rm -f "$ksrc/$f" && echo "  UNHOOK  $f"
	done
fi
sort -u "$new_list" >"$state/new-files"

# 2. The patch series, applied to a staging copy of the pristine files.
stage=$(mktemp -d)
trap 'rm -f "$new_list"; rm -rf "$stage"' EXIT
touched=()
while read -r p; do
	case "$p" in ''|'#'*) continue ;; esac
	for f in $(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$hooks/patches/$p"); do
		if [ ! -f "$state/pristine/$f" ]; then
			[ -f "$ksrc/$f" ] || { echo "apply: $p patches $f, which the tree lacks" >&2; exit 1; }
			mkdir -p "$(dirname "$state/pristine/$f")"
			cp -p "$ksrc/$f" "$state/pristine/$f"
		fi
		if [ ! -f "$stage/$f" ]; then
			mkdir -p "$(dirname "$stage/$f")"
			cp "$state/pristine/$f" "$stage/$f"
			touched+=("$f")
		fi
	done
	if ! out=$(patch -p1 -d "$stage" --no-backup-if-mismatch -f -s <"$hooks/patches/$p" 2>&1); then
		echo "apply: patches/$p does not apply to pristine 6.12:" >&2
		echo "$out" >&2
		exit 1
	fi
done <"$hooks/patches/series"

for f in "${touched[@]}"; do
	install_if_changed "$stage/$f" "$ksrc/$f"
done
# Restore files an earlier series patched and this one does not.
(cd "$state/pristine" && find . -type f | sed 's|^\./||') | while read -r f; do
	[ -f "$stage/$f" ] || install_if_changed "$state/pristine/$f" "$ksrc/$f"
done
