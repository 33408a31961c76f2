#!/usr/bin/env bash
# Stops the local RabbitMQ and PostgreSQL that infra-up.sh started.
set -uo pipefail
export PATH="$PATH:/usr/sbin"
rabbitmqctl -q shutdown >/dev/null 2>&1 && echo "[infra] RabbitMQ stopped"
read -r v c _ < <(pg_lsclusters -h | head -n1)
pg_ctlcluster "$v" "$c" stop 2>/dev/null && echo "[infra] PostgreSQL stopped"
exit 0
