# Hugetlb pages keep their content and the pools their pages when they
# migrate: private and shared anonymous hugetlb, hugetlbfs files mapped
# shared and private, moved to node 1 and back with and without a free page
# in node 1's pool, under no policy and every migration policy. With an
# empty target pool migration allocates a temporary page (HPG_temporary,
# bit 2 of folio->private), which a copy mark hidden in dst->private once
# took for "already copied": the page arrived with another page's content
# and the pool grew by a page.
. /selftests/lib.sh
mkdir -p /mnt/huge
grep -q ' /mnt/huge hugetlbfs ' /proc/mounts || mount -t hugetlbfs none /mnt/huge ||
	fail "cannot mount hugetlbfs"
COUNT=2
cases=0
for pol in $MIGRATE_POLICIES; do
	use_policy $pol
	for target in empty free; do
		for kind in private shared file private-file; do
			hp_set 0 $((2 * COUNT))
			if [ $target = empty ]; then hp_set 1 0; else hp_set 1 $COUNT; fi
			want1=$COUNT; [ $target = empty ] && want1=0
			expect_eq "$(hp 1 free_hugepages)" $want1 "node 1 pool before $pol $target $kind"
			[ "$(hp 0 free_hugepages)" = $((2 * COUNT)) ] || fail "node 0 pool: $(hp 0 free_hugepages) free"
			n0=$(hp 0 nr_hugepages) n1=$(hp 1 nr_hugepages)
			case $kind in
			private|shared) args="--kind $kind" ;;
			file) args="--kind file --path /mnt/huge/f" ;;
			private-file) args="--kind file --private-file --path /mnt/huge/f" ;;
			esac
			out=$(mmo-hugetlb $args --count $COUNT --loops 2 2>&1) ||
				fail "$pol, $target target pool, $kind: $out"
			expect_in "$out" "moved=$((2 * COUNT)) not_moved=0 content_errors=0"
			# Every page is back in a pool and free; none was added or lost.
			for n in 0 1; do
				expect_eq "$(hp $n free_hugepages)" "$(hp $n nr_hugepages)" \
					"$pol $target $kind: node $n free pages after exit"
				expect_eq "$(hp $n surplus_hugepages)" 0 "$pol $target $kind: node $n surplus"
			done
			expect_eq $(( $(hp 0 nr_hugepages) + $(hp 1 nr_hugepages) )) $((n0 + n1)) \
				"$pol $target $kind: pages in the pools (node 0 $(hp 0 nr_hugepages), node 1 $(hp 1 nr_hugepages))"
			cases=$((cases + 1))
		done
	done
done
hp_set 0 0
hp_set 1 0
note "$cases cases: content intact, pools whole"
