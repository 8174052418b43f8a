# A misbehaving policy is ejected: detached, the kernel's defaults back,
# the reason and its counts kept for the policy's exit callback, sysfs and
# mmoctl status. Migrations keep every page's content throughout.
. /selftests/lib.sh
no_policy
E=$MMO/eject
w0=$(cat $E/window_ms) i0=$(cat $E/invalid_max)
# ejected REASON-PATTERN: the policy was ejected for that reason.
ejected() {
	n=0
	while [ "$(mmo state)" != ejected ] && [ $n -lt 10 ]; do sleep 1; n=$((n + 1)); done
	expect_eq "$(mmo state)" ejected "state"
	expect_in "$(mmo exit_reason)" "$1"
	run_expect 0 mmoctl status
	expect_in "$OUT" "ejected: +$1"
	expect_eq "$(pol_val exit_calls)" 1 "exit callbacks"
	expect_eq "$(pol_val exit_kind)" 2 "exit kind (MMO_EXIT_EJECTED)"
}

# 1. Invalid decisions beyond invalid_max within the window.
echo 60000 > $E/window_ms
echo 5 > $E/invalid_max
run_expect 0 mmoctl load $TPOL/decline.bpf.o --set invalid_every=1
j0=$(mmo ejections)
run_expect 0 mmo-migrate --kb 16 --loops 10
ejected "invalid decisions: 6 invalid decisions"
expect_eq "$(pol_val exit_reason)" 1 "exit reason (MMO_EJECT_INVALID)"
expect_eq $(( $(mmo ejections) - j0 )) 1 "ejections"
# Defaults are back: the hooks no longer call the policy.
c0=$(mmo migrate/calls)
run_expect 0 mmo-migrate --mb 2 --loops 2
expect_eq "$(mmo migrate/calls)" $c0 "decisions after the ejection"
# An unprivileged user cannot change the rules.
mmo-runas 65534 sh -c "echo 1 > $E/invalid_max" 2>/dev/null && fail "nobody wrote eject/invalid_max"
# Unload clears the state; the reason stays for the record.
run_expect 0 mmoctl unload
expect_eq "$(mmo state)" none "state after unload"
expect_in "$(mmo exit_reason)" "invalid decisions"
echo $i0 > $E/invalid_max

# 2. An engine the policy was told is not available: at once.
run_expect 0 mmoctl load $TPOL/fixed.bpf.o --set engine=dsa
run_expect 0 mmo-migrate --mb 1
ejected "engine unavailable: chose engine dsa"
expect_eq "$(pol_val exit_reason)" 2 "exit reason (MMO_EJECT_ENGINE)"
# 3. swap replaces an ejected policy: attached again.
run_expect 0 mmoctl swap $POL/cpu_only.bpf.o
expect_eq "$(mmo state)" attached "state after swapping the ejected policy out"
expect_eq "$(mmo policy)" cpu_only "policy after the swap"
c0=$(row cpu batches)
run_expect 0 mmo-migrate --mb 1
expect_gt $(( $(row cpu batches) - c0 )) 0 "cpu_only's batches"
no_policy

# 4. Engine failures: dsa-sim failing every descriptor.
sim_reset
echo 1 > $SIM/fault_kind
echo 1 > $SIM/fault_interval
echo 1000000 > $SIM/fault_times
run_expect 0 mmoctl load $TPOL/fixed.bpf.o --set engine=dsa-sim
run_expect 0 mmo-migrate --mb 4 --loops 2
ejected "engine failures: engines failed"
expect_eq "$(pol_val exit_reason)" 3 "exit reason (MMO_EJECT_FAILURES)"
expect_gt "$(pol_val exit_failures)" 255 "failures the exit callback was told of"
no_policy
sim_reset

# 5. A policy's own request, its words kept (and escaped in JSON).
run_expect 0 mmoctl load $TPOL/self_eject.bpf.o
run_expect 0 mmo-migrate --kb 64 --loops 6
ejected "policy's own request: self_eject: asked to give up"
run_expect 0 mmoctl status --json
expect_in "$OUT" 'give up \\"now\\"'
no_policy

# 6. Random decisions under load: all corrected, content intact, ejected
# by one rule or another. A long window, so the rule counts decisions, not
# how many a (debug, slow) kernel makes per second: about four in nine are
# invalid, so 32 of them come within some 75 decisions, unless an
# unavailable engine (dsa) is chosen first.
echo 60000 > $E/window_ms
echo 32 > $E/invalid_max
run_expect 0 mmoctl load $TPOL/garbage.bpf.o
n=0
while [ "$(mmo state)" = attached ] && [ $n -lt 40 ]; do
	if [ $((n % 4)) = 3 ]; then
		run_expect 0 mmo-migrate --mb 4 --thp --loops 2
	else
		run_expect 0 mmo-migrate --mb 2 --loops 4
	fi
	n=$((n + 1))
done
ejected "invalid decisions|engine unavailable"
echo $w0 > $E/window_ms
echo $i0 > $E/invalid_max
note "garbage: $(pol_val nr_decisions) decisions before the ejection: $(mmo exit_reason)"
no_policy
