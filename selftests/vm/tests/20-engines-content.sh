# Every engine copies every kind of batchable folio at every chunk size, and
# every page keeps its content: 4K anonymous, 2M THP, shmem, tmpfs files.
. /selftests/lib.sh
no_policy
mkdir -p /tmp/files
for e in cpu cpu-mt; do
	for chunk in 1 7 32 512; do
		use_fixed $e $chunk
		for kind in anon thp shmem tmpfs; do
			case $kind in
			anon) args="--mb 2" ;;
			thp) args="--mb 4 --thp" ;;
			shmem) args="--mb 2 --shmem" ;;
			tmpfs) args="--mb 2 --file /tmp/files/f" ;;
			esac
			b0=$(eng $e bytes) s0=$(vmstat pgmigrate_success)
			out=$(mmo-migrate $args --loops 2 2>&1) || fail "$e chunk $chunk $kind: $out"
			moved=$(( ($(vmstat pgmigrate_success) - s0) * 4096 ))
			copied=$(( $(eng $e bytes) - b0 ))
			note "$e chunk=$chunk $kind: migrated $moved bytes, engine copied $copied"
			expect_eq $copied $moved "$e chunk $chunk $kind: bytes the engine copied"
		done
	done
done
