#!/bin/bash
# make bench: the migration benchmark, in the TCG VM.
#
# Four VM runs:
#   wall    vm-migrate.sh under MTTCG (one host thread per vCPU), 2 vCPUs.
#           Throughput per engine and chunk size, and the hook cost. Wall
#           time under TCG is distorted (emulation, not DRAM, sets the pace)
#           and noisy; it is the only clock under which cpu-mt's
#           parallelism shows at all.
#   icount  vm-migrate.sh under -icount shift=0: all vCPUs run in one host
#           thread and the guest clock counts instructions, so figures
#           repeat to within a few tenths of a percent. Used for the hook
#           cost; cpu-mt cannot win here by construction.
#   dsa     vm-dsa.sh under -icount: cost per batch on cpu and on dsa-sim
#           (a MODEL of DSA), the crossover, and where adaptive and
#           threshold put it (dsa-report.sh).
#   compact vm-compact.sh, wall clock: compaction pages/s and direct-compaction
#           THP fault latency per engine and batch size.
#   promote vm-promote.sh under -icount: promotions, demotions, ping-pong and
#           hot-set residency time, stock vs tiering over targets and limits,
#           and the cost of promote_tune / promote_folio (promote-report.sh).
#   ksm     vm-ksm.sh under -icount: merges per ksmd CPU-second, batched vs
#           serial on cpu and dsa-sim (a MODEL), and the batch sweep's memory
#           saved over time (ksm-report.sh).
#
# Writes $out/migrate.csv, $out/hook.csv, $out/migrate.png, $out/dsa-cost.csv,
# $out/dsa-pick.csv, $out/dsa.png, $out/compact.csv, $out/compact-direct.csv,
# $out/promote.csv, $out/promote-cost.csv, $out/promote.png, $out/ksm.csv,
# $out/ksm-trace.csv, $out/ksm.png and $out/summary.txt, and prints the
# summary.
#
# usage: run-bench.sh --kernel K --initramfs I --out DIR [--quick]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernel= initramfs= out= quick=0
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--initramfs) initramfs=$2; shift ;;
	--out) out=$2; shift ;;
	--quick) quick=1 ;;
	*) echo "run-bench: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$kernel" ] && [ -n "$initramfs" ] && [ -n "$out" ] || {
	echo "usage: run-bench.sh --kernel K --initramfs I --out DIR" >&2; exit 2; }
command -v gnuplot >/dev/null || { echo "run-bench: gnuplot missing (make bench-deps)" >&2; exit 2; }
mkdir -p "$out"

mb=64 env=
[ "$quick" = 1 ] && mb=8 env="BENCH_MOVES=2 BENCH_CHUNKS='1 32 512' BENCH_REPS=1 BENCH_HOOK_ROUNDS=3"
env="BENCH_MB=$mb $env"

# vm NAME CMD [run-vm options]: one VM run; BENCH rows go to $out/raw-NAME.
vm() {
	local name=$1 cmd=$2
	shift 2
	echo "== VM run: $name ($cmd)"
	"$here/../vm/run-vm.sh" --kernel "$kernel" --initramfs "$initramfs" \
		--extra "$here" --log "$out/console-$name.log" "$@" \
		--cmd "$env $cmd" |
		grep --line-buffered -v '^BENCH,' || true
	grep -a '^BENCH-DONE' "$out/console-$name.log" >/dev/null || {
		echo "run-bench: the $name run did not finish; see $out/console-$name.log" >&2
		exit 1
	}
	grep -a '^BENCH,' "$out/console-$name.log" >"$out/raw-$name"
}

start=$(date +%s)
vm wall "sh /extra/vm-migrate.sh wall throughput hook"
vm icount "sh /extra/vm-migrate.sh icount hook" --icount
# The DSA model: -icount, so the CPU's side repeats as the model's does.
dsa_env=
[ "$quick" = 1 ] && dsa_env="BENCH_DSA_COST_SIZES='1 8 64' BENCH_DSA_PICK_MAX=8 BENCH_DSA_LOOPS=2 BENCH_DSA_MODELS=slowsubmit"
# One vCPU: under -icount the guest clock counts every vCPU's instructions,
# so the simulated device's thread must not run beside the submitter.
vm dsa "$dsa_env sh /extra/vm-dsa.sh" --icount --smp 1
# Compaction batch sizes per engine: wall clock, so cpu-mt can show.
compact_env=
[ "$quick" = 1 ] && compact_env="BENCH_COMPACT_MB=160 BENCH_COMPACT_BATCHES='32 512' BENCH_COMPACT_FAULTS=4"
vm compact "$compact_env sh /extra/vm-compact.sh"
{
	echo "engine,batch_pages,mb,pages,ms,pages_per_s"
	grep -h '^BENCH,compact,' "$out/raw-compact" | cut -d, -f3-
} >"$out/compact.csv"
{
	echo "engine,batch_pages,faults,thp,avg_us,max_us"
	grep -h '^BENCH,direct,' "$out/raw-compact" | cut -d, -f3-
} >"$out/compact-direct.csv"
# Promotion: -icount too. Promotion is paced by guest time (rate limits per
# second, a 2 s threshold period); under MTTCG a guest second holds far
# less work than on hardware and varies with the host's load, so the limits
# would bite at random. With -icount a second is 10^9 instructions, and runs
# repeat.
promo_env=
[ "$quick" = 1 ] && promo_env="BENCH_PROMO_SECS=6 BENCH_PROMO_CONFIGS='256/16/1 64/16/1' BENCH_PROMO_COST_PASSES=100000 BENCH_PROMO_COST_ROUNDS=3 BENCH_PROMO_REPS=1"
# Three runs of every configuration: about 17 min.
vm promote "$promo_env sh /extra/vm-promote.sh icount" --icount --timeout 3600
# KSM, batched vs serial and the batch sweep: -icount, so ksmd's CPU time
# repeats from run to run.
ksm_env=
[ "$quick" = 1 ] && ksm_env="BENCH_KSM_PAGES=1024 BENCH_KSM_KINDS=16 BENCH_KSM_REPS=1 BENCH_KSM_SWEEP='1 16 256'"
vm ksm "$ksm_env sh /extra/vm-ksm.sh" --icount

{
	echo "clock,rep,kind,engine,chunk_pages,mb,moves,move_ns,mb_per_s"
	grep -h '^BENCH,throughput,' "$out"/raw-* | cut -d, -f3-
} >"$out/migrate-runs.csv"
# migrate.csv: the median over the repetitions of each configuration.
{
	echo "clock,kind,engine,chunk_pages,mb,moves,reps,median_move_ns,mb_per_s"
	tail -n +2 "$out/migrate-runs.csv" | sort -t, -k1,1 -k3,3 -k4,4 -k5,5n -k8,8n |
		awk -F, '
		function flush() {
			if (n) {
				m = v[int((n + 1) / 2)]
				printf "%s,%d,%.0f,%.0f\n", key, n, m, mb * moves * 1e9 / m
			}
			n = 0
		}
		{
			k = $1 "," $3 "," $4 "," $5 "," $6 "," $7
			if (k != key) { flush(); key = k; mb = $6; moves = $7 }
			v[++n] = $8
		}
		END { flush() }'
} >"$out/migrate.csv"
{
	echo "clock,round,config,move_ns"
	grep -h '^BENCH,hook,' "$out"/raw-* | cut -d, -f3-
} >"$out/hook.csv"

# ---- summary ---------------------------------------------------------------
# Per clock: the median move time of each configuration over the rounds, and
# the ratios to "detached".
hook_summary() {
	local clock=$1
	for cfg in detached cpu_only decline; do
		printf '%s ' "$cfg"
		awk -F, -v c="$clock" -v g="$cfg" '$1 == c && $3 == g { print $4 }' "$out/hook.csv" |
			sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'
	done | awk -v c="$clock" '
		{ med[$1] = $2; lo[$1] = $3; hi[$1] = $4 }
		END {
			printf "hook cost (%s clock, median [min-max] of rounds):\n", c
			for (i = 1; i <= 3; i++) {
				g = i == 1 ? "detached" : i == 2 ? "cpu_only" : "decline"
				printf "  %-8s %8.1f ms [%.1f-%.1f]\n", g, med[g] / 1e6, lo[g] / 1e6, hi[g] / 1e6
			}
			printf "  cpu_only / detached = %.4f (%+.2f%%), decline / detached = %.4f (%+.2f%%)\n",
				med["cpu_only"] / med["detached"], (med["cpu_only"] / med["detached"] - 1) * 100,
				med["decline"] / med["detached"], (med["decline"] / med["detached"] - 1) * 100
		}'
}

# cpu-mt vs cpu on THP at each chunk size, and the best of each (mawk: no
# sorting inside awk, so the rows come in sorted by chunk).
mt_summary() {
	awk -F, '$1 == "wall" && $2 == "thp" && ($3 == "cpu" || $3 == "cpu-mt")' "$out/migrate.csv" |
		sort -t, -k4,4n | awk -F, '
		{
			r[$3 "," $4] = $9
			if ($9 > best[$3]) { best[$3] = $9; at[$3] = $4 }
			if (!($4 in seen)) { seen[$4] = 1; order[++n] = $4 }
		}
		END {
			printf "2M folios, wall clock, MB/s:\n  chunk    cpu  cpu-mt  cpu-mt/cpu\n"
			for (i = 1; i <= n; i++) {
				k = order[i]
				if (r["cpu," k] && r["cpu-mt," k])
					printf "  %5s  %5d  %6d  %.2f\n", k, r["cpu," k], r["cpu-mt," k],
						r["cpu-mt," k] / r["cpu," k]
			}
			if (best["cpu"] && best["cpu-mt"])
				printf "  best: cpu %d MB/s (chunk %s), cpu-mt %d MB/s (chunk %s): ratio %.2f\n",
					best["cpu"], at["cpu"], best["cpu-mt"], at["cpu-mt"],
					best["cpu-mt"] / best["cpu"]
		}'
}

{
	echo "mm-offload migration benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "QEMU TCG VM, 2 vCPUs on $(nproc) host cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))."
	echo "Wall-clock figures are TCG-emulated copies: compare them with each other, not with hardware."
	echo
	mt_summary
	echo
	hook_summary wall
	hook_summary icount
	echo
	"$here/dsa-report.sh" "$out"
	echo
	echo "compaction (vm.compact_memory, TCG wall clock; direct: THP faults that compact):"
	echo "  engine  batch   pages/s  vs stock   direct avg_us  max_us  thp/faults"
	join -t, <(tail -n +2 "$out/compact.csv" | awk -F, '{ print $1 "/" $2 "," $6 }' | sort) \
		<(tail -n +2 "$out/compact-direct.csv" | awk -F, '{ print $1 "/" $2 "," $5 "," $6 "," $4 "/" $3 }' | sort) |
		awk -F, -v s="$(awk -F, '$2 == "stock" { print $6 }' "$out/compact.csv")" '
		{ split($1, k, "/"); printf "  %-6s  %5s  %8d  %8.2f  %13d  %6d  %s\n", k[1], k[2], $2, s ? $2 / s : 0, $3, $4, $5 }'
	echo
	"$here/promote-report.sh" "$out"
	echo
	"$here/ksm-report.sh" "$out"
} | tee "$out/summary.txt"

# ---- plot ------------------------------------------------------------------
for kind in 4k thp; do
	for e in $(awk -F, -v k=$kind 'NR > 1 && $1 == "wall" && $2 == k && $3 != "stock" { print $3 }' "$out/migrate.csv" | sort -u); do
		awk -F, -v k=$kind -v e="$e" '$1 == "wall" && $2 == k && $3 == e { print $4, $9 }' \
			"$out/migrate.csv" >"$out/plot-$kind-$e.dat"
	done
done
stock_4k=$(awk -F, '$1 == "wall" && $2 == "4k" && $3 == "stock" { print $9 }' "$out/migrate.csv")
stock_thp=$(awk -F, '$1 == "wall" && $2 == "thp" && $3 == "stock" { print $9 }' "$out/migrate.csv")
plots() {
	local kind=$1 sep=
	for f in "$out"/plot-$kind-*.dat; do
		local e=${f##*/plot-$kind-}
		printf '%s"%s" using 1:2 with linespoints title "%s"' "$sep" "$f" "${e%.dat}"
		sep=', '
	done
}
gnuplot <<EOF
set terminal pngcairo size 1200,500 font ",10"
set output "$out/migrate.png"
set multiplot layout 1,2 title "mm-offload migration throughput vs chunk size (QEMU TCG, 2 vCPUs, wall clock; ${stock_4k:-?}/${stock_thp:-?} MB/s stock)"
set logscale x 2
set xlabel "chunk (pages)"
set ylabel "MB/s"
set yrange [0:*]
set key bottom right
set grid
set title "$mb MB of 4K folios"
plot $(plots 4k), ${stock_4k:-0} with lines dashtype 2 title "stock (no policy)"
set title "$mb MB of 2M folios (THP)"
plot $(plots thp), ${stock_thp:-0} with lines dashtype 2 title "stock (no policy)"
unset multiplot
EOF
rm -f "$out"/plot-*.dat
echo
echo "bench: $out/migrate.csv $out/hook.csv $out/migrate.png $out/dsa-*.csv $out/dsa.png $out/compact*.csv $out/promote*.csv $out/promote.png $out/ksm*.csv $out/ksm.png ($(( $(date +%s) - start )) s)"
