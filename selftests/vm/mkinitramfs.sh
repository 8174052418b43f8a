#!/bin/bash
# Build the VM's initramfs (newc cpio, uncompressed): busybox-static, mmoctl,
# bpftool, the policies, the selftests and their programs, and the shared
# libraries the dynamic binaries need. No disk image.
#
# usage: mkinitramfs.sh <out.cpio> <build-dir>
set -euo pipefail
out=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,root,etc,policies,test-policies,selftests/bin}
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
	[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/sh" >>"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"

# copy_with_libs <binary> <dest-dir>: the binary plus every library ldd names.
copy_with_libs() {
	cp "$1" "$2/"
	ldd "$1" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done
}
copy_with_libs "$build/mmoctl" "$root/usr/sbin"
copy_with_libs "$build/bpftool/bpftool" "$root/usr/sbin"
for p in "$build"/vm-progs/*; do copy_with_libs "$p" "$root/selftests/bin"; done
# The kernel's mm selftests (static), with what they look for beside them.
mkdir -p "$root/ksft"
cp "$build"/ksft-mm/* "$root/ksft/"
cp "$build"/policies/*.bpf.o "$root/policies/"
cp "$build"/test-policies/*.bpf.o "$root/test-policies/"
cp "$here"/*.sh "$root/selftests/"
cp -r "$here/tests" "$root/selftests/"
cp "$here/init" "$root/init"
rm -f "$root/selftests/mkinitramfs.sh" "$root/selftests/run-vm.sh"

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs: $out ($(du -h "$out" | cut -f1))"
