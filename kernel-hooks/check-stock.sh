#!/bin/bash
# With CONFIG_MM_OFFLOAD off the patch must leave the kernel stock 6.12. For
# every C file the series patches, compile the pristine file and the patched
# one in the stock tree (make test's third tree, the option off) and compare
# the code: the disassembly of every executable section, without addresses
# of relocations. Prints one PASS/FAIL line per file; exits non-zero if any
# object differs. The tree is left with the patched files, built.
#
# usage: check-stock.sh <stock-tree> <state-dir>
set -uo pipefail
ksrc=$(cd "$1" && pwd) state=$(cd "$2" && pwd)
hooks=$(cd "$(dirname "$0")" && pwd)
if grep -q '^CONFIG_MM_OFFLOAD=y' "$ksrc/.config"; then
	echo "check-stock: $ksrc has CONFIG_MM_OFFLOAD on" >&2
	exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kmake() {
	CCACHE_NOHASHDIR=1 CCACHE_BASEDIR="$ksrc" make -s -C "$ksrc" CC="ccache gcc" "$@"
}
# code <object>: its code, one instruction per line, no addresses.
code() {
	# A clone GCC made for constant arguments is the same code under another name.
	objdump -d --no-show-raw-insn "$1" |
		sed -n 's/^ *[0-9a-f]*:\t//p; /^[0-9a-f]* <.*>:$/s/^[0-9a-f]* //p' |
		sed -E 's/\.(constprop|isra|part)\.[0-9]+//g'
}
files=$(sed -n 's|^+++ b/\([^[:space:]]*\.c\)[[:space:]]*.*|\1|p' "$hooks"/patches/*.patch | sort -u)
rc=0
for f in $files; do
	obj=${f%.c}.o name=$(echo "$f" | tr / _)
	cp -p "$ksrc/$f" "$work/$name.patched"
	cp "$state/pristine/$f" "$ksrc/$f"
	kmake "$obj" && code "$ksrc/$obj" >"$work/$name.stock"
	cp -p "$work/$name.patched" "$ksrc/$f"
	touch "$ksrc/$f"
	kmake "$obj" && code "$ksrc/$obj" >"$work/$name.new"
	if [ -s "$work/$name.stock" ] && cmp -s "$work/$name.stock" "$work/$name.new"; then
		echo "PASS stock/$obj-identical ($(wc -l <"$work/$name.new") instructions)"
	else
		echo "FAIL stock/$obj-identical: its code differs from stock 6.12's with CONFIG_MM_OFFLOAD off"
		diff "$work/$name.stock" "$work/$name.new" | head -20 | sed 's/^/    /'
		rc=1
	fi
done
exit $rc
