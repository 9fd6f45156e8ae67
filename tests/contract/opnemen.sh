#!/usr/bin/env bash
# Record the ZGW contract cassettes again against a running Open Zaak (or any ZGW base URL).
#   tests/contract/opnemen.sh http://127.0.0.1:8300
# Needs, in the environment: WERKPAD_ZGW_CLIENT_ID / WERKPAD_ZGW_SECRET (werkpad's Applicatie) and
# WERKPAD_ZGW_BEHEER_CLIENT_ID / WERKPAD_ZGW_BEHEER_SECRET (a client with all rights, playing the gemeente);
# optionally WERKPAD_ZGW_RSIN (the catalogue's RSIN, default 001826219) and WERKPAD_ZGW_VERSIE (written into
# meta.json). Then check the diff: no secret, no real BSN (Authorization is filtered; the BSNs are fictitious).
set -euo pipefail
cd "$(dirname "$0")/../.."
url=${1:?geef de basis-URL van de ZGW-APIs, bijv. http://127.0.0.1:8300}
: "${WERKPAD_ZGW_SECRET:?zet WERKPAD_ZGW_SECRET}" "${WERKPAD_ZGW_BEHEER_SECRET:?zet WERKPAD_ZGW_BEHEER_SECRET}"
WERKPAD_ZGW_CONTRACT=live WERKPAD_ZGW_OPNEMEN=1 WERKPAD_ZGW_URL="$url" \
  .venv/bin/python -m pytest -p no:cacheprovider tests/contract -q
grep -rl -e "$WERKPAD_ZGW_SECRET" -e "$WERKPAD_ZGW_BEHEER_SECRET" tests/contract/cassettes && \
  { echo "Een geheim staat in een cassette: niet committen." >&2; exit 1; }
WERKPAD_ZGW_CONTRACT=replay .venv/bin/python -m pytest -p no:cacheprovider tests/contract -q
echo "Opgenomen en afgespeeld: tests/contract/cassettes/ (controleer de diff en commit)."
