#!/usr/bin/env bash
# A sharded, replicated ClickHouse store on loopback, for tests and for trying scale-out on one
# machine: ZooKeeper and two ClickHouse server processes (shards 01 and 02 of the cluster
# "sightline", ReplicatedReplacingMergeTree-ready macros), each with its own ports and data
# directory under DIR, and PostgreSQL for the state servers share (database "sightline", trust
# authentication on loopback: for tests only). Debian's packages: clickhouse-server (18.16 here),
# zookeeper and postgresql, installed when missing (as root).
#
#   cluster.sh start DIR    starts them; prints
#                           "clickhouse1=URL clickhouse2=URL zookeeper=PORT postgres=JDBC-URL"
#   cluster.sh stop DIR     stops them (their data stays in DIR)
#
# Ports: BASE (env CLUSTER_BASE_PORT, default 21100) + 0 ZooKeeper, +1/+2/+3 node 1's HTTP, TCP and
# interserver ports, +11/+12/+13 node 2's, +20 PostgreSQL.
set -euo pipefail
cmd=${1:?usage: cluster.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: cluster.sh start|stop DIR}" && cd "$2" && pwd)
base=${CLUSTER_BASE_PORT:-21100}
zk_port=$base

install_missing() {
  local need=()
  [ -x /usr/sbin/clickhouse-server ] || need+=(clickhouse-server clickhouse-client)
  [ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  if [ ${#need[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "cluster.sh: install ${need[*]} (Debian packages) or run as root" >&2; exit 1; }
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
}

node_config() { # node number, shard name
  local n=$1 http=$((base + 10 * ($1 - 1) + 1)) tcp=$((base + 10 * ($1 - 1) + 2)) inter=$((base + 10 * ($1 - 1) + 3))
  local d="$dir/ch$n"
  mkdir -p "$d/data" "$d/tmp" "$d/log" "$d/user_files" "$d/format_schemas"
  cp /etc/clickhouse-server/users.xml "$d/users.xml"
  cat > "$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/error.log</errorlog>
    <size>50M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <format_schema_path>$d/format_schemas/</format_schema_path>
  <users_config>$d/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <max_concurrent_queries>100</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <remote_servers>
    <sightline>
      <shard><internal_replication>true</internal_replication>
        <replica><host>127.0.0.1</host><port>$((base + 2))</port></replica></shard>
      <shard><internal_replication>true</internal_replication>
        <replica><host>127.0.0.1</host><port>$((base + 12))</port></replica></shard>
    </sightline>
  </remote_servers>
  <zookeeper><node><host>127.0.0.1</host><port>$zk_port</port></node></zookeeper>
  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
  <macros><shard>0$n</shard><replica>replica1</replica></macros>
</yandex>
XML
}

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 120); do
    # Each probe is bounded: a port that accepts before its server answers would hold it forever.
    if timeout 2 "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "cluster.sh: $what did not come up; see $dir" >&2
  exit 1
}

start() {
  install_missing
  mkdir -p "$dir/zk/data"
  cat > "$dir/zk/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
dataDir=$dir/zk/data
clientPort=$zk_port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok
CFG
  nohup java -Xmx256m -Dzookeeper.log.dir="$dir/zk" -cp "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zk/zoo.cfg" > "$dir/zk/out.log" 2>&1 &
  echo $! > "$dir/zk/pid"
  wait_for "ZooKeeper on port $zk_port" bash -c "exec 3<>/dev/tcp/127.0.0.1/$zk_port && printf ruok >&3 && grep -q imok <&3"
  for n in 1 2; do
    node_config $n
    nohup /usr/sbin/clickhouse-server --config-file="$dir/ch$n/config.xml" > "$dir/ch$n/out.log" 2>&1 &
    echo $! > "$dir/ch$n/pid"
  done
  for n in 1 2; do
    wait_for "ClickHouse node $n" curl -sf "http://127.0.0.1:$((base + 10 * (n - 1) + 1))/ping"
  done
  start_postgres
  echo "clickhouse1=http://127.0.0.1:$((base + 1)) clickhouse2=http://127.0.0.1:$((base + 11)) zookeeper=$zk_port" \
    "postgres=jdbc:postgresql://127.0.0.1:$((base + 20))/sightline"
}

# PostgreSQL refuses to run as root: as root, its directory belongs to and it runs as "postgres".
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin pg_port=$((base + 20))
  bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
  mkdir -p "$dir/pg"
  if [ "$(id -u)" = 0 ]; then
    chmod a+x "$dir" # the postgres user must reach its directory inside DIR
    chown postgres "$dir/pg"
  fi
  if [ ! -f "$dir/pg/data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/out.log" -w -t 60 \
    -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_locks_per_transaction=1024" start >/dev/null
  as_pg "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='sightline'" \
    | grep -q 1 || as_pg "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres sightline
}

stop() {
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_pg "$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")/pg_ctl" -D "$dir/pg/data" \
      -m fast -w stop >/dev/null || true
  fi
  for p in "$dir/ch1/pid" "$dir/ch2/pid" "$dir/zk/pid"; do
    if [ -f "$p" ]; then
      kill "$(cat "$p")" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$(cat "$p")" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$(cat "$p")" 2>/dev/null || true
      rm -f "$p"
    fi
  done
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
