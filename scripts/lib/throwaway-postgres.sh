# A throwaway PostgreSQL server for the tests: a fresh cluster in a temporary folder, on a free loopback port, with
# durability off (nothing in it outlives the run). Source this file, then:
#   throwaway_postgres_start   # exports MFA_TEST_POSTGRES (an admin connection string) and PG_TEST_DIR
#   throwaway_postgres_stop    # stops the server and removes the folder (safe to call twice)

postgres_bin_dir() {
  local dir
  if command -v pg_config >/dev/null && dir=$(pg_config --bindir 2>/dev/null) && [[ -x $dir/initdb ]]; then
    echo "$dir"; return 0
  fi
  # Debian keeps the server binaries off PATH, one folder per major version: take the newest.
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# Runs a command as the cluster's owner: PostgreSQL refuses to run as root, so root hands it to the 'postgres' user.
as_cluster_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

throwaway_postgres_start() {
  local bin port
  bin=$(postgres_bin_dir) || { echo "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them: apt-get install -y postgresql" >&2; return 1; }
  port=$(free_port) || { echo "no free port for PostgreSQL" >&2; return 1; }
  PG_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mfa-postgres.XXXXXX")
  [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_TEST_DIR"
  as_cluster_owner "$bin/initdb" -D "$PG_TEST_DIR/data" -U postgres -A trust -E UTF8 --no-locale >"$PG_TEST_DIR/initdb.log" 2>&1 \
    || { cat "$PG_TEST_DIR/initdb.log" >&2; return 1; }
  as_cluster_owner "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 60 \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_TEST_DIR/server.log" >&2; return 1; }
  PG_TEST_BIN=$bin
  export PG_TEST_DIR PG_TEST_BIN
  export MFA_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $PG_TEST_DIR)"
}

throwaway_postgres_stop() {
  [[ -n ${PG_TEST_DIR:-} && -d $PG_TEST_DIR ]] || return 0
  as_cluster_owner "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEST_DIR"
  PG_TEST_DIR=
}
