package dev.sightline.server.testing;

import dev.sightline.server.ServerSettings;
import dev.sightline.server.SightlineServer;
import dev.sightline.server.collector.PipelineSettings;
import dev.sightline.server.state.StateSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole Sightline server started in this JVM on free loopback ports (HTTP, and OTLP/gRPC unless
 * turned off), for HTTP tests: projects
 * and keys through its key store, clients bound to them, and a barrier that waits until everything
 * acknowledged so far is visible to queries.
 */
public final class TestServer implements AutoCloseable {
  private static final AtomicInteger PROJECTS = new AtomicInteger();

  private final SightlineServer server;
  private final URI uri;
  private ApiClient barrier;

  private TestServer(SightlineServer server) {
    this.server = server;
    this.uri = URI.create("http://127.0.0.1:" + server.port());
  }

  /** A server on the in-memory backend with default settings. */
  public static TestServer start(Path dataDir) {
    return builder(dataDir).start();
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  public SightlineServer server() {
    return server;
  }

  public URI uri() {
    return uri;
  }

  /** A client without an API key. */
  public ApiClient anonymous() {
    return new ApiClient(uri, null);
  }

  /** The OTLP/gRPC port (the server runs it on a free port unless the builder turned it off). */
  public int otlpGrpcPort() {
    return server.otlpGrpcPort().orElseThrow(() -> new IllegalStateException("OTLP/gRPC is off"));
  }

  /** A client with a new key of a new project of its own, so its listings hold only its data. */
  public ApiClient newProject() {
    return client(createProject("p" + PROJECTS.incrementAndGet() + "-" + Batch.unique()));
  }

  /** A client with a new key of this project. */
  public ApiClient client(String projectId) {
    return new ApiClient(uri, createKey(projectId));
  }

  public String createProject(String projectId) {
    try {
      return server.keys().createProject(projectId).id();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String createKey(String projectId) {
    try {
      return server.keys().createKey(projectId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until every request acknowledged before this call is visible to queries: posts a trace
   * to a project of its own and waits for it. The pipeline applies the log in order, so once the
   * marker shows, everything logged before it does too.
   */
  public synchronized void awaitApplied() {
    if (barrier == null) {
      barrier = newProject();
    }
    String traceId = Batch.traceId();
    barrier.ingestOk(Batch.of().trace("traceId", traceId, "name", "barrier"));
    barrier.await("/api/traces/" + traceId, t -> true);
  }

  /** The Prometheus text of {@code /metrics}. */
  public String metricsText() {
    ApiResponse r = anonymous().get("/metrics");
    if (r.status() != 200) {
      throw new AssertionError("/metrics: " + r);
    }
    return r.text();
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * Settings of a test server; defaults are the production ones on the backend named by the system
   * property {@code sightline.test.storage}, else {@code memory}.
   */
  public static final class Builder {
    private final Path dataDir;
    private String storage = System.getProperty("sightline.test.storage", "memory");
    private final Map<String, String> storageOptions = new HashMap<>();
    private int maxBodyBytes = 16 << 20;
    private PipelineSettings pipeline = PipelineSettings.DEFAULTS;
    private int otlpGrpcPort = 0;
    private List<String> corsOrigins = List.of();
    private StateSettings state = StateSettings.FILES;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder storage(String name) {
      storage = name;
      return this;
    }

    public Builder storageOption(String name, String value) {
      storageOptions.put(name, value);
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      maxBodyBytes = bytes;
      return this;
    }

    public Builder pipeline(PipelineSettings settings) {
      pipeline = settings;
      return this;
    }

    public Builder corsOrigins(String... origins) {
      corsOrigins = List.of(origins);
      return this;
    }

    /** Keeps the shared state there (PostgreSQL) rather than in the data directory. */
    public Builder state(StateSettings settings) {
      state = settings;
      return this;
    }

    /** Runs without OTLP/gRPC. */
    public Builder withoutOtlpGrpc() {
      otlpGrpcPort = ServerSettings.OFF;
      return this;
    }

    public TestServer start() {
      try {
        return new TestServer(SightlineServer.start(new ServerSettings("127.0.0.1", 0, dataDir,
            storage, storageOptions, maxBodyBytes, pipeline, otlpGrpcPort, corsOrigins, state)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
