#!/bin/sh
# Run every VM selftest (tests/*.sh, in order, each in its own shell), print
# PASS/FAIL per test and finish with "N passed, N failed". Exits non-zero if
# anything failed. Arguments, if given, are test names to run instead.
cd /selftests/tests || exit 1
pass=0 failed=0
tests=${*:-$(ls *.sh | sed 's/\.sh$//')}
for t in $tests; do
	echo "--- $t"
	if sh "./$t.sh"; then
		echo "PASS $t"
		pass=$((pass + 1))
	else
		echo "FAIL $t"
		failed=$((failed + 1))
	fi
	mmoctl unload >/dev/null 2>&1
done
echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
