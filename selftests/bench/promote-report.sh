#!/bin/bash
# The promotion benchmark's CSVs, summary lines and plot, from the BENCH
# rows of the promote VM run (vm-promote.sh) in $1/raw-promote.
# Writes $1/promote.csv, $1/promote-cost.csv and $1/promote.png; prints the
# summary.
set -euo pipefail
out=$1
{
	echo "clock,config,limit_mbps,target_mbps,guard,seconds,pgpromote_success,pgpromote_candidate,pgdemote,seen_promoted,seen_demoted,pingpong_pages,t90_s,t100_s,hot_on_node0,hot_pages"
	grep -h '^BENCH,promote,' "$out/raw-promote" | cut -d, -f3-
} >"$out/promote.csv"
{
	echo "clock,round,config,hint_faults,pgpromote_success,ns"
	grep -h '^BENCH,pcost,' "$out/raw-promote" | cut -d, -f3-
} >"$out/promote-cost.csv"

echo "promotion, hot/cold workload under memory.reclaim pressure (-icount guest time;"
echo "t90/t100: seconds until 90%/100% of the hot set was seen on node 0, -1 never;"
echo "ping-pong: pages seen promoted then demoted, sampled by move_pages(2)):"
awk -F, 'NR > 1 {
	if (!hdr++) printf "  %-10s %6s %6s %5s %9s %10s %8s %9s %6s %6s\n",
		"config", "limit", "target", "guard", "promoted", "candidates", "demoted", "pingpong", "t90", "t100"
	printf "  %-10s %6s %6s %5s %9d %10d %8d %9d %6s %6s\n", $2 == "stock" ? "stock" : "tiering",
		$3, $4, $5, $7, $8, $9, $12, $13, $14
}' "$out/promote.csv"

# promote_folio's cost: median time of the same passes per config, and the
# extra ns per hint fault against no policy.
echo "promote hooks' cost (-icount, median [min-max] over rounds of the same passes):"
for cfg in detached tune folio; do
	awk -F, -v g=$cfg 'NR > 1 && $3 == g { print $6, $4, $5 }' "$out/promote-cost.csv" | sort -n |
		awk -v g=$cfg '{ ns[NR] = $1; hf += $2; pr += $3 }
		END { if (NR) print g, ns[int((NR + 1) / 2)], ns[1], ns[NR], hf / NR, pr / NR }'
done | awk '
	{ med[$1] = $2; lo[$1] = $3; hi[$1] = $4; hf[$1] = $5; pr[$1] = $6 }
	END {
		for (i = 1; i <= 3; i++) {
			g = i == 1 ? "detached" : i == 2 ? "tune" : "folio"
			printf "  %-8s %9.1f ms [%.1f-%.1f], %.0f hint faults, %.0f promoted per run\n",
				g, med[g] / 1e6, lo[g] / 1e6, hi[g] / 1e6, hf[g], pr[g]
		}
		if (med["detached"] && hf["folio"])
			printf "  tune/detached = %.4f (%+.2f%%), folio/detached = %.4f (%+.2f%%), folio/tune = %.4f; (folio - tune) = %.0f ns per hint fault\n",
				med["tune"] / med["detached"], (med["tune"] / med["detached"] - 1) * 100,
				med["folio"] / med["detached"], (med["folio"] / med["detached"] - 1) * 100,
				med["folio"] / med["tune"], (med["folio"] - med["tune"]) / hf["folio"]
	}'

awk -F, 'NR > 1 && $2 != "stock" && $3 == 256 && $5 == 1 { print $4, $7, $9, $12 }' \
	"$out/promote.csv" | sort -n >"$out/plot-promote.dat"
stock=$(awk -F, '$2 == "stock" { print $7, $9, $12 }' "$out/promote.csv")
set -- ${stock:-0 0 0}
gnuplot <<G
set terminal pngcairo size 900,500 font ",10"
set output "$out/promote.png"
set title "tiering, limit 256 MB/s, guard 1: per run (QEMU TCG, -icount); dashed: stock"
set logscale x 2
set xlabel "target (MB/s)"
set ylabel "pages"
set yrange [0:*]
set grid
set key top left
plot "$out/plot-promote.dat" using 1:2 with linespoints title "promoted", \
	"" using 1:3 with linespoints title "demoted", \
	"" using 1:4 with linespoints title "ping-pong pages", \
	$1 with lines dashtype 2 title "stock promoted", \
	$3 with lines dashtype 2 title "stock ping-pong"
G
rm -f "$out/plot-promote.dat"
