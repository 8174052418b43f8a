# adaptive: it tries every available engine for each size class, keeps
# learning from migrate_done, and never decides invalidly; content intact.
. /selftests/lib.sh
no_policy
run_expect 0 mmoctl load $POL/adaptive.bpf.o
i0=$(mmo migrate/invalid) c0=$(row cpu batches) m0=$(row cpu-mt batches)
for kb in 64 1024 8192 64 1024 8192; do
	out=$(mmo-migrate --kb $kb --loops 2 2>&1) || fail "mmo-migrate --kb $kb: $out"
done
note "cpu batches +$(( $(row cpu batches) - c0 )), cpu-mt batches +$(( $(row cpu-mt batches) - m0 )), explored $(pol_val nr_explored) of $(pol_val nr_batches)"
expect_gt $(( $(row cpu batches) - c0 )) 0 "batches adaptive gave the CPU"
expect_gt $(( $(row cpu-mt batches) - m0 )) 0 "batches adaptive gave cpu-mt"
expect_gt $(pol_val nr_explored) 0 "explorations"
expect_eq $(( $(mmo migrate/invalid) - i0 )) 0 "invalid decisions"
