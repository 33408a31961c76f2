#!/usr/bin/env bash
# Installs (when missing) and starts PostgreSQL and RabbitMQ from Debian's packages, without systemd,
# and creates the role the services log in with. Idempotent: safe to run again while they run.
# Overrides: NF_PG_USER / NF_PG_PASSWORD (the role), NF_SKIP_INFRA=1 (use servers you manage yourself).
set -euo pipefail

PG_USER="${NF_PG_USER:-namnd}"
PG_PASSWORD="${NF_PG_PASSWORD:-namnd}"

log() { printf '[infra] %s\n' "$*"; }

if [ "${NF_SKIP_INFRA:-0}" = "1" ]; then
  log "NF_SKIP_INFRA=1: using the servers in the connection strings as they are"
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
export PATH="$PATH:/usr/sbin"

# PostgreSQL: the first cluster Debian created (15/main on bookworm).
read -r PG_VERSION PG_CLUSTER _ < <(pg_lsclusters -h | head -n1)
if ! pg_lsclusters -h | awk '{print $4}' | head -n1 | grep -q online; then
  log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
  as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
pg_isready -h 127.0.0.1 >/dev/null || { log "PostgreSQL did not become ready"; exit 1; }

psql_admin() { as_root su postgres -c "psql -v ON_ERROR_STOP=1 -qAt -c \"$1\""; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
  log "creating role $PG_USER"
  psql_admin "CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi

# dotnet test runs the test projects side by side, and each end-to-end tier starts the suite's processes with
# connection pools of their own: PostgreSQL's default of 100 connections ran out ("remaining connection slots are
# reserved"). A restart is needed once, the first time.
if [ "$(psql_admin "SHOW max_connections")" -lt 400 ]; then
  log "raising PostgreSQL's max_connections to 400 (restarts it once)"
  psql_admin "ALTER SYSTEM SET max_connections = 400"
  as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 >/dev/null || { log "PostgreSQL did not become ready after the restart"; exit 1; }
fi

# RabbitMQ: started detached; await_startup fails at once while the node still boots, so loop.
if ! rabbitmqctl -q status >/dev/null 2>&1; then
  log "starting RabbitMQ"
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    rabbitmqctl -q await_startup >/dev/null 2>&1 && break
    sleep 1
  done
fi
rabbitmqctl -q await_startup >/dev/null 2>&1 || { log "RabbitMQ did not start"; exit 1; }
# An application stopped by an outage test (stop_app) is started again.
rabbitmqctl -q start_app >/dev/null 2>&1 || true
log "PostgreSQL and RabbitMQ are running"
