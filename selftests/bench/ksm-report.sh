#!/bin/bash
# The KSM benchmark's CSVs, summary lines and plot, from the BENCH rows of
# the ksm VM run (vm-ksm.sh) in $1/raw-ksm.
# Writes $1/ksm.csv, $1/ksm-trace.csv, $1/ksm-stat.csv and $1/ksm.png;
# prints the summary.
set -euo pipefail
out=$1
{
	echo "config,engine,batch,rep,pages_sharing,seconds,ksmd_ms,merges_per_cpu_s,full_scans"
	grep -h '^BENCH,ksm,' "$out/raw-ksm" | cut -d, -f3-
} >"$out/ksm.csv"
{
	echo "config,engine,batch,rep,t_s,pages_sharing,ksmd_ms"
	grep -h '^BENCH,ksmtrace,' "$out/raw-ksm" | cut -d, -f3-
} >"$out/ksm-trace.csv"
{
	echo "config,engine,batch,rep,batches,candidates,compare_levels,cmp_items,cmp_slots,batch_merges,serial"
	grep -h '^BENCH,ksmstat,' "$out/raw-ksm" | cut -d, -f3-
} >"$out/ksm-stat.csv"

# Per configuration, every run of it: the efficiency runs and, for the
# configurations the sweep repeats, the sweep's run too.
echo "KSM deduplication efficiency (-icount guest time; merges = pages_sharing at the"
echo "end, the same for every run; per ksmd CPU-second; median [min-max] over runs):"
eff=$(awk -F, 'NR > 1 { print $1 }' "$out/ksm.csv" | awk '!seen[$0]++')
for cfg in $eff; do
	awk -F, -v c="$cfg" 'NR > 1 && $1 == c { print $8, $6, $7, $5 }' "$out/ksm.csv" | sort -n |
		awk -v c="$cfg" '{ v[NR] = $1; s[NR] = $2; ms[NR] = $3; p = $4 }
		END { m = int((NR + 1) / 2); print c, v[m], v[1], v[NR], s[m], ms[m], p, NR }'
done >"$out/ksm-eff.dat"
awk -v stock="$(awk '$1 == "stock" { print $2 }' "$out/ksm-eff.dat")" '{
	label = $1 ~ /dsa-sim/ ? " (MODEL)" : ""
	printf "  %-14s %7d merges/CPU-s [%d-%d]  %6.2f s to merge all  ksmd %5d ms  %d pages  x%.2f vs stock  (%d runs)%s\n",
		$1, $2, $3, $4, $5, $6, $7, stock ? $2 / stock : 0, $8, label
}' "$out/ksm-eff.dat"
rm -f "$out/ksm-eff.dat"

echo "KSM batch sweep (one run each; seconds until every merge is made, ksmd CPU, merges/CPU-s):"
awk -F, 'NR > 1 && $1 ~ /\// { k = $2 "/" $3; if (!(k in row)) { row[k] = $0; order[++n] = k } }
	END { for (i = 1; i <= n; i++) print row[order[i]] }' "$out/ksm.csv" |
	awk -F, '{ printf "  %-8s batch %4d: %6.2f s  ksmd %5d ms  %7d merges/CPU-s%s\n",
		$2, $3, $6, $7, $8, $2 == "dsa-sim" ? "  (MODEL)" : "" }'

echo "KSM batches (first run of each batched configuration): candidates per batch,"
echo "compare levels per batch (one COMPARE job each) and their utilisation, compares"
echo "made / (levels x batch size); 1 - utilisation is the paper's comparison skewness (Fig. 9):"
awk -F, 'NR > 1 && $3 > 1 && $5 > 0 && !seen[$1]++ {
	printf "  %-18s %6d batches  %6.1f candidates/batch  %5.1f levels/batch  utilisation %5.1f%%  %d merged within a batch  %d to the serial path\n",
		$1, $5, $6 / $5, $7 / $5, $9 ? 100 * $8 / $9 : 0, $10, $11
}' "$out/ksm-stat.csv"

# Plot: memory saved (MiB) over time, one line per batch size, per engine.
plots() {
	local engine=$1 sep= n=0
	for b in $(awk -F, -v e="$engine" 'NR > 1 && $2 == e { print $3 }' "$out/ksm-trace.csv" | sort -un); do
		awk -F, -v e="$engine" -v b="$b" 'NR > 1 && $2 == e && $3 == b { print $5, $6 * 4 / 1024 }' \
			"$out/ksm-trace.csv" >"$out/plot-ksm-$engine-$b.dat"
		# gnuplot has 8 colours: the next 8 lines are dashed.
		n=$((n + 1))
		printf '%s"%s" using 1:2 with lines lw 2 dashtype %d title "batch %s"' \
			"$sep" "$out/plot-ksm-$engine-$b.dat" $(( n > 8 ? 2 : 1 )) "$b"
		sep=', '
	done
}
gnuplot <<G
set terminal pngcairo size 1200,500 font ",10"
set output "$out/ksm.png"
set multiplot layout 1,2 title "KSM memory saved over time by batch size (QEMU TCG, -icount guest seconds)"
set xlabel "seconds"
set ylabel "MiB saved (pages_sharing x 4 KiB)" noenhanced
set yrange [0:*]
set grid
set key bottom right
set title "checksums and compares on the CPU"
plot $(plots cpu)
set title "on dsa-sim (a MODEL of DSA; its time is the simulator's, at TCG CPU speed)"
plot $(plots dsa-sim)
unset multiplot
G
rm -f "$out"/plot-ksm-*.dat
