# Shared by the deploy/demo/load-*.sh scripts: POST through the gateway, fail loudly on an error.
GATEWAY="${NF_GATEWAY_REST:-http://localhost:${NF_GATEWAY_REST_PORT:-8080}}"
BASE="$GATEWAY/api/v1"
M=0380 C=SCN
DEMO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

post() { # url body
  local out status
  out=$(mktemp)
  status=$(curl -sS -o "$out" -w '%{http_code}' -X POST "$1" -H 'content-type: application/json' \
    ${NF_TOKEN:+-H "Authorization: Bearer $NF_TOKEN"} --data-binary "$2")
  if [ "${status:0:1}" != 2 ]; then
    echo "POST $1 failed with HTTP $status: $(cat "$out")" >&2
    rm -f "$out"; return 1
  fi
  rm -f "$out"
}
# Each element of a JSON array file, one compact JSON document per line.
each() { python3 -c 'import json,sys; [print(json.dumps(x, ensure_ascii=False)) for x in json.load(open(sys.argv[1]))]' "$1"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
