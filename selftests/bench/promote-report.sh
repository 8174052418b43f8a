#!/bin/bash
# The promotion benchmark's CSVs, summary lines and plot, from the BENCH
# rows of the promote VM run (vm-promote.sh) in $1/raw-promote.
# Writes $1/promote.csv, $1/promote-cost.csv and $1/promote.png; prints the
# summary.
set -euo pipefail
out=$1
{
	echo "clock,rep,config,limit_mbps,target_mbps,guard,seconds,pgpromote_success,pgpromote_candidate,pgdemote,seen_promoted,seen_demoted,pingpong_pages,t90_s,t100_s,hot_on_node0,hot_pages"
	grep -h '^BENCH,promote,' "$out/raw-promote" | cut -d, -f3-
} >"$out/promote.csv"
{
	echo "clock,round,config,hint_faults,pgpromote_success,ns"
	grep -h '^BENCH,pcost,' "$out/raw-promote" | cut -d, -f3-
} >"$out/promote-cost.csv"

# stat CONFIG COLUMN: "median min max" of COLUMN over CONFIG's repetitions.
stat() {
	awk -F, -v c="$1" -v k="$2" 'NR > 1 && $3 == c { print $k }' "$out/promote.csv" | sort -n |
		awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)], v[1], v[NR]; else print "0 0 0" }'
}
configs=$(awk -F, 'NR > 1 && !seen[$3]++ { print $3 }' "$out/promote.csv")
runs=$(awk -F, 'NR > 1 && $3 == "stock"' "$out/promote.csv" | wc -l)

echo "promotion, hot/cold workload under memory.reclaim pressure (-icount guest time;"
echo "median [min-max] over $runs runs of each configuration; t90: seconds until"
echo "90% of the hot set was seen on node 0, -1 never; ping-pong: pages seen"
echo "promoted then demoted, sampled by move_pages(2)):"
printf '  %-8s %5s %6s %5s %20s %20s %9s %5s\n' config limit target guard promoted demoted pingpong t90
for cfg in $configs; do
	line=$(awk -F, -v c=$cfg 'NR > 1 && $3 == c { print $4, $5, $6; exit }' "$out/promote.csv")
	set -- $line $(stat $cfg 8) $(stat $cfg 10) $(stat $cfg 13) $(stat $cfg 14)
	printf '  %-8s %5s %6s %5s %6d [%5d-%5d] %6d [%5d-%5d] %9d %5s\n' \
		$([ $cfg = stock ] && echo stock || echo tiering) $1 $2 $3 $4 $5 $6 $7 $8 $9 ${10} ${13}
done

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

# The plot: limit 256, guard 1 over the targets, medians with min-max bars.
for cfg in $configs; do
	case $cfg in 256/*/1) echo "${cfg#256/} $(stat $cfg 8) $(stat $cfg 10)" | sed 's|/1 | |' ;; esac
done | sort -n >"$out/plot-promote.dat"
set -- $(stat stock 8) $(stat stock 10)
gnuplot <<G
set terminal pngcairo size 900,500 font ",10"
set output "$out/promote.png"
set title "tiering, limit 256 MB/s, guard 1: median and range over runs (QEMU TCG, -icount); dashed: stock median"
set logscale x 2
set xlabel "target (MB/s)"
set ylabel "pages"
set yrange [0:*]
set grid
set key top left
plot "$out/plot-promote.dat" using 1:2:3:4 with yerrorlines title "promoted", \
	"" using 1:5:6:7 with yerrorlines title "demoted", \
	$1 with lines dashtype 2 title "stock promoted", \
	$4 with lines dashtype 2 title "stock demoted"
G
rm -f "$out/plot-promote.dat"
