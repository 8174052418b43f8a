#!/bin/sh
# Run every VM selftest (tests/*.sh, in order, each in its own shell), print
# PASS/FAIL per test and finish with "N passed, N failed". Exits non-zero if
# anything failed. Arguments, if given, are test names to run instead.
# MMO_TEST_PREFIX, if set, goes before every test's name (stock-kernel/).
cd /selftests/tests || exit 1
pass=0 failed=0
# On the debug kernel (make test-debug) every kernel message is kept, since
# the console shows only errors, and checked at the end.
debug=0
if grep -qw mmo_debug /proc/cmdline; then
	debug=1
	cat /proc/kmsg > /tmp/kmsg.log &
fi
tests=${*:-$(ls *.sh | sed 's/\.sh$//')}
for t in $tests; do
	echo "--- $t"
	t0=$(date +%s)
	if sh "./$t.sh"; then
		echo "PASS ${MMO_TEST_PREFIX:-}$t"
		pass=$((pass + 1))
	else
		echo "FAIL ${MMO_TEST_PREFIX:-}$t"
		failed=$((failed + 1))
	fi
	echo "  ($t: $(( $(date +%s) - t0 )) s)"
	mmoctl unload >/dev/null 2>&1
done
if [ $debug = 1 ]; then
	sleep 1
	# What KASAN, KFENCE, lockdep, DEBUG_VM and might_sleep() report.
	reports='BUG: |WARNING: |KASAN|KFENCE|possible circular locking|possible recursive locking|inconsistent lock state|sleeping function called from invalid context|suspicious RCU usage|Oops'
	if grep -aE "$reports" /tmp/kmsg.log | sed 's/^/KERNEL-REPORT: /' | grep .; then
		echo "FAIL debug-kernel-reports"
		failed=$((failed + 1))
	else
		echo "PASS debug-kernel-reports ($(wc -l < /tmp/kmsg.log) kernel messages, none from a checker)"
		pass=$((pass + 1))
	fi
fi
echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
