#!/bin/bash
# Boot the patched kernel under QEMU TCG on the two-node HMAT topology and
# run one command in it; exit with that command's exit status.
#
# Node 0 has the CPUs and the faster memory; node 1 is CPU-less, with three
# times the latency and a quarter of the bandwidth in HMAT, so the kernel
# puts it in a lower memory tier (memory_tier54 vs memory_tier4).
#
# usage: run-vm.sh --kernel bzImage --initramfs base.cpio --cmd 'command'
#                  [--extra dir] [--timeout secs] [--log file] [--icount]
#                  [--mem-per-node MiB] [--smp N] [--share dir]
# Files from --extra land in /extra in the VM. A host directory (--share, or
# a fresh empty one) is mounted over virtio-9p at /mnt/share: page cache
# whose folios migrate through filemap_migrate_folio.
set -euo pipefail
kernel= initramfs= cmd= extra= timeout=${MMO_VM_TIMEOUT:-1800} log= icount=0 share=
mem=${MMO_VM_NODE_MB:-1024} smp=${MMO_VM_SMP:-2}
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--initramfs) initramfs=$2; shift ;;
	--cmd) cmd=$2; shift ;;
	--extra) extra=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--log) log=$2; shift ;;
	--icount) icount=1 ;;
	--mem-per-node) mem=$2; shift ;;
	--smp) smp=$2; shift ;;
	--share) share=$2; shift ;;
	*) echo "run-vm: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$kernel" ] && [ -n "$initramfs" ] && [ -n "$cmd" ] || {
	echo "usage: run-vm.sh --kernel K --initramfs I --cmd C [--extra D]" >&2; exit 2; }
[ -f "$kernel" ] || { echo "run-vm: no kernel at $kernel" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "$log" ] || log=$work/console.log
[ -n "$share" ] || { share=$work/share; mkdir -p "$share"; }

# The command and the extra files go in a second cpio appended to the base
# one; the kernel unpacks concatenated archives in order.
mkdir -p "$work/overlay"
printf '%s\n' "$cmd" >"$work/overlay/cmd.sh"
if [ -n "$extra" ]; then
	[ -d "$extra" ] || { echo "run-vm: --extra $extra is not a directory" >&2; exit 2; }
	mkdir -p "$work/overlay/extra"
	cp -a "$extra"/. "$work/overlay/extra/"
fi
(cd "$work/overlay" && find . | cpio -o -H newc --quiet) >"$work/overlay.cpio"
cat "$initramfs" "$work/overlay.cpio" >"$work/initrd.cpio"

accel=(-accel tcg)
[ "$icount" = 1 ] && accel=(-accel tcg -icount shift=0,sleep=off)

set +e
timeout --foreground -k 10 "$timeout" qemu-system-x86_64 \
	"${accel[@]}" -cpu max -machine q35,hmat=on \
	-smp "$smp" -m "$((2 * mem))M" \
	-object memory-backend-ram,id=m0,size="${mem}M" \
	-object memory-backend-ram,id=m1,size="${mem}M" \
	-numa node,nodeid=0,memdev=m0,cpus=0-$((smp - 1)),initiator=0 \
	-numa node,nodeid=1,memdev=m1,initiator=0 \
	-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency,latency=100 \
	-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-bandwidth,bandwidth=20G \
	-numa hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=access-latency,latency=300 \
	-numa hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=access-bandwidth,bandwidth=5G \
	-virtfs local,path="$share",mount_tag=mmoshare,security_model=none,id=share \
	-kernel "$kernel" -initrd "$work/initrd.cpio" \
	-append "console=ttyS0 panic=-1 loglevel=4 rdinit=/init ${MMO_VM_APPEND:-}" \
	-no-reboot -display none -monitor none -serial stdio -nodefaults \
	</dev/null 2>&1 | stdbuf -oL tr -d '\r' | tee "$log" | grep --line-buffered -v '^MMO-EXIT-STATUS='
qemu_rc=${PIPESTATUS[0]}
set -e

status=$(grep -a -o 'MMO-EXIT-STATUS=[0-9]*' "$log" | tail -1 | cut -d= -f2)
if [ -z "$status" ]; then
	if [ "$qemu_rc" = 124 ]; then
		echo "run-vm: timed out after ${timeout}s" >&2
	else
		echo "run-vm: the VM stopped without reporting a status (panic? qemu rc $qemu_rc)" >&2
	fi
	exit 125
fi
exit "$status"
