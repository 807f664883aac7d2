#!/usr/bin/env bash
# Runs the YCSB 0.17.0 client (site.ycsb.Client) with a binding from this module, which is the Cohort
# binding unless -db names another.
# Build the module and the client it uses first: mvn -B -DskipTests -pl bench -am package
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/ycsb.sh load|run [YCSB options...]

  load   insert the initial records (YCSB -load)
  run    run the workload's operation mix (YCSB -t)

The script runs from the repository root, so relative paths such as -P
bench/workloads/workloada are resolved from there. Every option after the phase
goes to YCSB unchanged. Common ones:
  -P FILE           load workload properties from FILE (required: it sets "workload")
  -p NAME=VALUE     set one property, overriding the files
  -threads N        number of client threads (default 1)
  -target N         target operations per second (default unlimited)
  -s                print status every 10 seconds while running
  -db CLASS         binding class (default io.cohort.bench.CohortYcsbClient); the
                    baselines are io.cohort.bench.cassandra.CassandraYcsbClient and
                    io.cohort.bench.redis.RedisYcsbClient

Cohort binding properties (set with -p):
  cohort.endpoints       comma-separated seed URLs; the client loads the routing
                         table from them (default http://127.0.0.1:8081)
  cohort.timeout.ms      request timeout in milliseconds, per attempt; the connect
                         timeout is the same but at most 2000 (default 5000)
  cohort.update.retries  update retries after a version conflict with a concurrent
                         write (default 5)
  cohort.routing         true sends each request to its partition's owner; false
                         sends requests round-robin over the nodes (default true)
  cohort.redirects       true makes nodes redirect the client to the owner instead
                         of forwarding the request (default false)

The client retries a read up to 3 times after a 503, a timeout or a connection
error, and a write only when it could not connect. When the run ends, the
binding prints one line to stderr with the operation and request counts and
the hops between nodes, for example:
  cohort: 100000 operations, 150012 requests, 312 hops between nodes (0.2%), ...

Cassandra binding properties (-db io.cohort.bench.cassandra.CassandraYcsbClient):
  cassandra.contact-point       host:port of the first node (default 127.0.0.1:9042)
  cassandra.local-datacenter    datacenter of that node (default datacenter1)
  cassandra.keyspace            keyspace of the table usertable, created if absent
                                (default ycsb)
  cassandra.replication-factor  replication factor of a keyspace the binding
                                creates (default 1)
  cassandra.write-consistency   consistency level of insert, update and delete
                                (default QUORUM)
  cassandra.read-consistency    consistency level of read (default QUORUM)
  cassandra.timeout.ms          driver request timeout in milliseconds (default 5000)
Its update is a blind merge into the stored record, with no read.

Redis binding properties (-db io.cohort.bench.redis.RedisYcsbClient):
  redis.endpoint    host:port of the server (default 127.0.0.1:6379)
  redis.timeout.ms  connect and reply timeout in milliseconds (default 5000)
  redis.pool-size   maximum connections, at least -threads (default 128)
Its insert merges into an existing record, as its update does.

Set JAVA_OPTS to pass options to the JVM, such as JAVA_OPTS=-Xmx2g.

Example:
  bench/ycsb.sh load -P bench/workloads/workloada -p cohort.endpoints=http://127.0.0.1:8081
  bench/ycsb.sh run -P bench/workloads/workloada -threads 8 -s
  bench/ycsb.sh run -P bench/workloads/workloada -db io.cohort.bench.redis.RedisYcsbClient
USAGE
}

repo_root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$repo_root"

if [[ $# -eq 0 ]]; then
  usage >&2
  exit 2
fi
case "$1" in
  load) phase_flag=-load ;;
  run) phase_flag=-t ;;
  -h | --help | help)
    usage
    exit 0
    ;;
  *)
    echo "ycsb.sh: unknown phase '$1': expected 'load' or 'run'" >&2
    usage >&2
    exit 2
    ;;
esac
shift

classpath_file=bench/target/ycsb.classpath
binding_jar=""
for jar in bench/target/cohort-bench-*.jar; do
  case "$jar" in
    *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
    *) [[ -f "$jar" ]] && binding_jar=$jar ;;
  esac
done
if [[ -z "$binding_jar" || ! -f "$classpath_file" ]]; then
  echo "ycsb.sh: the bench module is not built: bench/target has no cohort-bench jar or ycsb.classpath." >&2
  echo "Build it from $repo_root with: mvn -B -DskipTests -pl bench -am package" >&2
  exit 1
fi

if ! command -v java >/dev/null 2>&1; then
  echo "ycsb.sh: java is not on PATH: install a Java 17 runtime or add its bin folder to PATH" >&2
  exit 1
fi

# JAVA_OPTS is split on spaces on purpose, so that it can hold several JVM options.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp "$binding_jar:$(<"$classpath_file")" site.ycsb.Client \
  -db io.cohort.bench.CohortYcsbClient "$phase_flag" "$@"
