package dev.sightline.server.web;

import dev.sightline.server.pipeline.PipelineSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a server.
 *
 * @param bind address to listen on
 * @param port TCP port; 0 picks a free one (see {@link SightlineServer#port()})
 * @param dataDir where keys, the write-ahead log and the store live
 * @param storage the backend's name ({@code duckdb}, {@code memory})
 * @param storageOptions backend settings
 * @param maxBodyBytes largest accepted request body, compressed or not
 */
public record ServerSettings(String bind, int port, Path dataDir, String storage,
    Map<String, String> storageOptions, int maxBodyBytes, PipelineSettings pipeline) {

  public ServerSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(storage, "storage");
    storageOptions = storageOptions == null ? Map.of() : Map.copyOf(storageOptions);
    pipeline = pipeline == null ? PipelineSettings.DEFAULTS : pipeline;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be 0 to 65535");
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("maxBodyBytes: must be at least 1024");
    }
  }
}
