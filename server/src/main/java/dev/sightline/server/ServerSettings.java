package dev.sightline.server;

import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.state.StateSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run a server.
 *
 * @param bind address to listen on
 * @param port TCP port of HTTP (the API, OTLP/HTTP, the UI); 0 picks a free one (see
 *     {@link SightlineServer#port()})
 * @param dataDir where keys, the write-ahead log and the store live
 * @param storage the backend's name ({@code duckdb}, {@code memory})
 * @param storageOptions backend settings
 * @param maxBodyBytes largest accepted request body, compressed or not (also an OTLP/gRPC message)
 * @param otlpGrpcPort TCP port of OTLP/gRPC; 0 picks a free one (see
 *     {@link SightlineServer#otlpGrpcPort()}); {@link #OFF} for none
 * @param corsOrigins the web origins ({@code https://app.example.com}, or {@code *} for any) whose
 *     pages may call the API and OTLP/HTTP from a browser; empty (the default) for none
 * @param state where the state that servers share lives (keys, settings, evaluators, prompts,
 *     datasets, the queue of remote evaluations): files under {@code dataDir} (the default, null
 *     here) or PostgreSQL
 */
public record ServerSettings(String bind, int port, Path dataDir, String storage,
    Map<String, String> storageOptions, int maxBodyBytes, PipelineSettings pipeline, int otlpGrpcPort,
    List<String> corsOrigins, StateSettings state) {
  private static final Pattern ORIGIN = Pattern.compile("\\*|https?://[A-Za-z0-9.-]+(:\\d{1,5})?");

  /** The OTLP/gRPC port of a server without OTLP/gRPC. */
  public static final int OFF = -1;

  public ServerSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(storage, "storage");
    storageOptions = storageOptions == null ? Map.of() : Map.copyOf(storageOptions);
    pipeline = pipeline == null ? PipelineSettings.DEFAULTS : pipeline;
    corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    state = state == null ? StateSettings.FILES : state;
    for (String origin : corsOrigins) {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException("corsOrigins: '" + origin + "' is not an origin like"
            + " https://app.example.com (scheme, host, optional port, no path), or *");
      }
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be 0 to 65535");
    }
    if (otlpGrpcPort != OFF && (otlpGrpcPort < 0 || otlpGrpcPort > 65535)) {
      throw new IllegalArgumentException("otlpGrpcPort: must be 0 to 65535, or off");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes: must be at least 1024");
    }
  }

  /** Settings with the state in files under the data directory. */
  public ServerSettings(String bind, int port, Path dataDir, String storage,
      Map<String, String> storageOptions, int maxBodyBytes, PipelineSettings pipeline, int otlpGrpcPort,
      List<String> corsOrigins) {
    this(bind, port, dataDir, storage, storageOptions, maxBodyBytes, pipeline, otlpGrpcPort, corsOrigins, null);
  }

  /** Settings without browser access from other origins. */
  public ServerSettings(String bind, int port, Path dataDir, String storage,
      Map<String, String> storageOptions, int maxBodyBytes, PipelineSettings pipeline, int otlpGrpcPort) {
    this(bind, port, dataDir, storage, storageOptions, maxBodyBytes, pipeline, otlpGrpcPort, List.of());
  }

  /** Settings without OTLP/gRPC. */
  public ServerSettings(String bind, int port, Path dataDir, String storage,
      Map<String, String> storageOptions, int maxBodyBytes, PipelineSettings pipeline) {
    this(bind, port, dataDir, storage, storageOptions, maxBodyBytes, pipeline, OFF);
  }

  /**
   * Reads a size as given on the command line: bytes, or a number with {@code KB}, {@code MB} or
   * {@code GB} (powers of 1024).
   *
   * @throws IllegalArgumentException naming the option otherwise
   */
  public static long parseBytes(String option, String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT);
    long unit = 1;
    for (String suffix : new String[] {"KB", "MB", "GB", "B"}) {
      if (t.endsWith(suffix)) {
        unit = suffix.equals("B") ? 1 : 1L << (10 * ("KMG".indexOf(suffix.charAt(0)) + 1));
        t = t.substring(0, t.length() - suffix.length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n >= 0) {
        return Math.multiplyExact(n, unit);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": must be a size such as 256MB, not '" + text + "'");
  }

  /**
   * Reads an OTLP/gRPC port as given on the command line: a number from 0 to 65535, or
   * {@code off}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int parseOtlpGrpcPort(String text) {
    if (text.trim().equalsIgnoreCase("off")) {
      return OFF;
    }
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("OTLP/gRPC port: must be 0 to 65535, or off, not '" + text + "'");
  }
}
