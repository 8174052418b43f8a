#!/bin/bash
# make test: host tests, then the VM selftests in the patched kernel. Prints
# every test as PASS/FAIL and ends with one line "N passed, N failed"; exits
# non-zero if anything failed.
#
# With --debug (make test-debug: a kernel with KASAN, KFENCE, lockdep,
# DEBUG_VM and DEBUG_ATOMIC_SLEEP) the VM also fails on any report those
# checkers print (run-selftests.sh, "debug-kernel-reports").
#
# With --stock-tree (make test) it then checks that the patch leaves stock
# code with CONFIG_MM_OFFLOAD off (kernel-hooks/check-stock.sh) and boots that
# tree's kernel for the migration-correctness tests ("stock-kernel/<test>").
#
# usage: run-tests.sh --build DIR [--host-only | --kernel K --initramfs I
#                     [--debug] [--stock-tree T --stock-state S]]
set -u
here=$(cd "$(dirname "$0")" && pwd)
build= kernel= initramfs= host_only=0 debug= stock_tree= stock_state=
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift ;;
	--kernel) kernel=$2; shift ;;
	--initramfs) initramfs=$2; shift ;;
	--host-only) host_only=1 ;;
	--debug) debug=-debug ;;
	--stock-tree) stock_tree=$2; shift ;;
	--stock-state) stock_state=$2; shift ;;
	*) echo "run-tests: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
log=$build/test-results$debug.log
: >"$log"
start=$(date +%s)

echo "=== host tests"
"$build/host-tests/test_loader" "$build" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -le 1 ] || echo "FAIL host/test_loader_crashed" | tee -a "$log"
"$here/host/test_mmoctl_cli.sh" "$build" 2>&1 | tee -a "$log"
# The fuzz run, under ASan and UBSan: a sanitizer report ends it non-zero.
"$build/host-tests/fuzz_mmoctl" "$build" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" = 0 ] || echo "FAIL host/fuzz_mmoctl_crashed" | tee -a "$log"

if [ "$host_only" = 0 ]; then
	echo "=== VM selftests (QEMU TCG, patched kernel)"
	vm_start=$(date +%s)
	# mmo_debug: the VM keeps and checks every kernel message (run-selftests.sh).
	[ -n "$debug" ] && export MMO_VM_APPEND="${MMO_VM_APPEND:-} mmo_debug"
	"$here/vm/run-vm.sh" --kernel "$kernel" --initramfs "$initramfs" \
		--log "$build/vm-test-console$debug.log" \
		--cmd "MMO_STORM_SWAPS=${MMO_STORM_SWAPS:-1000} /selftests/run-selftests.sh ${MMO_TESTS:-}" 2>&1 | tee -a "$log"
	vm_rc=${PIPESTATUS[0]}
	echo "VM run: $(( $(date +%s) - vm_start ))s wall, exit $vm_rc"
	if [ "$vm_rc" = 125 ] || ! grep -q '^[0-9]* passed, [0-9]* failed' "$log"; then
		echo "FAIL vm/run_completed" | tee -a "$log"
	fi

	if [ -n "$stock_tree" ]; then
		echo "=== stock: CONFIG_MM_OFFLOAD off, the same tree"
		"$here/../kernel-hooks/check-stock.sh" "$stock_tree" "$stock_state" 2>&1 | tee -a "$log"
		[ "${PIPESTATUS[0]}" -le 1 ] || echo "FAIL stock/check-stock_crashed" | tee -a "$log"
		vm_start=$(date +%s)
		"$here/vm/run-vm.sh" --kernel "$stock_tree/arch/x86/boot/bzImage" --initramfs "$initramfs" \
			--log "$build/vm-test-console-stock.log" \
			--cmd "MMO_TEST_PREFIX=stock-kernel/ /selftests/run-selftests.sh ${MMO_STOCK_TESTS:-14-hugetlb 16-racing-writers}" 2>&1 |
			grep -v '^[0-9]* passed, [0-9]* failed' | tee -a "$log"
		vm_rc=${PIPESTATUS[0]}
		echo "stock VM run: $(( $(date +%s) - vm_start ))s wall, exit $vm_rc"
		[ "$vm_rc" != 125 ] || echo "FAIL stock-kernel/run_completed" | tee -a "$log"
	fi
fi

pass=$(grep -ac '^PASS ' "$log")
fail=$(grep -ac '^FAIL ' "$log")
echo "=== $(( $(date +%s) - start ))s; failures:"
grep -a '^FAIL ' "$log" | sed 's/^/  /'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
