#!/usr/bin/env bash
# Load benchmark of a real Roster server on loopback (docs/benchmarks.md).
#
# Builds Release binaries in build-bench, creates a temporary database with BENCH_USERS users
# (default 100000), starts `roster serve` on 127.0.0.1 (port chosen by the OS) and runs wrk:
#   (a) GET /health                                      2 threads, 64 connections
#   (b) GET /obp/v5.0.0/users/current (DirectLogin token)  2 threads, 64 connections
#   (c) GET /obp/v5.0.0/users/user_id/ID, random ids, as a superuser
#   (d) POST /my/logins/direct (logins/s)                2 threads, 16 connections
#   (e) (b) while (d) runs, 64 + 16 connections: p99 of (b)
# and prints req/s, p99 and the ratios against the targets; (a), (b) and (c) run BENCH_ROUNDS
# (default 5) interleaved rounds and report the median. Each wrk run lasts BENCH_DURATION
# (default 10s).
#
# BENCH_STORE=sqlite (default) uses a SQLite file; BENCH_STORE=postgres a throwaway PostgreSQL 15
# (scripts/pg-test-server.sh). BENCH_NODES=2 (postgres only; default 1) starts two `roster serve`
# processes on that database behind nginx (deploy/nginx/roster.conf, only the node addresses and
# the listen address replaced) and points wrk at nginx.
#
# The servers (and nginx, PostgreSQL) are stopped on exit, whatever happens; nothing listens
# beyond 127.0.0.1. Exit status: 0 when every run completed (targets missed are reported, not
# fatal), 1 on a setup failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
build_dir=${BENCH_BUILD_DIR:-build-bench}
build_type=${BENCH_BUILD_TYPE:-Release}
users=${BENCH_USERS:-100000}
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-5}
store=${BENCH_STORE:-sqlite}
nodes=${BENCH_NODES:-1}
hostname=http://127.0.0.1:8080
password='BenchPassword-2024!'
admin_password='BenchAdmin-2024!'

die() { echo "bench: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk not found (scripts/install-deps.sh)"
[[ "$store" == sqlite || "$store" == postgres ]] || die "BENCH_STORE must be sqlite or postgres"
[[ "$nodes" == 1 || "$nodes" == 2 ]] || die "BENCH_NODES must be 1 or 2"
[[ "$nodes" == 1 || "$store" == postgres ]] || die "BENCH_NODES=2 needs BENCH_STORE=postgres"
nginx=/usr/sbin/nginx
if [[ "$nodes" == 2 && ! -x $nginx ]]; then
  echo "installing nginx-light" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >&2
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DROSTER_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target roster roster_bench_load roster_bench_argon2 \
  roster_bench_store_read
roster=$root/$build_dir/src/roster
load=$root/$build_dir/bench/roster_bench_load
argon2=$root/$build_dir/bench/roster_bench_argon2
store_read=$root/$build_dir/bench/roster_bench_store_read

work=$(mktemp -d)
# PostgreSQL and nginx get directories of their own: their unprivileged users (when run as root)
# cannot enter $work.
pg_dir=
nginx_dir=
nginx_pid=
server_pids=()
wrk_pids=()
# Stops the processes this script started: SIGTERM, then SIGKILL after 10 s.
stop() {
  local pid
  for pid in "$@"; do kill "$pid" 2>/dev/null || true; done
  for pid in "$@"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
cleanup() {
  stop "${wrk_pids[@]}" $nginx_pid "${server_pids[@]}"
  [[ -z "$pg_dir" ]] || "$root/scripts/pg-test-server.sh" stop "$pg_dir" || true
  rm -rf "$work" $nginx_dir
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ "$store" == postgres ]]; then
  pg_dir=$(mktemp -d)
  ROSTER_DATABASE=$("$root/scripts/pg-test-server.sh" start "$pg_dir") ||
    die "scripts/pg-test-server.sh start failed"
  export ROSTER_DATABASE
else
  export ROSTER_DATABASE="sqlite:$work/roster.db"
fi
export ROSTER_HOSTNAME=$hostname

echo "== raw Argon2id rate (roster_bench_argon2)"
"$argon2" --benchmark_format=console --benchmark_out="$work/argon2.json" --benchmark_out_format=json
raw_rate=$(python3 - "$work/argon2.json" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
best = max(runs, key=lambda r: r.get("threads", 1))
print(f'{best["hashes_per_s"]:.2f} {best.get("threads", 1)}')
EOF
)
read -r raw_rate raw_threads <<<"$raw_rate"

echo "== $store database with $users users"
"$roster" migrate >/dev/null || die "roster migrate failed"
"$load" --database "$ROSTER_DATABASE" --count "$users" --hostname "$hostname" \
  --password "$password" --ids-out "$work/ids.txt" || die "roster_bench_load failed"
consumer_key=$("$roster" consumer create --name bench | tail -n 1 | tr -d '[:space:]') ||
  die "roster consumer create failed"
[[ "$consumer_key" =~ ^[A-Za-z0-9-]+$ ]] || die "unexpected consumer key: '$consumer_key'"
"$roster" user create --username benchadmin --password "$admin_password" \
  --email benchadmin@example.com --first-name Bench --last-name Admin --superuser --validated \
  >/dev/null || die "roster user create failed"

# Starts `roster serve` number $1 on an OS-chosen port; sets node_port to that port.
start_node() {
  local out=$work/server$1.out err=$work/server$1.err pid
  "$roster" serve --listen 127.0.0.1:0 --access-log=false >"$out" 2>"$err" &
  pid=$!
  server_pids+=("$pid")
  node_port=
  for _ in $(seq 300); do
    node_port=$(grep -m 1 '"event":"listening"' "$out" 2>/dev/null |
      grep -oE '"port":[0-9]+' | cut -d: -f2 || true)
    [[ -n "$node_port" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$out" "$err" >&2; die "server exited"; }
    sleep 0.1
  done
  [[ -n "$node_port" ]] || die "no listening line within 30 s"
  curl -sf "http://127.0.0.1:$node_port/health" >/dev/null || die "GET /health of node $1 failed"
  echo "node $1 listening on http://127.0.0.1:$node_port"
}

# Starts nginx in the foreground (a direct child, stopped by cleanup) in front of the node ports
# $1 and $2; sets nginx_port.
start_nginx() {
  nginx_dir=$(mktemp -d)
  chmod 0755 "$nginx_dir"  # the workers run as an unprivileged user when nginx starts as root
  nginx_port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')
  python3 - "$root/deploy/nginx/roster.conf" "$nginx_dir/roster.conf" "$1" "$2" "$nginx_port" \
    <<'SITE'
import sys

source, target, first, second, port = sys.argv[1:6]
site = open(source).read()
for old, new in (("server 10.0.0.11:8080", f"server 127.0.0.1:{first}"),
                 ("server 10.0.0.12:8080", f"server 127.0.0.1:{second}"),
                 ("listen 80;", f"listen 127.0.0.1:{port};")):
    if site.count(old) != 1:
        sys.exit(f"bench: deploy/nginx/roster.conf must contain '{old}' exactly once")
    site = site.replace(old, new)
open(target, "w").write(site)
SITE
  local dir=$nginx_dir
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  include $dir/roster.conf;
}
CONF
  "$nginx" -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;' \
    >"$dir/stdout.log" 2>"$dir/stderr.log" &
  nginx_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$nginx_port/health" >/dev/null && break
    kill -0 "$nginx_pid" 2>/dev/null ||
      { cat "$dir/stderr.log" "$dir/error.log" >&2; die "nginx exited"; }
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$nginx_port/health" >/dev/null ||
    { cat "$dir/error.log" >&2; die "GET /health through nginx failed within 10 s"; }
  echo "nginx listening on http://127.0.0.1:$nginx_port"
}

echo "== starting roster serve ($store, $nodes node(s))"
start_node 1
base=http://127.0.0.1:$node_port
if [[ "$nodes" == 2 ]]; then
  first_port=$node_port
  start_node 2
  start_nginx "$first_port" "$node_port"
  base=http://127.0.0.1:$nginx_port
fi
echo "wrk target: $base"

# DirectLogin as $1 with password $2; prints the token.
login() {
  local body status
  body=$(curl -s -w '\n%{http_code}' -X POST "$base/my/logins/direct" \
    -H 'Content-Type: application/json' \
    -H "DirectLogin: username=$1, password=$2, consumer_key=$consumer_key")
  status=${body##*$'\n'}
  body=${body%$'\n'*}
  [[ "$status" == 201 ]] || die "login of $1 answered $status: $body"
  python3 -c 'import json, sys; print(json.loads(sys.argv[1])["token"])' "$body"
}
user_token=$(login benchuser000001 "$password")
admin_token=$(login benchadmin "$admin_password")

first_id=$(head -n 1 "$work/ids.txt")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "DirectLogin: token=$admin_token" \
  "$base/obp/v5.0.0/users/user_id/$first_id")
[[ "$status" == 200 ]] || die "GET users/user_id/$first_id as superuser answered $status"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "DirectLogin: token=$user_token" \
  "$base/obp/v5.0.0/users/current")
[[ "$status" == 200 ]] || die "GET users/current answered $status"

user_login="DirectLogin: username=benchuser000001, password=$password, consumer_key=$consumer_key"
run_wrk() {  # run_wrk NAME CONNECTIONS wrk-arguments...
  local name=$1 connections=$2
  shift 2
  wrk -t 2 -c "$connections" -d "$duration" --latency "$@" >"$work/$name.txt" 2>&1 ||
    die "wrk failed during ($name): $(cat "$work/$name.txt")"
}

# A warm-up pass of (c) first (not measured): a server that has just started has none of the
# users in its page cache yet, and (c) is about the steady state of a running server.
echo "== warm-up: (c) unmeasured"
run_wrk c_warmup 64 -H "DirectLogin: token=$admin_token" -s "$root/bench/random_user.lua" "$base" \
  -- "$work/ids.txt"
# (a), (b) and (c) run in $rounds interleaved rounds and each row reports its median: one 10 s run
# on a shared two-core machine moves by about 10%, and interleaving keeps a slow spell of the
# machine from landing on one row only.
for round in $(seq "$rounds"); do
  echo "== round $round of $rounds: (a) GET /health"
  run_wrk "a$round" 64 "$base/health"
  echo "== round $round of $rounds: (b) GET /obp/v5.0.0/users/current"
  run_wrk "b$round" 64 -H "DirectLogin: token=$user_token" "$base/obp/v5.0.0/users/current"
  echo "== round $round of $rounds: (c) GET /obp/v5.0.0/users/user_id/ID (random of $users)"
  run_wrk "c$round" 64 -H "DirectLogin: token=$admin_token" -s "$root/bench/random_user.lua" \
    "$base" -- "$work/ids.txt"
done
echo "== (d) POST /my/logins/direct"
run_wrk d 16 -H "$user_login" -s "$root/bench/login.lua" "$base/my/logins/direct"
echo "== (e) (b) while (d) runs"
# Both wrk processes are direct children, so that cleanup can stop them by pid.
wrk -t 2 -c 64 -d "$duration" --latency -H "DirectLogin: token=$user_token" \
  "$base/obp/v5.0.0/users/current" >"$work/e.txt" 2>&1 &
wrk_pids+=($!)
wrk -t 2 -c 16 -d "$duration" --latency -H "$user_login" -s "$root/bench/login.lua" \
  "$base/my/logins/direct" >"$work/e_logins.txt" 2>&1 &
wrk_pids+=($!)
for pid in "${wrk_pids[@]}"; do wait "$pid" || die "wrk failed during (e)"; done
wrk_pids=()

stop $nginx_pid "${server_pids[@]}"
nginx_pid=
server_pids=()

# The same service and store work as (b) and (c), without HTTP, wrk or the worker hand-off: what
# the server spends on the database per request (the rest of its time is HTTP and the network).
echo "== (b) and (c) without HTTP (roster_bench_store_read)"
"$store_read" --database "$ROSTER_DATABASE" --ids "$work/ids.txt" --token "$admin_token" \
  --user-token "$user_token" --seconds 3 >"$work/store.txt" || die "roster_bench_store_read failed"

python3 - "$work" "$raw_rate" "$raw_threads" "$users" "$duration" "$store" "$nodes" "$rounds" <<'EOF'
import re, sys

work, raw, raw_threads, users, duration, store, nodes, rounds = sys.argv[1:9]
rounds = int(rounds)
raw = float(raw)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse(name):
    text = open(f"{work}/{name}.txt").read()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*", text)
    if not rate or not p99:
        sys.exit(f"bench: cannot parse wrk output of ({name}):\n{text}")
    return {
        "rate": float(rate.group(1)),
        "p99": float(p99.group(1)) * UNITS[p99.group(2)],
        "non2xx": int(bad.group(1)) if bad else 0,
        "socket": errors.group(0) if errors else "",
    }


def median_run(name):
    """The run of row `name` with the median req/s over the rounds (any non-2xx counts)."""
    each = [parse(f"{name}{r}") for r in range(1, rounds + 1)]
    ordered = sorted(each, key=lambda run: run["rate"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["non2xx"] = sum(run["non2xx"] for run in each)
    chosen["rounds"] = [run["rate"] for run in each]
    return chosen


runs = {name: median_run(name) for name in ("a", "b", "c")}
runs.update({name: parse(name) for name in ("d", "e", "e_logins")})
a = runs["a"]["rate"]
rows = [
    ("(a) GET /health", "a", "", ""),
    ("(b) GET users/current", "b", f"(b)/(a) = {runs['b']['rate'] / a:.0%}",
     ">= 50% of (a), p99 < 5 ms"),
    ("(c) GET users/user_id/ID", "c", f"(c)/(a) = {runs['c']['rate'] / a:.0%}",
     ">= 50% of (a), p99 < 5 ms"),
    ("(d) DirectLogin logins", "d", f"(d)/raw = {runs['d']['rate'] / raw:.0%}", ">= 90% of raw"),
    ("(e) (b) during (d)", "e", "", "p99 < 20 ms"),
    ("    (d) during (e)", "e_logins", "", ""),
]
ok = {key: run["non2xx"] == 0 for key, run in runs.items()}  # errors are fast: never a pass
met = {
    "b": ok["b"] and runs["b"]["rate"] >= 0.5 * a and runs["b"]["p99"] < 5,
    "c": ok["c"] and runs["c"]["rate"] >= 0.5 * a and runs["c"]["p99"] < 5,
    "d": ok["d"] and runs["d"]["rate"] >= 0.9 * raw,
    "e": ok["e"] and ok["e_logins"] and runs["e"]["p99"] < 20,
}

print()
nodes_text = "1 node" if nodes == "1" else f"{nodes} nodes behind nginx"
print(f"Roster load benchmark: {users} users, wrk 2 threads, {duration} per run, 127.0.0.1")
print(f"(a), (b), (c): median of {rounds} interleaved rounds")
print(f"store: {store}, {nodes_text}")
print(f"raw Argon2id verify rate (INTERACTIVE, {raw_threads} threads): {raw:.1f} hashes/s")
print()
header = f"{'run':<26} {'req/s':>10} {'p99 ms':>9}  {'ratio':<16} {'target':<27} {'result'}"
print(header)
print("-" * len(header))
for label, key, ratio, target in rows:
    r = runs[key]
    result = ("met" if met[key] else "MISSED") if key in met else ""
    if r["non2xx"]:
        result += f" ({r['non2xx']} non-2xx!)"
    if r["socket"]:
        result += f" ({r['socket']})"
    print(f"{label:<26} {r['rate']:>10.1f} {r['p99']:>9.2f}  {ratio:<16} {target:<27} {result}")
print()
for key in ("a", "b", "c"):
    print(f"({key}) req/s per round: " + ", ".join(f"{rate:.1f}" for rate in runs[key]["rounds"]))
print()
print("(b) and (c) without HTTP, service and store only (roster_bench_store_read):")
print(open(f"{work}/store.txt").read().rstrip())
print(f"targets met: {sum(met.values())}/{len(met)}")
EOF
