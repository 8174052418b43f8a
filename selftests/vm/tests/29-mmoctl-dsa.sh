# mmoctl dsa without a DSA device (the VM has none): every subcommand says
# so with exit code 12; argument errors still come first (2 and 7).
# mmoctl status lists the four engines in order with their sysfs state.
. /selftests/lib.sh
nodsa="no Intel DSA device found: .*idxd driver is not loaded or the machine has none"

# The libaccel-config mmoctl links against must be in the initramfs.
ls /lib/*/libaccel-config.so* /usr/lib/*/libaccel-config.so* /lib/libaccel-config.so* \
	2>/dev/null | grep -q . || fail "libaccel-config is not in the initramfs"

run_expect 12 mmoctl dsa list
expect_in "$OUT" "$nodsa"
run_expect 12 mmoctl dsa list --json
expect_in "$OUT" "$nodsa"
run_expect 12 mmoctl dsa setup dsa0/wq0.0 --size 16
expect_in "$OUT" "$nodsa"
run_expect 12 mmoctl dsa enable wq0.0
expect_in "$OUT" "$nodsa"
run_expect 12 mmoctl dsa disable dsa0
expect_in "$OUT" "$nodsa"
run_expect 2 mmoctl dsa setup wq0.0 --sise 4
run_expect 7 mmoctl dsa setup wq0.0 --max-batch 0

# Engines: cpu and cpu-mt are always there; dsa and dsa-sim in whatever
# state their sysfs directories say, but all four, in this order.
state_re="(available|unavailable|not built)"
run_expect 0 mmoctl status
expect_in "$OUT" "^engine: +cpu +available"
expect_in "$OUT" "^engine: +cpu-mt +available"
expect_in "$OUT" "^engine: +dsa +$state_re"
expect_in "$OUT" "^engine: +dsa-sim +$state_re"
order=$(echo "$OUT" | awk '/^engine:/ { printf "%s ", $2 }')
expect_eq "$order" "cpu cpu-mt dsa dsa-sim " "engine order in mmoctl status"
for e in dsa dsa-sim; do
	if [ -d "$MMO/engines/$e" ]; then
		want=unavailable
		[ "$(eng $e available)" = 1 ] && want=available
	else
		want="not built"
	fi
	expect_in "$OUT" "^engine: +$e +$want"
done

run_expect 0 mmoctl status --json
expect_in "$OUT" '"engines": \[\{"name": "cpu", "state": "available", "inflight": [0-9]+\}, \{"name": "cpu-mt", "state": "available", "inflight": [0-9]+\}, \{"name": "dsa", "state": "(available|unavailable|not built)", "inflight": -?[0-9]+\}, \{"name": "dsa-sim", "state": "(available|unavailable|not built)", "inflight": -?[0-9]+\}\]'
exit 0
