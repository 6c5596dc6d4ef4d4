package dev.sightline.server.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --clickhouse-*} options of {@code serve}, used with {@code --storage clickhouse}: they
 * become the ClickHouse backend's storage options ({@code url}, {@code database}, {@code user},
 * {@code password}, {@code cluster}, {@code replicated}, {@code queryTimeout}). Given with another backend, they are an
 * error rather than silently ignored.
 */
final class ClickHouseOptions {
  @Option(names = "--clickhouse-url", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_URL}",
      description = "ClickHouse HTTP url, e.g. http://127.0.0.1:8123 (env SIGHTLINE_CLICKHOUSE_URL).")
  String url;

  @Option(names = "--clickhouse-database", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_DATABASE}",
      description = "ClickHouse database, created if missing (env SIGHTLINE_CLICKHOUSE_DATABASE, default sightline).")
  String database;

  @Option(names = "--clickhouse-user", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_USER}",
      description = "ClickHouse user (env SIGHTLINE_CLICKHOUSE_USER, default default).")
  String user;

  @Option(names = "--clickhouse-password", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_PASSWORD}",
      description = "ClickHouse password (env SIGHTLINE_CLICKHOUSE_PASSWORD, default empty).")
  String password;

  @Option(names = "--clickhouse-cluster", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_CLUSTER}",
      description = "Cluster name of ClickHouse's remote_servers for a sharded store: tables are created"
          + " ON CLUSTER with Distributed tables over them (env SIGHTLINE_CLICKHOUSE_CLUSTER).")
  String cluster;

  @Option(names = "--clickhouse-replicated", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_REPLICATED:-false}",
      description = "With --clickhouse-cluster: ReplicatedReplacingMergeTree tables (needs ZooKeeper and the"
          + " {shard} and {replica} macros; env SIGHTLINE_CLICKHOUSE_REPLICATED).")
  boolean replicated;

  @Option(names = "--clickhouse-query-timeout", defaultValue = "${env:SIGHTLINE_CLICKHOUSE_QUERY_TIMEOUT}",
      description = "Seconds ClickHouse may run one query before it stops it and the API answers 504"
          + " (env SIGHTLINE_CLICKHOUSE_QUERY_TIMEOUT, default 60).")
  String queryTimeout;

  /**
   * The storage options these flags give for {@code storage}; empty for another backend.
   *
   * @throws IllegalArgumentException if a ClickHouse flag is given with another backend
   */
  Map<String, String> options(String storage) {
    Map<String, String> out = new LinkedHashMap<>();
    put(out, "url", url);
    put(out, "database", database);
    put(out, "user", user);
    put(out, "password", password);
    put(out, "cluster", cluster);
    if (replicated) {
      out.put("replicated", "true");
    }
    put(out, "queryTimeout", queryTimeout);
    if (!"clickhouse".equals(storage) && !out.isEmpty()) {
      throw new IllegalArgumentException("--clickhouse-" + out.keySet().iterator().next()
          + " is only for --storage clickhouse (this server uses " + storage + ")");
    }
    return out;
  }

  private static void put(Map<String, String> out, String key, String value) {
    if (value != null && !value.isBlank()) {
      out.put(key, value.trim());
    }
  }
}
