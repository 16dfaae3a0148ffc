#!/usr/bin/env bash
# Container health check of a Keel service image: GET /q/health/ready on 127.0.0.1:$KEEL_SERVICE_PORT
# with bash's /dev/tcp (the JRE base image need not have curl). Exit 0 when the answer is HTTP 200.
set -u
port="${KEEL_SERVICE_PORT:-8080}"
path="${KEEL_HEALTH_PATH:-/q/health/ready}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
IFS= read -r -t 4 status <&3 || exit 1
exec 3<&- 3>&-
case "$status" in
  "HTTP/1."[01]" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
