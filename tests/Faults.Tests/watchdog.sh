#!/bin/sh
# Ends every process a fault harness started once the harness is gone, however it went (SIGKILL, a killed test run, a
# closed terminal): its own PostgreSQL and RabbitMQ are daemons that pg_ctl and rabbitmq-server detach, and its service
# replicas would be orphaned, so neither dies with it by itself.
# Usage: watchdog.sh HARNESS_PID DIRECTORY, or watchdog.sh - DIRECTORY to end them now (the harness's own last step). Every process the harness starts carries NF_FAULTS_HARNESS=DIRECTORY in its
# environment (inherited by PostgreSQL's backends and the Erlang VM's helpers), which is how they are found: by that
# mark, never by name, so the shared servers and other runs' processes are never touched. Run with a dead HARNESS_PID,
# it cleans up at once (the next run does so for a harness whose watchdog died with it).
harness=$1
directory=$2
[ -n "$harness" ] && [ -n "$directory" ] || { echo "usage: $0 HARNESS_PID DIRECTORY" >&2; exit 2; }

if [ "$harness" != - ]; then
  while kill -0 "$harness" 2>/dev/null; do
    sleep 1
  done
fi

owned() {
  for process in /proc/[0-9]*; do
    pid=${process#/proc/}
    [ "$pid" = "$$" ] && continue
    # epmd is the Erlang port mapper the shared node uses too, should this node have started it.
    [ "$(cat "$process/comm" 2>/dev/null)" = epmd ] && continue
    if tr '\0' '\n' < "$process/environ" 2>/dev/null | grep -qxF "NF_FAULTS_HARNESS=$directory"; then
      echo "$pid"
    fi
  done
}

# PostgreSQL first with SIGQUIT (its immediate shutdown: the postmaster ends its backends and releases shared memory),
# everything else with SIGKILL; whatever still runs 5 s later gets SIGKILL too.
for pid in $(owned); do
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then kill -QUIT "$pid" 2>/dev/null; else kill -KILL "$pid" 2>/dev/null; fi
done
for _ in 1 2 3 4 5; do
  [ -z "$(owned)" ] && break
  sleep 1
done
for pid in $(owned); do kill -KILL "$pid" 2>/dev/null; done
rm -rf "$directory"
