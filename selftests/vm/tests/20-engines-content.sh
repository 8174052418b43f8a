# Every engine copies every kind of batchable folio at every chunk size, and
# every page keeps its content: 4K anonymous, 2M THP, shmem, tmpfs files, and
# the page cache of a 9p file (filemap_migrate_folio). The 9p file's dirty
# pages are then written back, dropped and read again from the host: what
# the engine copied is what reached the file.
. /selftests/lib.sh
no_policy
grep -q ' /mnt/share 9p ' /proc/mounts || fail "no 9p share at /mnt/share"
mkdir -p /tmp/files
for e in cpu cpu-mt dsa-sim; do
	for chunk in 1 7 32 512; do
		use_fixed $e $chunk
		for kind in anon thp shmem tmpfs pagecache; do
			case $kind in
			anon) args="--mb 2" ;;
			thp) args="--mb 4 --thp" ;;
			shmem) args="--mb 2 --shmem" ;;
			tmpfs) args="--mb 2 --file /tmp/files/f" ;;
			pagecache) args="--mb 2 --file /mnt/share/f-$e-$chunk" ;;
			esac
			b0=$(eng $e bytes) s0=$(vmstat pgmigrate_success) i0=$(mmo migrate/ineligible)
			out=$(mmo-migrate $args --loops 2 2>&1) || fail "$e chunk $chunk $kind: $out"
			moved=$(( ($(vmstat pgmigrate_success) - s0) * 4096 ))
			copied=$(( $(eng $e bytes) - b0 ))
			note "$e chunk=$chunk $kind: migrated $moved bytes, engine copied $copied"
			expect_gt $moved 0 "$e chunk $chunk $kind: bytes migrated"
			expect_eq $copied $moved "$e chunk $chunk $kind: bytes the engine copied"
			expect_eq $(mmo migrate/ineligible) $i0 "$e chunk $chunk $kind: ineligible folios"
		done
	done
done
# Write back the migrated page cache, drop it, and check it from the file.
sync
echo 3 > /proc/sys/vm/drop_caches
for f in /mnt/share/f-*; do
	out=$(mmo-migrate --mb 2 --file $f --verify-only 2>&1) || fail "$f after writeback: $out"
done
note "9p files re-read after writeback: $(ls /mnt/share | wc -l), all intact"
