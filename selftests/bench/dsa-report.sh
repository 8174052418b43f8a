#!/bin/bash
# The DSA-model benchmark's tables, crossovers and plot, from the BENCH rows
# of vm-dsa.sh in $1/raw-dsa. Writes dsa-cost.csv, dsa-pick.csv, dsa.png and
# prints the summary lines (run-bench.sh adds them to summary.txt).
#
# The crossover of a model is where the cpu engine's cost line and
# dsa-sim's meet: both lines are least-squares fits of the measured cost
# per batch over the sizes that fit one submission (max_batch_size pages),
# where the model is a line; above it each further BATCH descriptor adds a
# submission, a step.
# adaptive's crossover is the smallest size from which it sends most
# batches of that size and of every larger size it saw to dsa-sim.
#
# usage: dsa-report.sh OUT-DIR
set -euo pipefail
out=$1
raw=$out/raw-dsa
{
	echo "model,engine,pages,ns_per_batch"
	grep -h '^BENCH,dsa-cost,' "$raw" | cut -d, -f3-
} >"$out/dsa-cost.csv"
{
	echo "model,policy,pages,cpu_batches,dsa_sim_batches"
	grep -h '^BENCH,dsa-pick,' "$raw" | cut -d, -f3-
} >"$out/dsa-pick.csv"

echo "DSA model (dsa-sim: device time from its latency model, submitter's work real; cpu: TCG, -icount):"
for model in $(grep -h '^BENCH,dsa-model,' "$raw" | cut -d, -f3); do
	params=$(grep -h "^BENCH,dsa-model,$model," "$raw" | cut -d, -f4-)
	fit=$(awk -F, -v m="$model" -v mb="${params##*,}" '
		NR > 1 && $1 == m && $3 <= mb {
			k = $2; n[k]++; sx[k] += $3; sy[k] += $4; sxx[k] += $3 * $3; sxy[k] += $3 * $4
		}
		END {
			for (k in n) {
				b[k] = (n[k] * sxy[k] - sx[k] * sy[k]) / (n[k] * sxx[k] - sx[k] * sx[k])
				a[k] = (sy[k] - b[k] * sx[k]) / n[k]
			}
			x = (b["cpu"] != b["dsa-sim"]) ? (a["dsa-sim"] - a["cpu"]) / (b["cpu"] - b["dsa-sim"]) : -1
			printf "%.0f %.0f %.0f %.0f %.2f\n", a["cpu"], b["cpu"], a["dsa-sim"], b["dsa-sim"], x
		}' "$out/dsa-cost.csv")
	read -r a_cpu b_cpu a_sim b_sim cross <<<"$fit"
	# adaptive: sizes in order; the first from which dsa-sim has the majority on.
	ad=$(awk -F, -v m="$model" 'NR > 1 && $1 == m && $2 == "adaptive" { print $3, $4, $5 }' \
		"$out/dsa-pick.csv" | sort -n | awk '
		{ n[NR] = $1; sim[NR] = ($3 > $2) }
		END {
			x = -1
			for (i = NR; i >= 1 && sim[i]; i--) x = n[i]
			print x
		}')
	th=$(awk -F, -v m="$model" 'NR > 1 && $1 == m && $2 == "threshold" && $5 > $4 { print $3 }' \
		"$out/dsa-pick.csv" | sort -n | head -1)
	echo "  model $model (submit_ns,desc_ns,kb_ns,max_batch = $params):"
	echo "    cpu     line: $a_cpu ns + $b_cpu ns/page"
	echo "    dsa-sim line: $a_sim ns + $b_sim ns/page (a model)"
	awk -v c="$cross" -v a="$ad" -v t="${th:--1}" 'BEGIN {
		if (c < 1)
			printf "    analytical crossover: %.2f pages: dsa-sim is cheaper at every size\n", c
		else
			printf "    analytical crossover: %.2f pages\n", c
		if (a < 0)
			printf "    adaptive: never settled on dsa-sim within the sizes tried\n"
		else if (c < 1)
			printf "    adaptive crossover: %d pages (sizes start at 1: %s)\n", a,
				(a == 1 ? "agrees" : "DISAGREES")
		else {
			d = (a - c) / c * 100
			ok = (d <= 10 && d >= -10) ? "met" : "MISSED"
			printf "    adaptive crossover: %d pages, %+.1f%% from the analytical one (target within 10%%: %s)\n",
				a, d, ok
		}
		printf "    threshold (min_pages 32): first size sent to dsa-sim: %s\n", t < 0 ? "none" : t
	}'
done

# Time per batch against pages, cpu and dsa-sim, per model.
plots=
sep=
for model in $(grep -h '^BENCH,dsa-model,' "$raw" | cut -d, -f3); do
	for e in cpu dsa-sim; do
		[ $e = cpu ] && [ "$model" != default ] && continue	# the same engine
		f=$out/plot-dsa-$model-$e.dat
		awk -F, -v m="$model" -v e=$e 'NR > 1 && $1 == m && $2 == e { print $3, $4 / 1000 }' \
			"$out/dsa-cost.csv" >"$f"
		title=$e
		[ $e = dsa-sim ] && title="dsa-sim, model '$model' (MODEL)"
		plots="$plots$sep\"$f\" using 1:2 with linespoints title \"$title\""
		sep=', '
	done
done
gnuplot <<EOF
set terminal pngcairo size 900,560 font ",10"
set output "$out/dsa.png"
set title "Time per migration batch: cpu (QEMU TCG, -icount) vs dsa-sim (a MODEL of DSA, not hardware)"
set logscale xy 2
set xlabel "batch (4K pages)"
set ylabel "us per batch"
set key top left
set grid
plot $plots
EOF
rm -f "$out"/plot-dsa-*.dat
