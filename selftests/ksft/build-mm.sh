#!/bin/bash
# Build a subset of the kernel's mm selftests (tools/testing/selftests/mm) with
# gcc directly, the way that directory's Makefile + ../lib.mk would:
#
#   CFLAGS = -Wall -O2 -I <tree> <KHDR_INCLUDES> <TOOLS_INCLUDES>
#            -U_FORTIFY_SOURCE -D_GNU_SOURCE=
#   every TEST_GEN_FILES binary links  <name>.c vm_util.c thp_settings.c
#   uffd-unit-tests also links         uffd-common.c
#   LDLIBS = -lrt -lpthread -lm, plus -lnuma for ksm_tests and migration
#
# KHDR_INCLUDES is our installed UAPI (-isystem <uapi-dir>/include) instead of
# <tree>/usr/include. Built without liburing (cow and gup_longterm then skip
# their io_uring cases at compile time; the test kernel has no CONFIG_IO_URING
# anyway). The local_config.h that check_config.sh would write into the
# source dir is generated in a temp dir instead, so the kernel tree is left
# untouched. Everything is linked -static (libnuma.a comes with libnuma-dev).
#
# usage: build-mm.sh <kernel-tree> <uapi-dir> <out-dir>
# needs: gcc, libc6-dev, libnuma-dev (migration, ksm_tests)
#
# Run-time needs of each program in the VM are in ./README.
set -euo pipefail

[ $# -eq 3 ] || { echo "usage: $0 <kernel-tree> <uapi-dir> <out-dir>" >&2; exit 2; }
tree=$(cd "$1" && pwd)
uapi=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)
mmdir=$tree/tools/testing/selftests/mm
CC=${CC:-gcc}

[ -f "$mmdir/vm_util.c" ] || { echo "build-mm: no mm selftests in $mmdir" >&2; exit 1; }
[ -f "$uapi/include/linux/userfaultfd.h" ] ||
	{ echo "build-mm: no UAPI headers in $uapi/include" >&2; exit 1; }

cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
# check_config.sh's "no liburing" result.
echo "// No liburing support found" >"$cfg/local_config.h"

CFLAGS=(-Wall -O2 -I "$tree" -isystem "$uapi/include"
	-isystem "$tree/tools/include/uapi" -I "$cfg"
	-U_FORTIFY_SOURCE -D_GNU_SOURCE=)
LDFLAGS=(-static)
LDLIBS=(-lrt -lpthread -lm)

progs=(migration compaction_test ksm_tests ksm_functional_tests cow
	transhuge-stress split_huge_page_test khugepaged hugepage-mremap
	hugetlb-madvise mlock2-tests gup_longterm uffd-unit-tests)

cd "$mmdir"
failed=()
for p in "${progs[@]}"; do
	srcs=("$p.c" vm_util.c thp_settings.c)
	libs=() extra=()
	# 6.12.y's khugepaged.c returns KSFT_SKIP without including
	# kselftest.h (a stable backport; it fails to build with the kernel's
	# own Makefile too): force-include it for any such source.
	if grep -q 'KSFT_' "$p.c" && ! grep -q 'kselftest\.h' "$p.c"; then
		extra=(-include ../kselftest.h)
	fi
	case $p in
	uffd-unit-tests) srcs+=(uffd-common.c) ;;
	migration|ksm_tests) libs=(-lnuma) ;;
	esac
	log=$cfg/$p.log
	if "$CC" "${CFLAGS[@]}" ${extra[@]+"${extra[@]}"} "${LDFLAGS[@]}" "${srcs[@]}" ${libs[@]+"${libs[@]}"} \
			"${LDLIBS[@]}" -o "$out/$p.tmp" >"$log" 2>&1; then
		mv "$out/$p.tmp" "$out/$p"
		echo "  CC      $p"
	else
		rm -f "$out/$p.tmp"
		echo "build-mm: FAILED to build $p:" >&2
		cat "$log" >&2
		failed+=("$p")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "build-mm: ${#failed[@]} program(s) failed: ${failed[*]}" >&2
	exit 1
fi
