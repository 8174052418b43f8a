#!/bin/bash
# Regenerate one patch of the series from the working kernel tree, after
# editing the files it touches there (build/linux). The patch's description
# (the mail header and message, everything before the first "diff --git")
# is kept. Blank context lines are written empty (--suppress-blank-empty),
# which patch and git apply read as blank lines, so no line of a patch ends
# in a space. Only valid for a patch whose files no later patch in the series
# also touches.
#
# usage: refresh.sh <kernel-tree> <state-dir> <patch-name> [file...]
#   file...: the files the patch covers (default: those it already touches)
set -euo pipefail
hooks=$(cd "$(dirname "$0")" && pwd)
ksrc=$1 state=$2 name=$3; shift 3
patch="$hooks/patches/$name"
files=("$@")
[ ${#files[@]} -gt 0 ] || mapfile -t files < <(sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$patch")
tmp=$(mktemp)
[ -f "$patch" ] && sed '/^diff --git /,$d' "$patch" >"$tmp"
for f in "${files[@]}"; do
	if [ ! -f "$state/pristine/$f" ]; then
		mkdir -p "$(dirname "$state/pristine/$f")"
		cp -p "$ksrc/$f" "$state/pristine/$f"
		echo "refresh: $f had no pristine copy; took the tree's (edit after this)" >&2
	fi
	echo "diff --git a/$f b/$f" >>"$tmp"
	diff -up --suppress-blank-empty --label "a/$f" --label "b/$f" "$state/pristine/$f" "$ksrc/$f" >>"$tmp" || true
done
mv "$tmp" "$patch"
grep -qx "$name" "$hooks/patches/series" || echo "$name" >>"$hooks/patches/series"
