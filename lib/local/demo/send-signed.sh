#!/bin/sh
# Signs a ticket file and POSTs it, as a helpdesk would: curl and openssl only.
#   TRIAGE_WEBHOOK_SECRET=whsec_... send-signed.sh http://127.0.0.1:3000/tickets ticket.json
#   ZENDESK_WEBHOOK_SECRET=...      send-signed.sh http://127.0.0.1:3000/webhooks/zendesk zendesk-ticket.json
#   RECORDS_WEBHOOK_SECRET=whsec_... send-signed.sh http://127.0.0.1:3000/records/changes record-change.json
set -eu
url=$1
body=$(cat "$2")
case "$url" in
  */webhooks/zendesk)
    : "${ZENDESK_WEBHOOK_SECRET:?set ZENDESK_WEBHOOK_SECRET}"
    # Zendesk: base64(HMAC-SHA256(secret, timestamp + body)), the timestamp in ISO 8601.
    ts=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    sig=$(printf '%s%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$ZENDESK_WEBHOOK_SECRET" -binary | base64)
    exec curl -sS -X POST "$url" -H 'content-type: application/json' \
      -H "x-zendesk-webhook-signature: $sig" -H "x-zendesk-webhook-signature-timestamp: $ts" \
      --data-binary "$body"
    ;;
  *)
    case "$url" in
      */records/changes) secret=${RECORDS_WEBHOOK_SECRET:?set RECORDS_WEBHOOK_SECRET} ;;
      *) secret=${TRIAGE_WEBHOOK_SECRET:?set TRIAGE_WEBHOOK_SECRET} ;;
    esac
    # Standard Webhooks: v1,base64(HMAC-SHA256(base64-decoded secret, "id.timestamp.body")).
    id=msg_$(date +%s)$$
    ts=$(date +%s)
    key=$(printf '%s' "${secret#whsec_}" | openssl base64 -d -A | od -An -tx1 | tr -d ' \n')
    sig=$(printf '%s.%s.%s' "$id" "$ts" "$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | base64)
    exec curl -sS -X POST "$url" -H 'content-type: application/json' \
      -H "webhook-id: $id" -H "webhook-timestamp: $ts" -H "webhook-signature: v1,$sig" \
      --data-binary "$body"
    ;;
esac
