#!/bin/bash
# Build the kernel .config: tinyconfig + every fragment in kernel-hooks/config/
# (sorted), then olddefconfig. Each CONFIG_x=y/m/value line of the fragments
# is then checked against the result, so a symbol whose dependencies are not
# met fails here instead of silently missing in the VM.
# The .config is replaced only when its content changes, so an unchanged
# configuration does not trigger a rebuild.
#
# usage: mkconfig.sh [--without <fragment-name>]... <kernel-tree> <fragment-dir>...
set -euo pipefail
without=()
while [ "${1:-}" = --without ]; do without+=("$2"); shift 2; done
ksrc=$1; shift
frags=()
for d in "$@"; do
	for f in "$d"/*.config; do
		case " ${without[*]} " in *" $(basename "$f") "*) continue ;; esac
		frags+=("$(realpath "$f")")
	done
done

cd "$ksrc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -f .config ] && cp -p .config "$work/old.config"

make -s tinyconfig >/dev/null
scripts/kconfig/merge_config.sh -m -O . .config "${frags[@]}" >"$work/merge.log" 2>&1 || {
	cat "$work/merge.log"; exit 1; }
make -s olddefconfig >/dev/null

bad=0
for f in "${frags[@]}"; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			sym=${line%%=*}
			if ! grep -qxF "$line" .config; then
				have=$(grep -E "^$sym=|^# $sym is not set" .config || echo "$sym absent")
				echo "mkconfig: $(basename "$f"): wanted '$line', got '$have'" >&2
				bad=1
			fi ;;
		esac
	done <"$f"
done
[ $bad = 0 ] || { echo "mkconfig: unmet config requests (see above)" >&2; exit 1; }

if [ -f "$work/old.config" ] && cmp -s .config "$work/old.config"; then
	cp -p "$work/old.config" .config   # keep the old timestamp
fi
