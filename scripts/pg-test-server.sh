#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for tests.
#
#   scripts/pg-test-server.sh start DIR   initdb in DIR, start on 127.0.0.1:<free port>, create
#                                         database roster_test, print its URL
#   scripts/pg-test-server.sh url DIR     print the URL of the server running in DIR
#   scripts/pg-test-server.sh stop DIR    stop the server (fast shutdown) and remove DIR
#
# Typical use:
#   export ROSTER_TEST_POSTGRES_URL=$(scripts/pg-test-server.sh start /tmp/roster-pg)
#   ctest --test-dir build -R Postgres
#   scripts/pg-test-server.sh stop /tmp/roster-pg
#
# Trust authentication on loopback only: never use such a server for real data. Installs the
# postgresql-15 package with apt-get when its binaries are missing. When run as root, the server
# runs as the `postgres` OS user (PostgreSQL refuses to run as root).
set -euo pipefail

readonly kBin=/usr/lib/postgresql/15/bin
readonly kDatabase=roster_test

usage() {
  echo "usage: $0 start|stop|url DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
command=$1
dir=$2
[[ -n $dir ]] || usage

# Runs a PostgreSQL binary as the server's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_installed() {
  if [[ ! -x $kBin/initdb ]]; then
    echo "installing postgresql-15" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >&2
  fi
}

free_port() {
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}

port_of() {
  local port_file=$1/port
  [[ -f $port_file ]] || { echo "no server in $1" >&2; exit 1; }
  cat "$port_file"
}

print_url() {
  echo "postgresql://postgres@127.0.0.1:$(port_of "$1")/$kDatabase"
}

start() {
  ensure_installed
  if [[ -e $dir/data/postmaster.pid ]]; then
    echo "a server already runs in $dir" >&2
    exit 1
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    # The owner must be able to reach DIR (e.g. under a root-only /root or mktemp directory).
    chmod 0755 "$dir"
  fi
  as_owner "$kBin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }

  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # Loopback TCP plus a socket inside DIR, so that parallel servers never share a socket path.
    if as_owner "$kBin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir" \
      start >/dev/null; then
      break
    fi
    echo "start on port $port failed (attempt $attempt); see $dir/server.log" >&2
    port=
  done
  [[ -n $port ]] || { cat "$dir/server.log" >&2; exit 1; }
  echo "$port" >"$dir/port"

  local ready=
  for attempt in $(seq 1 100); do
    if "$kBin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
      ready=1
      break
    fi
    sleep 0.1
  done
  [[ -n $ready ]] || { echo "server in $dir is not ready" >&2; exit 1; }
  "$kBin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE DATABASE $kDatabase" >/dev/null
  print_url "$dir"
}

stop() {
  if [[ -e $dir/data/postmaster.pid ]]; then
    as_owner "$kBin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  fi
  rm -rf "$dir"
}

case $command in
  start) start ;;
  stop) stop ;;
  url) print_url "$dir" ;;
  *) usage ;;
esac
