# DSA-model benchmark, run inside the VM by run-bench.sh (busybox sh).
#
# Everything here runs on dsa-sim, the simulated DSA device: its times are
# a MODEL (the device time of its latency model, plus the submitter's real
# work), and the CPU's are TCG times. Under -icount both are repeatable.
#
# For each model (MODELS: "default", the published-figure defaults, and
# "slowsubmit", the same with a 50 us submission so that the crossover
# falls at a size TCG's slow CPU copy can show):
#   BENCH,dsa-cost,MODEL,ENGINE,PAGES,NS_PER_BATCH
#       cost of one migration batch of PAGES 4K pages, from migrate_done
#       (the "fixed" test policy), for cpu and dsa-sim
#   BENCH,dsa-pick,MODEL,POLICY,PAGES,CPU_BATCHES,SIM_BATCHES
#       which engine adaptive (after learning) and threshold chose per size
#   BENCH,dsa-model,MODEL,SUBMIT_NS,DESC_NS,KB_NS,MAX_BATCH
# Every mmo-migrate run checks the content of every page.
. /selftests/lib.sh

COST_SIZES=${BENCH_DSA_COST_SIZES:-"1 2 4 8 12 16 24 32 48 64 128 256 512"}
PICK_MAX=${BENCH_DSA_PICK_MAX:-32}
LOOPS=${BENCH_DSA_LOOPS:-8}
MODELS=${BENCH_DSA_MODELS:-"default slowsubmit"}

echo 1 > /proc/sys/vm/compact_memory
[ -d $SIM ] || fail "no dsa-sim in this kernel"

# moves PAGES LOOPS: LOOPS migration batches of PAGES pages each.
moves() {
	out=$(mmo-migrate --kb $(($1 * 4)) --loops $2 --bench 2>&1) ||
		fail "mmo-migrate $1 pages: $out"
}

# A shuffled list of 1..$1, each size twice.
shuffled() {
	awk -v n=$1 'BEGIN { srand(42); for (i = 1; i <= 2 * n; i++) a[i] = (i - 1) % n + 1;
		for (i = 2 * n; i > 1; i--) { j = int(rand() * i) + 1; t = a[i]; a[i] = a[j]; a[j] = t }
		for (i = 1; i <= 2 * n; i++) print a[i] }'
}

for model in $MODELS; do
	sim_reset
	case $model in
	default) echo 1000 > $SIM/submit_ns ;;
	slowsubmit) echo 50000 > $SIM/submit_ns ;;
	*) fail "unknown model $model" ;;
	esac
	echo "BENCH,dsa-model,$model,$(cat $SIM/submit_ns),$(cat $SIM/desc_ns),$(cat $SIM/kb_ns),$(cat $SIM/max_batch_size)"

	# The cost curves.
	for e in cpu dsa-sim; do
		no_policy
		use_fixed $e 0
		for n in $COST_SIZES; do
			moves $n 2		# warm: page tables, the job pool
			c0=$(pol_val done_calls) t0=$(pol_val done_ns)
			moves $n $LOOPS
			c=$(( $(pol_val done_calls) - c0 )) t=$(( $(pol_val done_ns) - t0 ))
			[ $c -gt 0 ] || fail "$e $n pages: no batches"
			echo "BENCH,dsa-cost,$model,$e,$n,$((t / c))"
		done
	done

	# What adaptive learns, and what threshold does, per size.
	for pol in adaptive threshold; do
		no_policy
		case $pol in
		adaptive)
			# cpu and dsa-sim only, so the crossover is theirs alone.
			mmoctl load $POL/adaptive.bpf.o --set engine_mask=9 >/dev/null ||
				fail "load adaptive"
			for n in $(shuffled $PICK_MAX); do moves $n 4; done ;;
		threshold)
			mmoctl load $POL/threshold.bpf.o --set offload_engine=dsa-sim >/dev/null ||
				fail "load threshold" ;;
		esac
		for n in $(seq 1 $PICK_MAX); do
			c0=$(row cpu batches) s0=$(row dsa-sim batches)
			moves $n $LOOPS
			echo "BENCH,dsa-pick,$model,$pol,$n,$(( $(row cpu batches) - c0 )),$(( $(row dsa-sim batches) - s0 ))"
		done
	done
	no_policy
done
sim_reset
echo BENCH-DONE
