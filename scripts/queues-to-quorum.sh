#!/usr/bin/env bash
# Upgrades a local broker whose queues an earlier version of the suite declared classic. The services now
# declare quorum queues (Messaging__QuorumQueues, README "Configuration"), and RabbitMQ refuses to re-declare an
# existing queue with another type (PRECONDITION_FAILED "inequivalent arg 'x-queue-type'"), so the services
# would never become ready on a machine that ran an earlier version.
#
# A queue's type cannot be changed in place. An EMPTY classic queue of ours with no consumers is deleted: the
# service declares it again as a quorum queue, with its bindings, when it starts. A classic queue still holding
# messages is left alone and this script stops with a message, because deleting it would lose accepted events:
# start the previous version until its consumers have drained it, then run this again.
#
# Only the suite's own queues (economy-, planning-, keyfigures-) in the given virtual host are touched.
set -euo pipefail
VHOST="${1:-/}"
log() { echo "[queues] $*"; }

command -v rabbitmqctl >/dev/null 2>&1 || { log "no local rabbitmqctl: nothing to upgrade here"; exit 0; }

held=0
while IFS=$'\t' read -r name type messages consumers; do
  case "$name" in economy-*|planning-*|keyfigures-*) ;; *) continue ;; esac
  [ "$type" = classic ] || continue
  if [ "$messages" != 0 ]; then
    log "queue '$name' is classic and holds $messages message(s): not deleted (it would lose them); drain it with the previous version first"
    held=1
  elif [ "$consumers" != 0 ]; then
    log "queue '$name' is classic and still has $consumers consumer(s): stop the previous version first"
    held=1
  else
    # </dev/null: rabbitmqctl would otherwise read the rest of the queue list from this loop's input.
    rabbitmqctl -q delete_queue -p "$VHOST" "$name" --if-empty --if-unused </dev/null >/dev/null
    log "queue '$name' was classic and empty: deleted, the service declares it again as a quorum queue"
  fi
done < <(rabbitmqctl -q list_queues -p "$VHOST" name type messages consumers --no-table-headers 2>/dev/null)

exit "$held"
