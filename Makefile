# mm-offload: every entry point. Run as root on Debian 12.
#
#   make run      build what is missing, boot the VM, load a policy, migrate,
#                 show the decisions, swap policies live, power off
#   make test     host tests + VM selftests; ends with "N passed, N failed"
#   make bench    the benchmarks in the VM: CSV + PNG under build/bench/
#   make vm CMD='...' [EXTRA=dir]   run one command in the VM
#   make kernel | tools | policies | loader | initramfs | kernel-patch | deps
#
# Everything built lands in build/ (override with BUILD=).

SHELL    := /bin/bash
TOP      := $(CURDIR)
BUILD    ?= $(TOP)/build
KSRC     := $(BUILD)/linux
KSTATE   := $(BUILD)/hooks-state
KSRC_TAR := /usr/src/linux-source-6.12.tar.xz
BZIMAGE  := $(KSRC)/arch/x86/boot/bzImage
VMLINUX  := $(KSRC)/vmlinux
JOBS     ?= $(shell echo $$(( $$(nproc) + 1 )))

CLANG    ?= clang-19
LLVM_STRIP ?= llvm-strip-19
CC       := gcc

export CCACHE_DIR ?= $(HOME)/.cache/ccache
# The kernel objects are cached by content, wherever the tree is checked out.
KMAKE := $(MAKE) -C $(KSRC) CC="ccache gcc" -j$(JOBS)
KENV  := CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$(KSRC)

DEPS_PKGS := linux-source-6.12 clang-19 llvm-19 lld-19 dwarves libelf-dev \
	qemu-system-x86 busybox-static libaccel-config-dev accel-config ccache \
	bc bison flex libssl-dev cpio xz-utils zstd libzstd-dev zlib1g-dev \
	pkg-config libcap-dev patch build-essential python3 kmod libnuma-dev

LIBBPF_DIR := $(BUILD)/libbpf
LIBBPF_A   := $(LIBBPF_DIR)/libbpf.a
BPFTOOL    := $(BUILD)/bpftool/bpftool
VMLINUX_H  := $(BUILD)/include/vmlinux.h

HOOK_SRCS  := $(shell find kernel-hooks include -type f 2>/dev/null)

POLICY_SRCS := $(wildcard bpf-policies/*.bpf.c)
POLICY_OBJS := $(patsubst bpf-policies/%.bpf.c,$(BUILD)/policies/%.bpf.o,$(POLICY_SRCS))
TESTPOL_SRCS := $(wildcard selftests/policies/*.bpf.c)
TESTPOL_OBJS := $(patsubst selftests/policies/%.bpf.c,$(BUILD)/test-policies/%.bpf.o,$(TESTPOL_SRCS))
BPF_CFLAGS := -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
	-I$(BUILD)/include -I$(LIBBPF_DIR)/include -I$(TOP)/include -I$(TOP)/bpf-policies

USER_CFLAGS := -O2 -g -Wall -Wextra -Werror -I$(LIBBPF_DIR)/include -I$(KSRC)/tools/include/uapi -I$(TOP)/include -I$(TOP)/loader
USER_LIBS   := $(LIBBPF_A) -lelf -lz

LOADER_LIB_SRCS := loader/args.c loader/tunables.c
LOADER_SRCS := loader/mmoctl.c loader/dsa.c $(LOADER_LIB_SRCS)
LOADER_HDRS := $(wildcard loader/*.h) include/uapi/linux/mm_offload.h
MMOCTL := $(BUILD)/mmoctl

VMPROG_SRCS := $(wildcard selftests/vm/progs/*.c)
VMPROGS := $(patsubst selftests/vm/progs/%.c,$(BUILD)/vm-progs/%,$(VMPROG_SRCS))
# The kernel's own KSM functional tests, built from the tree (test 53).
KSM_KSFT := $(BUILD)/vm-progs/ksm_functional_tests
INITRAMFS := $(BUILD)/initramfs.cpio

.PHONY: all deps bench-deps kernel tools policies loader initramfs run test \
	test-host test-vm vm bench kernel-patch checkpatch clean distclean \
	kernel-debug test-debug kernel-stock test-ksft

all: kernel tools policies loader initramfs

# ---- packages -----------------------------------------------------------
deps:
	@missing=$$(for p in $(DEPS_PKGS); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "deps: installing $$missing"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

# gnuplot is only for make bench, so make test does not install it.
bench-deps: deps
	@command -v gnuplot >/dev/null || { apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q gnuplot-nox; }

# ---- kernel -------------------------------------------------------------
# extract_tree DIR,STATE: a fresh linux-source-6.12 tree at DIR, its hook
# state STATE (apply.sh) gone with the old tree.
define extract_tree
	rm -rf $(1) $(2) $(1).extract
	mkdir -p $(1).extract
	tar -xJf $(KSRC_TAR) -C $(1).extract
	mv $(1).extract/linux-source-6.12 $(1)
	rmdir $(1).extract
	touch $(1)/.extracted
endef

$(KSRC)/.extracted: | deps
	$(call extract_tree,$(KSRC),$(KSTATE))

$(BUILD)/.hooks-applied: $(KSRC)/.extracted $(HOOK_SRCS)
	kernel-hooks/apply.sh $(KSRC) $(KSTATE)
	kernel-hooks/mkconfig.sh $(KSRC) kernel-hooks/config
	touch $@

$(BZIMAGE): $(BUILD)/.hooks-applied
	$(KENV) $(KMAKE) bzImage
	@touch $@

kernel: $(BZIMAGE)

# ---- the debug kernel (make test-debug) ------------------------------------
# A second tree, the same patch and config plus kernel-hooks/config-debug/
# (KASAN, KFENCE, lockdep, DEBUG_VM, DEBUG_ATOMIC_SLEEP).
KSRC_DEBUG := $(BUILD)/linux-debug
BZIMAGE_DEBUG := $(KSRC_DEBUG)/arch/x86/boot/bzImage
KMAKE_DEBUG := $(MAKE) -C $(KSRC_DEBUG) CC="ccache gcc" -j$(JOBS)

$(KSRC_DEBUG)/.extracted: | deps
	$(call extract_tree,$(KSRC_DEBUG),$(BUILD)/hooks-state-debug)

$(BUILD)/.hooks-applied-debug: $(KSRC_DEBUG)/.extracted $(HOOK_SRCS) $(wildcard kernel-hooks/config-debug/*)
	kernel-hooks/apply.sh $(KSRC_DEBUG) $(BUILD)/hooks-state-debug
	kernel-hooks/mkconfig.sh $(KSRC_DEBUG) kernel-hooks/config kernel-hooks/config-debug
	touch $@

$(BZIMAGE_DEBUG): $(BUILD)/.hooks-applied-debug
	CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$(KSRC_DEBUG) $(KMAKE_DEBUG) bzImage
	@touch $@

kernel-debug: $(BZIMAGE_DEBUG)

# ---- the stock kernel (make test) -------------------------------------------
# A third tree: the same patch applied, with CONFIG_MM_OFFLOAD off. make test
# boots it for the migration-correctness tests and checks that every object
# the patch touches compiles to stock 6.12's code (kernel-hooks/check-stock.sh).
KSRC_STOCK := $(BUILD)/linux-stock
BZIMAGE_STOCK := $(KSRC_STOCK)/arch/x86/boot/bzImage

$(KSRC_STOCK)/.extracted: | deps
	$(call extract_tree,$(KSRC_STOCK),$(BUILD)/hooks-state-stock)

$(BUILD)/.hooks-applied-stock: $(KSRC_STOCK)/.extracted $(HOOK_SRCS)
	kernel-hooks/apply.sh $(KSRC_STOCK) $(BUILD)/hooks-state-stock
	kernel-hooks/mkconfig.sh --without 40-mm-offload.config $(KSRC_STOCK) kernel-hooks/config
	! grep -q '^CONFIG_MM_OFFLOAD' $(KSRC_STOCK)/.config
	touch $@

$(BZIMAGE_STOCK): $(BUILD)/.hooks-applied-stock
	CCACHE_NOHASHDIR=1 CCACHE_BASEDIR=$(KSRC_STOCK) $(MAKE) -C $(KSRC_STOCK) \
		CC="ccache gcc" -j$(JOBS) bzImage
	@touch $@

kernel-stock: $(BZIMAGE_STOCK)

# ---- libbpf and bpftool from the kernel tree's tools/ --------------------
# bpftool is built without its LLVM disassembler, which would pull ~100 MB of
# libraries into the initramfs.
$(LIBBPF_A): $(KSRC)/.extracted
	mkdir -p $(LIBBPF_DIR)
	$(MAKE) -C $(KSRC)/tools/lib/bpf -j$(JOBS) OUTPUT=$(LIBBPF_DIR)/ \
		DESTDIR=$(LIBBPF_DIR) prefix= \
		$(LIBBPF_DIR)/libbpf.a install_headers >/dev/null

$(BPFTOOL): $(KSRC)/.extracted
	mkdir -p $(BUILD)/bpftool
	$(MAKE) -C $(KSRC)/tools/bpf/bpftool -j$(JOBS) OUTPUT=$(BUILD)/bpftool/ \
		CLANG=$(CLANG) LLVM_STRIP=$(LLVM_STRIP) feature-llvm=0 feature-libbfd=0 >/dev/null

tools: $(LIBBPF_A) $(BPFTOOL)

$(VMLINUX_H): $(BZIMAGE) $(BPFTOOL)
	mkdir -p $(dir $@)
	$(BPFTOOL) btf dump file $(VMLINUX) format c > $@.tmp
	@if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# ---- policies -----------------------------------------------------------
$(BUILD)/policies/%.bpf.o: bpf-policies/%.bpf.c bpf-policies/mmo_policy.h $(VMLINUX_H) $(LIBBPF_A)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/test-policies/%.bpf.o: selftests/policies/%.bpf.c bpf-policies/mmo_policy.h \
		$(wildcard selftests/policies/*.h) $(VMLINUX_H) $(LIBBPF_A)
	@mkdir -p $(dir $@)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(BUILD)/test-policies/promote_stock_folio.bpf.o: selftests/policies/promote_stock.bpf.c

policies: $(POLICY_OBJS) $(TESTPOL_OBJS)

# ---- user space ---------------------------------------------------------
$(MMOCTL): $(LOADER_SRCS) $(LOADER_HDRS) $(LIBBPF_A)
	$(CC) $(USER_CFLAGS) $(LOADER_SRCS) -o $@ $(USER_LIBS) $$(pkg-config --libs libaccel-config)

loader: $(MMOCTL)

$(BUILD)/vm-progs/%: selftests/vm/progs/%.c selftests/vm/progs/mmo_util.h $(LIBBPF_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $< -o $@ $(USER_LIBS)

# Built against the tree's own UAPI headers, so it knows this kernel's
# prctl and madvise numbers.
$(KSM_KSFT): $(KSRC)/.extracted
	@mkdir -p $(dir $@) $(BUILD)/uapi
	$(MAKE) -C $(KSRC) -s headers_install INSTALL_HDR_PATH=$(BUILD)/uapi
	cd $(KSRC)/tools/testing/selftests/mm && $(CC) -O2 -Wall -isystem $(BUILD)/uapi/include \
		-I.. ksm_functional_tests.c vm_util.c -o $@ -lpthread

# The kernel's own mm selftests, run against stock in the VM (tests 6x-ksft-*).
KSFT_MM := $(BUILD)/ksft-mm/.built
$(KSFT_MM): selftests/ksft/build-mm.sh $(KSM_KSFT)
	selftests/ksft/build-mm.sh $(KSRC) $(BUILD)/uapi $(BUILD)/ksft-mm
	@touch $@

$(INITRAMFS): $(MMOCTL) $(BPFTOOL) $(POLICY_OBJS) $(TESTPOL_OBJS) $(VMPROGS) $(KSM_KSFT) $(KSFT_MM) \
		$(shell find selftests/vm -type f) selftests/vm/mkinitramfs.sh
	selftests/vm/mkinitramfs.sh $@ $(BUILD)

initramfs: $(INITRAMFS)

# ---- running ------------------------------------------------------------
VM := selftests/vm/run-vm.sh --kernel $(BZIMAGE) --initramfs $(INITRAMFS)

run: $(BZIMAGE) $(INITRAMFS)
	$(VM) --cmd "sh /selftests/demo.sh"

vm: $(BZIMAGE) $(INITRAMFS)
	@[ -n "$(CMD)" ] || { echo "usage: make vm CMD='command' [EXTRA=dir]"; exit 2; }
	$(VM) $(if $(EXTRA),--extra $(EXTRA)) --cmd '$(CMD)'

HOST_TEST := $(BUILD)/host-tests/test_loader
$(HOST_TEST): selftests/host/test_loader.c $(LOADER_LIB_SRCS) $(LOADER_HDRS) $(LIBBPF_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -fsanitize=address,undefined $< $(LOADER_LIB_SRCS) -o $@ $(USER_LIBS)

FUZZ_TEST := $(BUILD)/host-tests/fuzz_mmoctl
$(FUZZ_TEST): selftests/host/fuzz_mmoctl.c $(LOADER_LIB_SRCS) $(LOADER_HDRS) $(LIBBPF_A)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all \
		$< $(LOADER_LIB_SRCS) -o $@ $(USER_LIBS)

test: $(BZIMAGE) $(BZIMAGE_STOCK) $(INITRAMFS) $(HOST_TEST) $(FUZZ_TEST)
	selftests/run-tests.sh --build $(BUILD) --kernel $(BZIMAGE) --initramfs $(INITRAMFS) \
		--stock-tree $(KSRC_STOCK) --stock-state $(BUILD)/hooks-state-stock

# The kernel's mm selftests, the whole matrix (make test runs a subset).
test-ksft: $(BZIMAGE) $(INITRAMFS)
	$(VM) --log $(BUILD)/vm-ksft-console.log \
		--cmd "MMO_KSFT_FULL=1 /selftests/run-selftests.sh 60-ksft-mm"

# The whole suite again on the debug kernel; any checker's report fails it.
test-debug: $(BZIMAGE_DEBUG) $(INITRAMFS) $(HOST_TEST) $(FUZZ_TEST)
	MMO_VM_TIMEOUT=$${MMO_VM_TIMEOUT:-3600} MMO_STORM_SWAPS=$${MMO_STORM_SWAPS:-200} \
		selftests/run-tests.sh --build $(BUILD) \
		--kernel $(BZIMAGE_DEBUG) --initramfs $(INITRAMFS) --debug

# BENCH_ARGS=--quick: a small run that checks the benchmark itself works.
bench: bench-deps $(BZIMAGE) $(INITRAMFS)
	selftests/bench/run-bench.sh --kernel $(BZIMAGE) --initramfs $(INITRAMFS) \
		--out $(BUILD)/bench $(BENCH_ARGS)

test-host: $(HOST_TEST) $(FUZZ_TEST) $(MMOCTL) policies
	selftests/run-tests.sh --build $(BUILD) --host-only

# ---- the kernel change as patches ----------------------------------------
kernel-patch: $(KSRC)/.extracted
	kernel-hooks/format-patch.sh $(KSRC) $(KSTATE) $(BUILD)/kernel-patch
	@echo "series written to $(BUILD)/kernel-patch/"

checkpatch: kernel-patch
	$(KSRC)/scripts/checkpatch.pl --no-tree --ignore FILE_PATH_CHANGES $(BUILD)/kernel-patch/*.patch

clean:
	rm -rf $(BUILD)/policies $(BUILD)/test-policies $(BUILD)/vm-progs \
		$(MMOCTL) $(INITRAMFS) $(BUILD)/host-tests $(BUILD)/include

distclean:
	rm -rf $(BUILD)
