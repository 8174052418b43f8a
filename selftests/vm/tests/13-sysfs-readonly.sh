# The stats in sysfs are read-only, even for root.
. /selftests/lib.sh
for f in policy state swaps exit_reason ejections migrate/calls migrate/invalid migrate/cpu/pages; do
	echo 1 2>/dev/null > "$MMO/$f" && fail "$f is writable"
	expect_eq "$(stat -c %a "$MMO/$f")" 444 "mode of $f"
done
true
