#!/usr/bin/env bash
# HTTP-level CPU comparison: server-side CPU per request of a trivial endpoint on embedded
# Jetty 12 (ee11) with no filter, a pass-through filter, Keywarden (1 and 200 rules), Spring
# Security 7, and the gateway architecture (nginx auth_request -> a separate authorization
# service deciding with Keywarden's core -> the same application). Loopback only; every process
# is started here, bounded in time, and stopped by pid when the run ends.
#
#   bash benchmarks/http-cpu.sh            15 rounds x 20,000 requests per variant (~15-20 min on 2 cores)
#   bash benchmarks/http-cpu.sh --quick    3 rounds x 2,000 requests (about 1 minute)
#   ROUNDS=21 REQUESTS=30000 bash benchmarks/http-cpu.sh     other sizes
#   bash benchmarks/http-cpu.sh --no-gateway                 without nginx
#
# Installs nginx (Debian package) when it is missing and apt-get is usable. Results:
# benchmarks/target/results/http-cpu.txt (tables) and http-cpu-rounds.csv (every round).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-15}"
requests="${REQUESTS:-20000}"
warmup="${WARMUP:-20000}"
gateway=true
build=true
for arg in "$@"; do
  case "$arg" in
    --quick) rounds="${ROUNDS:-3}"; requests="${REQUESTS:-2000}"; warmup="${WARMUP:-3000}" ;;
    --no-gateway) gateway=false ;;
    --no-build) build=false ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
if $build; then
  mvn -B -q -DskipTests package -pl benchmarks -am
fi
jar=benchmarks/target/benchmarks.jar
out=benchmarks/target/results
mkdir -p "$out"
if $gateway && ! command -v nginx >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing nginx (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
  else
    echo "nginx is missing and cannot be installed here: run as root with apt-get, or pass --no-gateway" >&2
    exit 1
  fi
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  cp "$work"/*.log "$out/" 2>/dev/null || true
  cp "$work"/nginx/logs/error.log "$out/nginx-error.log" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Every server stops by itself after this many seconds even if this script is killed.
lifetime=$(( 600 + rounds * requests * 6 / 1000 ))
# Fixed compiler threads: with dynamic ones, a JIT thread that ends takes its CPU time out of
# the per-thread sums the servers report (the tick-based process figure is kept as a check).
jvm=(java -Xms1g -Xmx1g -XX:+UseG1GC -XX:-UseDynamicNumberOfCompilerThreads ${SERVER_JVM_OPTS:-} -cp "$jar")

wait_for() {
  for _ in $(seq 1 600); do
    [[ -s "$1" ]] && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1" >&2
  exit 1
}

"${jvm[@]}" dev.keywarden.benchmarks.cpu.AppServers "$work/app.ports" "$lifetime" >"$work/app.log" 2>&1 &
pids+=($!)
wait_for "$work/app.ports"
client_args=("$work/app.ports" "$rounds" "$requests" "$warmup" "$out")

if $gateway; then
  "${jvm[@]}" dev.keywarden.benchmarks.cpu.AuthService "$work/auth.ports" "$lifetime" >"$work/auth.log" 2>&1 &
  pids+=($!)
  wait_for "$work/auth.ports"
  plain_port=$(sed -n 's/^plain=//p' "$work/app.ports")
  auth_port=$(sed -n 's/^auth=//p' "$work/auth.ports")
  nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  upstream app { server 127.0.0.1:$plain_port; keepalive 8; keepalive_requests 10000000; }
  upstream authz { server 127.0.0.1:$auth_port; keepalive 8; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      auth_request /_authz;
      auth_request_set \$client_type \$upstream_http_client_type;
      # The application sees the decided client type, never the client's own, nor the key.
      proxy_set_header client-type \$client_type;
      proxy_set_header client-key "";
      proxy_set_header secret "";
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://app;
    }
    location = /_authz {
      internal;
      proxy_pass http://authz;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-Method \$request_method;
      proxy_set_header X-Original-URI \$request_uri;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
CONF
  timeout "$lifetime" nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  wait_for "$work/nginx/nginx.pid"
  client_args+=("$work/auth.ports" "$nginx_port" "$(cat "$work/nginx/nginx.pid")")
fi

{
  java -version 2>&1 | head -1
  echo "cores: $(nproc), load average at start: $(cut -d' ' -f1-3 /proc/loadavg), cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  if $gateway; then nginx -v 2>&1; fi
} | tee "$out/http-cpu-machine.txt"
timeout "$lifetime" java -cp "$jar" dev.keywarden.benchmarks.cpu.CpuClient "${client_args[@]}"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/http-cpu-machine.txt"
echo "results in $out/http-cpu.txt and $out/http-cpu-rounds.csv"
