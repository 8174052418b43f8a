# migrate_done reports what actually ran; folios an engine cannot take (ext2's
# page cache migrates through buffer_migrate_folio) stay on the per-folio
# path, are counted, and keep their content.
. /selftests/lib.sh
no_policy
use_fixed cpu-mt 32
c0=$(pol_val done_calls) p0=$(pol_val done_pages) b0=$(eng cpu-mt bytes) r0=$(row cpu-mt batches)
run_expect 0 mmo-migrate --mb 8 --loops 2
c=$(( $(pol_val done_calls) - c0 )) p=$(( $(pol_val done_pages) - p0 ))
b=$(( $(eng cpu-mt bytes) - b0 )) r=$(( $(row cpu-mt batches) - r0 ))
note "feedback: $c calls, $p pages; decided batches $r, engine bytes $b"
expect_eq $c $r "one migrate_done per decided batch"
expect_eq $((p * 4096)) $b "feedback pages vs engine bytes"

[ -b /dev/ram0 ] || fail "no /dev/ram0 (CONFIG_BLK_DEV_RAM)"
mke2fs -q /dev/ram0 >/dev/null 2>&1 || fail "mke2fs /dev/ram0"
mkdir -p /mnt/ext2 && mount -t ext2 /dev/ram0 /mnt/ext2 || fail "mount ext2"
i0=$(mmo migrate/ineligible) di0=$(pol_val done_ineligible) b0=$(eng cpu-mt bytes)
run_expect 0 mmo-migrate --mb 2 --file /mnt/ext2/f
i=$(( $(mmo migrate/ineligible) - i0 )) di=$(( $(pol_val done_ineligible) - di0 ))
note "ext2: $i folios left to the per-folio path"
expect_eq $i 512 "ext2 folios counted as ineligible"
expect_eq $di $i "feedback ineligible"
expect_eq $(( $(eng cpu-mt bytes) - b0 )) 0 "engine bytes for ext2 folios"
umount /mnt/ext2
