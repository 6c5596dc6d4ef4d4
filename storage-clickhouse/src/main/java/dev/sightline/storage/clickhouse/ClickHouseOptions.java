package dev.sightline.storage.clickhouse;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The provider's options, checked: where the server is, which database, and whether tables are
 * spread over a cluster. Immutable.
 *
 * @param url the HTTP interface, e.g. {@code http://127.0.0.1:8123}
 * @param database created if missing; letters, digits and underscores
 * @param user ClickHouse user
 * @param password its password, possibly empty
 * @param cluster a {@code remote_servers} cluster name, or empty for a single node
 * @param replicated whether the cluster's local tables are {@code ReplicatedReplacingMergeTree}
 * @param node this Sightline server's id: the key of its write-ahead log position
 * @param queryTimeoutSeconds how long ClickHouse may run one SELECT ({@code max_execution_time})
 *     before it stops it; 1 to 86,400, default 60
 */
record ClickHouseOptions(URI url, String database, String user, String password, String cluster,
    boolean replicated, String node, int queryTimeoutSeconds) {

  static final Set<String> KEYS =
      Set.of("url", "database", "user", "password", "cluster", "replicated", "node", "queryTimeout");
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]{0,63}";

  /**
   * Reads the provider's string options.
   *
   * @throws IllegalArgumentException naming the option that is unknown or bad
   */
  static ClickHouseOptions parse(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(key + ": unknown ClickHouse option; known: " + new TreeSet<>(KEYS));
      }
    }
    URI url;
    String text = options.getOrDefault("url", "http://127.0.0.1:8123");
    try {
      url = URI.create(text.endsWith("/") ? text : text + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url: not a URL: " + text);
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
      throw new IllegalArgumentException("url: must be http(s)://host:port, not " + text);
    }
    String database = options.getOrDefault("database", "sightline");
    check("database", database);
    String cluster = options.getOrDefault("cluster", "");
    if (!cluster.isEmpty()) {
      check("cluster", cluster);
    }
    String replicatedText = options.getOrDefault("replicated", "false");
    if (!replicatedText.equals("true") && !replicatedText.equals("false")) {
      throw new IllegalArgumentException("replicated: must be true or false, not " + replicatedText);
    }
    boolean replicated = replicatedText.equals("true");
    if (replicated && cluster.isEmpty()) {
      throw new IllegalArgumentException("replicated: needs cluster");
    }
    String node = options.getOrDefault("node", "default");
    if (node.isEmpty() || node.length() > 256) {
      throw new IllegalArgumentException("node: must be 1 to 256 characters");
    }
    String timeoutText = options.getOrDefault("queryTimeout", "60");
    int queryTimeout;
    try {
      queryTimeout = Integer.parseInt(timeoutText);
    } catch (NumberFormatException e) {
      queryTimeout = 0;
    }
    if (queryTimeout < 1 || queryTimeout > 86_400) {
      throw new IllegalArgumentException("queryTimeout: must be 1 to 86400 seconds, not " + timeoutText);
    }
    return new ClickHouseOptions(url, database, options.getOrDefault("user", "default"),
        options.getOrDefault("password", ""), cluster, replicated, node, queryTimeout);
  }

  private static void check(String key, String value) {
    if (!value.matches(NAME)) {
      throw new IllegalArgumentException(key + ": must match " + NAME + ", not " + value);
    }
  }

  boolean clustered() {
    return !cluster.isEmpty();
  }
}
