#!/usr/bin/env bash
# Starts the whole suite with the seed's committee as demo data: PostgreSQL and RabbitMQ (installed and
# started when missing), the three services and the gateway. Ctrl-C stops the five processes.
#
# Overrides (environment): NF_ECONOMY_PORT 5101, NF_PLANNING_PORT 5102, NF_KEYFIGURES_PORT 5103,
# NF_GATEWAY_REST_PORT 8080 (HTTP/1.1, REST/JSON), NF_GATEWAY_GRPC_PORT 8081 (cleartext HTTP/2, gRPC), NF_WEB_PORT 8090,
# ConnectionStrings__Economy / __Planning / __KeyFigures / __RabbitMq (managed servers; with
# NF_SKIP_INFRA=1 nothing is installed or started locally), NF_NO_DEMO=1 (no demo data).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

export NF_ECONOMY_PORT="${NF_ECONOMY_PORT:-5101}" NF_PLANNING_PORT="${NF_PLANNING_PORT:-5102}" NF_KEYFIGURES_PORT="${NF_KEYFIGURES_PORT:-5103}"
export NF_GATEWAY_REST_PORT="${NF_GATEWAY_REST_PORT:-8080}" NF_GATEWAY_GRPC_PORT="${NF_GATEWAY_GRPC_PORT:-8081}" NF_WEB_PORT="${NF_WEB_PORT:-8090}"
CONFIGURATION="${NF_CONFIGURATION:-Debug}"
LOGS="$ROOT/.run/logs"
mkdir -p "$LOGS"

./scripts/infra-up.sh
# A broker an earlier version declared classic queues on: make way for the quorum queues (stops if one holds events).
if [ "${NF_SKIP_INFRA:-0}" != "1" ] && [ "${Messaging__QuorumQueues:-true}" != "false" ]; then
  ./scripts/queues-to-quorum.sh
fi
# Chromium (PDF documents), poppler and fonts: scripts/render-tools.sh.
. ./scripts/render-tools.sh
ensure_render_tools

# Tokens: the services validate them with this key (unless Auth__Authority points at a real identity
# provider). A key is made once per checkout and kept in .run/ so tokens minted by scripts/mint-token.sh
# stay valid across restarts.
if [ -z "${Auth__SigningKey:-}" ] && [ -z "${Auth__Authority:-}" ]; then
  [ -s .run/signing-key ] || head -c 48 /dev/urandom | base64 -w0 > .run/signing-key
  export Auth__SigningKey="$(cat .run/signing-key)"
fi

echo "[run] building ($CONFIGURATION)"
dotnet build NamndFollowUp.sln -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly

pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "[run] stopping the suite"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  echo "[run] stopped (PostgreSQL and RabbitMQ keep running; scripts/infra-down.sh stops them)"
}
trap stop INT TERM EXIT

start() { # name dll [env...]
  local name=$1 dll=$2; shift 2
  # From its output folder, so the process finds its appsettings.json.
  (cd "$(dirname "$dll")" && exec env "$@" dotnet "$dll") >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
  echo "[run] $name started (pid $!, log .run/logs/$name.log)"
}
bin() { echo "$ROOT/$1/bin/$CONFIGURATION/net10.0/$2"; }

start economy "$(bin services/economy NamndFollowUp.Economy.dll)" Urls="http://localhost:$NF_ECONOMY_PORT" DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Production}"
start planning "$(bin services/planning NamndFollowUp.Planning.dll)" Urls="http://localhost:$NF_PLANNING_PORT" Services__economy="http://localhost:$NF_ECONOMY_PORT"
start keyfigures "$(bin services/keyfigures NamndFollowUp.KeyFigures.dll)" Urls="http://localhost:$NF_KEYFIGURES_PORT" Services__economy="http://localhost:$NF_ECONOMY_PORT"
start gateway "$(bin gateway NamndFollowUp.Gateway.dll)" \
  Kestrel__Endpoints__Rest__Url="http://localhost:$NF_GATEWAY_REST_PORT" \
  Kestrel__Endpoints__Grpc__Url="http://localhost:$NF_GATEWAY_GRPC_PORT" \
  ReverseProxy__Clusters__economy__Destinations__primary__Address="http://localhost:$NF_ECONOMY_PORT" \
  ReverseProxy__Clusters__planning__Destinations__primary__Address="http://localhost:$NF_PLANNING_PORT" \
  ReverseProxy__Clusters__keyfigures__Destinations__primary__Address="http://localhost:$NF_KEYFIGURES_PORT"

wait_ready() { # name url [curl flags]
  local name=$1 url=$2; shift 2
  for _ in $(seq 1 120); do
    if curl -sf "$@" "$url" >/dev/null 2>&1; then return 0; fi
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "[run] a process exited; see .run/logs" >&2; tail -n 30 "$LOGS"/*.log >&2; exit 1; }; done
    sleep 0.5
  done
  echo "[run] $name did not become ready; see .run/logs/$name.log" >&2; exit 1
}
# The web app signs people in. With the local key (no identity provider) it runs in Development with the
# development sign-in, which mints tokens with that key; with Auth__Authority it needs Oidc__Authority and
# Oidc__ClientId (the municipality's provider) and runs as Production.
if [ -n "${Auth__SigningKey:-}" ] && [ -z "${Auth__Authority:-}" ]; then
  web_env=(DOTNET_ENVIRONMENT=Development DevSignIn__Enabled=true)
else
  web_env=(DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Production}")
fi
start web "$(bin web NamndFollowUp.Web.dll)" Urls="http://localhost:$NF_WEB_PORT" "${web_env[@]}" \
  Gateway__GrpcAddress="http://localhost:$NF_GATEWAY_GRPC_PORT" Gateway__RestAddress="http://localhost:$NF_GATEWAY_REST_PORT"

wait_ready economy "http://localhost:$NF_ECONOMY_PORT/healthz/ready" --http2-prior-knowledge
wait_ready planning "http://localhost:$NF_PLANNING_PORT/healthz/ready" --http2-prior-knowledge
wait_ready keyfigures "http://localhost:$NF_KEYFIGURES_PORT/healthz/ready" --http2-prior-knowledge
wait_ready gateway "http://localhost:$NF_GATEWAY_REST_PORT/healthz/ready"
wait_ready web "http://localhost:$NF_WEB_PORT/healthz"

# The demo loads as Socialnämnden's own system (committee writer) that also defines the municipality's
# shared data (municipal office), which a real kommun would split between two clients.
export NF_TOKEN="${NF_TOKEN:-$(./scripts/mint-token.sh --municipality 0380 --committee SCN --role committee_writer --role municipal_office --subject demo-loader)}"
if [ "${NF_NO_DEMO:-0}" != "1" ]; then
  ./scripts/load-demo.sh
fi
READ_TOKEN=$(./scripts/mint-token.sh --municipality 0380 --committee SCN --role committee_reader --subject demo-reader)

GW="http://localhost:$NF_GATEWAY_REST_PORT"
cat <<TXT

The suite is running.
  Web app:                    http://localhost:$NF_WEB_PORT  (development sign-in: pick kommun 0380, a role and a nämnd, e.g. SCN)
  REST/JSON (HTTP/1.1):       $GW/api/v1/...
  gRPC (cleartext HTTP/2):    localhost:$NF_GATEWAY_GRPC_PORT
Try:
  TOKEN=$READ_TOKEN
  curl -H "Authorization: Bearer \$TOKEN" '$GW/api/v1/economy/municipalities/0380/committees/SCN/result-summary?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR'
  curl -H "Authorization: Bearer \$TOKEN" '$GW/api/v1/keyfigures/municipalities/0380/committees/SCN/sheet/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR' > nyckeltal.html
  (the whole follow-up in one call, the BI export and more: README.md, "Trying it")
(a committee reader's token for Socialnämnden, valid 8 hours; mint others with scripts/mint-token.sh)
Ctrl-C stops the suite.
TXT
wait
