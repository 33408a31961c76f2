#!/usr/bin/env bash
# Mints a token the local suite accepts, signed with the key scripts/run.sh uses (.run/signing-key, or
# Auth__SigningKey from the environment). Examples:
#   scripts/mint-token.sh --municipality 0380 --committee SCN --role committee_writer
#   scripts/mint-token.sh --municipality 0380 --role municipal_office
#   scripts/mint-token.sh --municipality 0380 --role bi_reader --hours 24
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${Auth__SigningKey:-}" ]; then
  [ -s .run/signing-key ] || { mkdir -p .run; head -c 48 /dev/urandom | base64 -w0 > .run/signing-key; }
  export Auth__SigningKey="$(cat .run/signing-key)"
fi
dll="gateway/bin/${NF_CONFIGURATION:-Debug}/net10.0/NamndFollowUp.Gateway.dll"
[ -f "$dll" ] || dotnet build gateway -c "${NF_CONFIGURATION:-Debug}" -nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet "$dll" mint-token "$@"
