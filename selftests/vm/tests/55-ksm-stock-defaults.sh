# KSM under stock's defaults (smart_scan on, pages_to_scan 100,
# max_page_sharing 256, use_zero_pages off), compared with stock scan by
# scan: mmo-ksm-scans prints ksm's counters at the end of each full scan,
# and every configuration of the batched scan must print stock's lines.
#
# THP always, madvise and never: a THP's subpages take the serial path
# (stock's xxhash) until a merge splits it, and the batch then checksums
# them with its own engine; that must not make them wait a scan (it did:
# 489 of 1,000 identical pages merged after two scans, where stock merged
# all). "swap" changes the checksum engine every 0.2 s while the scans run.
#
# sleep_millisecs is 100 rather than stock's 20, to leave the reads at a
# scan's end a quiet window (see mmo-ksm-scans).
. /selftests/lib.sh
THP=/sys/kernel/mm/transparent_hugepage/enabled
thp_saved=$(sed 's/.*\[\(.*\)\].*/\1/' $THP)
restore() {
	echo $thp_saved > $THP
	ksm_restore
}
trap restore EXIT
ksm_setup 100 100
echo 1 > $KSM/smart_scan
echo 256 > $KSM/max_page_sharing
sim_reset

# config NAME: attach what the configuration runs under.
config() {
	case $1 in
	stock) no_policy ;;
	paraksm) no_policy; mmoctl load $POL/paraksm.bpf.o >/dev/null ;;
	swap) ksm_fixed 16 cpu ;;
	*) ksm_fixed ${1%/*} ${1#*/} ;;
	esac || fail "attach $1"
}

# scans CONFIG ARGS...: mmo-ksm-scans under CONFIG; its lines in $LINES.
scans() {
	cfg=$1; shift
	config $cfg
	echo 2 > $KSM/run
	echo 1 > $KSM/run
	b0=$(ksm_stat batches) l0=$(ksm_stat large_pages) k0=$(ksm_stat csum_kind)
	gc0=$(ksm_stat group_compares) gr0=$(ksm_stat grouped)
	swapper=
	if [ $cfg = swap ]; then
		rm -f /tmp/swap-stop
		(i=0; while [ ! -f /tmp/swap-stop ]; do
			i=$((i + 1))
			if [ $((i % 2)) = 0 ]; then e=cpu; else e=dsa-sim; fi
			ksm_fixed 16 $e
			sleep 0.2
		done) &
		swapper=$!
	fi
	OUT=$(mmo-ksm-scans --scans ${SCANS:-4} "$@" 2>&1)
	rc=$?
	[ -z "$swapper" ] || { touch /tmp/swap-stop; wait $swapper; }
	[ $rc = 0 ] || fail "$cfg: mmo-ksm-scans exited $rc: $OUT"
	expect_in "$OUT" "content_errors=0$"
	LINES=$(echo "$OUT" | grep '^scan=' | tail -${KEEP:-99})
	COMPARES=$(( $(ksm_stat group_compares) - gc0 )) GROUPED=$(( $(ksm_stat grouped) - gr0 ))
	[ $cfg = stock ] || note "  $cfg: batches $(( $(ksm_stat batches) - b0 )), large-folio pages $(( $(ksm_stat large_pages) - l0 )), checksums of the other kind $(( $(ksm_stat csum_kind) - k0 )), $GROUPED pages in insertion groups, $COMPARES full compares grouping them"
	# Identical pages: about one compare each, as in stock (not n log n).
	[ -z "${IDENTICAL:-}" ] || [ $COMPARES -le $((2 * GROUPED)) ] ||
		fail "$cfg: $COMPARES full compares to group $GROUPED identical pages"
}

# compare MODE CONFIGS -- ARGS...: each configuration against stock.
compare() {
	mode=$1; shift
	cfgs=
	while [ "$1" != -- ]; do cfgs="$cfgs $1"; shift; done
	shift
	echo $mode > $THP
	scans stock "$@"
	stock_lines=$LINES
	note "thp=$mode $*: stock $(echo "$OUT" | tail -1)"
	echo "$stock_lines" | sed 's/^/    | /'
	expect_gt $(echo "$stock_lines" | tail -1 | sed 's/.*pages_sharing=\([0-9]*\).*/\1/') 0 "pages stock merged"
	for cfg in $cfgs; do
		scans $cfg "$@"
		[ "$LINES" = "$stock_lines" ] || {
			echo "$LINES" | sed 's/^/    | /'
			fail "thp=$mode $*: $cfg's counters differ from stock's"
		}
	done
	[ $mode != always ] || expect_gt $(res_val anon_huge_kb) 0 "THP-backed pages in the region"
}

compare always paraksm 16/cpu 256/cpu 16/dsa-sim 256/dsa-sim swap -- --pages 1000
# Six scans: smart_scan starts skipping the unique pages after the fourth.
SCANS=6
compare always paraksm 256/cpu 16/dsa-sim swap -- --pages 1536 --kinds 5 --unique 9
SCANS=4
compare madvise paraksm 256/dsa-sim swap -- --pages 1000 --thp
compare never paraksm 256/dsa-sim swap -- --pages 1536 --kinds 5 --unique 9

# Zero pages with use_zero_pages off: one KSM page of zeroes per 256
# sharers (max_page_sharing), and batches of identical pages to group.
IDENTICAL=1
compare never paraksm 256/cpu 16/dsa-sim -- --pages 1536 --zero
IDENTICAL=

# The scan-time advisor sizes pages_to_scan from each scan's time, which
# differs from run to run: only the state after its scans is compared.
echo scan-time > $KSM/advisor_mode
echo 1 > $KSM/advisor_target_scan_time
SCANS=6 KEEP=1
compare always paraksm 256/dsa-sim -- --pages 1536 --kinds 5 --unique 9
note "advisor: pages_to_scan $(cat $KSM/pages_to_scan) after the last run"
no_policy
