package dev.sightline;

import dev.sightline.internal.Config;
import dev.sightline.internal.Configs;
import dev.sightline.internal.DatasetRunner;
import dev.sightline.internal.PromptCache;
import dev.sightline.internal.Recorder;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The Sightline client: starts traces and hands what they record to a background exporter that
 * posts it to a Sightline server. Build one per application and share it.
 *
 * <pre>{@code
 * Sightline sightline = Sightline.fromEnvironment();   // SIGHTLINE_ENDPOINT, SIGHTLINE_API_KEY ...
 * try (Trace trace = sightline.trace("support-chat").input(question).user(User.of("u-42")).start()) {
 *   String docs = trace.retrieval("vector-search").call(span -> search(question));
 *   Generation g = trace.generation("answer").provider("openai").model("gpt-4o").input(docs).start();
 *   g.end(answer, 812, 95, 0.0031);
 *   trace.setOutput(answer);
 * }
 * }</pre>
 *
 * <p>Without an endpoint the client is disabled: every call works and records nothing, so the
 * application's own tests need no server. Recording calls never block on the network and never
 * throw; problems are counted in {@link #stats()} and logged once through {@link System.Logger}
 * {@code dev.sightline}. Thread-safe.
 */
public final class Sightline implements AutoCloseable {
  private final Recorder recorder;
  private final Prompts prompts;

  private Sightline(Recorder recorder, PromptCache promptCache) {
    this.recorder = recorder;
    this.prompts = new Prompts(promptCache, recorder::generation);
  }

  /** A builder with the defaults: no endpoint (disabled), sample rate 1, 1 s flush interval. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured from the environment variables {@code SIGHTLINE_ENDPOINT},
   * {@code SIGHTLINE_API_KEY}, {@code SIGHTLINE_SAMPLE_RATE}, {@code SIGHTLINE_FLUSH_INTERVAL},
   * {@code SIGHTLINE_BATCH_SIZE}, {@code SIGHTLINE_QUEUE_SIZE}, {@code SIGHTLINE_ENVIRONMENT} and
   * {@code SIGHTLINE_RELEASE}; disabled if no endpoint is set.
   *
   * @throws IllegalArgumentException naming the variable, if one holds an invalid value
   */
  public static Sightline fromEnvironment() {
    return builder().fromEnvironment().build();
  }

  /** A client that records nothing. */
  public static Sightline disabled() {
    return builder().build();
  }

  /**
   * Options of a new trace for a feature: the slug analytics group by. A blank slug is recorded
   * as {@code default}. Never null; call {@link Trace.Builder#start()} to begin it.
   */
  public Trace.Builder trace(String feature) {
    return recorder.trace(feature);
  }

  /**
   * Options of a trace that continues one started in another process, which called this one with
   * a W3C {@code traceparent} header (e.g. {@code request.getHeader("traceparent")}): the trace
   * keeps the caller's trace id, so both processes' spans make one trace. This process's part is
   * recorded as a span under the caller's span (named after the trace's name, else the feature,
   * with its input, output, status, times, metadata, attributes and tags), and the spans started
   * in the trace are its children. The trace row itself gets only what holds for the whole trace
   * (user, organization, session, conversation, environment, release, evaluation rate): its name,
   * feature, input and output are the caller's.
   *
   * <p>The header is parsed strictly (version 00: {@code 00-<32 hex>-<16 hex>-<2 hex>}, lower
   * case, ids not all zero). A null or blank header starts a new trace, as {@link #trace} does; a
   * malformed one too, counted in {@link ExportStats#recordingErrors()} and logged once. Never
   * throws. Whether the trace is recorded is decided on its id by the sample rate, as for every
   * trace (the header's {@code sampled} flag is not obeyed), so processes with the same rate
   * keep or drop the same traces.
   *
   * @param traceparent the incoming header's value; may be null
   */
  public Trace.Builder continueTrace(String feature, String traceparent) {
    return recorder.continueTrace(feature, traceparent);
  }

  /**
   * Options of a detached generation: it belongs to no trace until appended with
   * {@link SpanParent#append(Generation)} and is recorded only then, even if it ended before.
   */
  public Generation.Builder generation(String name) {
    return recorder.generation(name);
  }

  /**
   * The project's managed prompts: fetched by name and label or version, compiled, cached for the
   * builder's {@link Builder#promptCacheTtl(Duration) promptCacheTtl}, with fallbacks when the
   * server is away. Without an endpoint only fallbacks are served.
   */
  public Prompts prompts() {
    return prompts;
  }

  /**
   * Scores a trace, or one of its spans, by id, at any time after it was recorded (or even before
   * it arrives: the server keeps a score whose trace or span it has not seen yet), e.g.
   * {@code sightline.score(traceId, null, Score.of("helpfulness", 4).withComment("clear"))}. The
   * score goes through the same queue and batches as traces, so this never blocks or throws.
   *
   * <p>The server stores it as a score row ({@code GET /api/scores?traceId=...}, and on the trace
   * or span in {@code GET /api/traces/{traceId}}) with a random {@code scoreId} made here, the
   * current time, and source {@link Score.Source#FEEDBACK} unless the score says otherwise. If the
   * project has a score config for the score's name, the server checks the score against it and
   * completes it (see {@link Score}); a score that does not fit is refused alone (the rest of its
   * batch is stored), counted in {@link ExportStats#rejected()} and its reason logged, never retried.
   *
   * <p>Not sent, but counted in {@link ExportStats#recordingErrors()} and logged: a trace id other
   * than 32 hex characters, a span id other than 16, an all-zero id, a score without a name, without
   * a value or label, or with a value that is not finite. Not sent either: anything when the client
   * is disabled, and scores of a trace id the sample rate leaves out (as that trace's own spans).
   *
   * @param traceId the trace's id, e.g. {@link SpanParent#traceId()}
   * @param spanId the span's id ({@link Span#spanId()}), or null to score the trace
   */
  public void score(String traceId, String spanId, Score score) {
    recorder.score(traceId, spanId, score);
  }

  /**
   * Datasets on the server and experiments over them ({@link Datasets#run}). Unlike the tracing
   * calls, these block on the server and throw when they cannot reach it.
   */
  public Datasets datasets() {
    return new Datasets(new DatasetRunner(recorder));
  }

  /** Whether an endpoint is configured (traces may be recorded). */
  public boolean isEnabled() {
    return recorder.enabled();
  }

  /**
   * Waits until everything recorded before this call has been delivered to the server (or
   * refused, or given up). Does not stop the client.
   *
   * @return false if the timeout elapsed first
   */
  public boolean flush(Duration timeout) {
    return recorder.flush(Objects.requireNonNull(timeout, "timeout"));
  }

  /**
   * Delivers what is queued and stops the exporter; recording afterwards does nothing (counted
   * as failed). Also run by a JVM shutdown hook unless disabled in the builder.
   *
   * @return false if the timeout elapsed before everything was delivered
   */
  public boolean shutdown(Duration timeout) {
    return recorder.shutdown(Objects.requireNonNull(timeout, "timeout"));
  }

  /** {@link #shutdown(Duration)} with the configured shutdown timeout (5 s by default). */
  @Override
  public void close() {
    recorder.shutdown(recorder.shutdownTimeout());
  }

  /** The exporter's counters, including what was dropped and why. */
  public ExportStats stats() {
    return recorder.stats();
  }

  /**
   * Settings of a client. Every setter checks its value and throws
   * {@link IllegalArgumentException} naming the field at once. Not thread-safe.
   */
  public static final class Builder {
    private URI endpoint;
    private String apiKey;
    private double sampleRate = Configs.SAMPLE_RATE;
    private Duration flushInterval = Configs.FLUSH_INTERVAL;
    private int batchSize = Configs.BATCH_SIZE;
    private int maxBatchBytes = Configs.MAX_BATCH_BYTES;
    private int queueSize = Configs.QUEUE_SIZE;
    private boolean compression = true;
    private String environment;
    private String release;
    private Duration connectTimeout = Configs.CONNECT_TIMEOUT;
    private Duration requestTimeout = Configs.REQUEST_TIMEOUT;
    private Duration maxRetryTime = Configs.MAX_RETRY_TIME;
    private Duration maxBackoff = Configs.MAX_BACKOFF;
    private boolean shutdownHook = true;
    private Duration shutdownTimeout = Configs.SHUTDOWN_TIMEOUT;
    private UnaryOperator<String> mask;
    private Duration promptCacheTtl = Duration.ofSeconds(60);

    private Builder() {}

    /**
     * The server's base URL, e.g. {@code http://127.0.0.1:7600} (batches go to
     * {@code /api/ingest} under it); null disables the client.
     */
    public Builder endpoint(String endpoint) {
      if (endpoint == null || endpoint.isBlank()) {
        this.endpoint = null;
        return this;
      }
      URI uri;
      try {
        uri = URI.create(endpoint.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("endpoint: not a URL: " + endpoint, e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("endpoint: must be an http or https URL with a host, was " + endpoint);
      }
      String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
      this.endpoint = uri.resolve(path.endsWith("/api/ingest") ? path : path + "/api/ingest");
      return this;
    }

    /** The project's API key (sent as a bearer token); required with an endpoint. */
    public Builder apiKey(String apiKey) {
      if (apiKey != null && (apiKey.isBlank() || apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
        throw new IllegalArgumentException("apiKey: must be printable ASCII without spaces");
      }
      this.apiKey = apiKey;
      return this;
    }

    /** The share of traces recorded, 0 to 1 (default 1); decided per trace id. */
    public Builder sampleRate(double sampleRate) {
      if (!(sampleRate >= 0 && sampleRate <= 1)) {
        throw new IllegalArgumentException("sampleRate: must be between 0 and 1, was " + sampleRate);
      }
      this.sampleRate = sampleRate;
      return this;
    }

    /** The longest an item waits before its batch is sent (default 1 s). */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = positive("flushInterval", flushInterval);
      return this;
    }

    /** Items per request, 1 to 10,000 (default 512). */
    public Builder batchSize(int batchSize) {
      this.batchSize = range("batchSize", batchSize, 1, Configs.MAX_BATCH_SIZE);
      return this;
    }

    /** Uncompressed bytes per request, at least 1 KiB (default 4 MiB; keep it below the server's limit). */
    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = range("maxBatchBytes", maxBatchBytes, 1024, Integer.MAX_VALUE / 2);
      return this;
    }

    /** Items held while the server is slow or away, before new ones are dropped (default 16,384). */
    public Builder queueSize(int queueSize) {
      this.queueSize = range("queueSize", queueSize, 1, 1 << 26);
      return this;
    }

    /** Whether requests are gzipped (default true). */
    public Builder compression(boolean compression) {
      this.compression = compression;
      return this;
    }

    /** The environment recorded on every trace (e.g. {@code production}); may be null. */
    public Builder environment(String environment) {
      this.environment = environment;
      return this;
    }

    /** The application release recorded on every trace; may be null. */
    public Builder release(String release) {
      this.release = release;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /** How long one batch is retried before it is given up and counted as failed (default 5 min). */
    public Builder maxRetryTime(Duration maxRetryTime) {
      this.maxRetryTime = positive("maxRetryTime", maxRetryTime);
      return this;
    }

    /** The longest pause between two attempts (default 5 s). */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive("maxBackoff", maxBackoff);
      return this;
    }

    /** Whether a JVM shutdown hook delivers what is queued (default true). */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /** How long {@link Sightline#close()} and the shutdown hook wait for delivery (default 5 s). */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = positive("shutdownTimeout", shutdownTimeout);
      return this;
    }

    /**
     * How long a fetched prompt version is served from the cache before it is fetched again in
     * the background (default 60 s); see {@link Prompts}.
     */
    public Builder promptCacheTtl(Duration ttl) {
      this.promptCacheTtl = positive("promptCacheTtl", ttl);
      return this;
    }

    /**
     * Masks free text before it leaves the application: applied to every string value of inputs,
     * outputs (messages included), metadata, attributes, status messages, errors and prompt
     * variables, never to names, ids or tags. It runs on the exporter thread, so it costs the
     * application's threads nothing; it must be thread-safe and should be fast. If it throws or
     * returns null for a value, {@code [MASKING_FAILED]} is sent in its place, never the unmasked
     * text. The server can mask as well, per project (see its settings); this hook is for what
     * must not leave the process at all.
     *
     * @param mask for example {@code s -> s.replaceAll("\\d{16}", "[CARD]")}; null for none
     */
    public Builder mask(UnaryOperator<String> mask) {
      this.mask = mask;
      return this;
    }

    /** Reads the {@code SIGHTLINE_*} environment variables that are set (see {@link Sightline#fromEnvironment()}). */
    public Builder fromEnvironment() {
      return fromEnvironment(System.getenv());
    }

    /** Reads settings from a map of {@code SIGHTLINE_*} variables; unset ones keep their value. */
    public Builder fromEnvironment(Map<String, String> env) {
      EnvironmentSettings.apply(env, this);
      return this;
    }

    /**
     * Builds and starts the client (with its exporter thread, if an endpoint is set).
     *
     * @throws IllegalArgumentException if an endpoint is set without an API key
     */
    public Sightline build() {
      if (endpoint != null && apiKey == null) {
        throw new IllegalArgumentException("apiKey: required when an endpoint is set");
      }
      return new Sightline(Recorder.start(new Config(endpoint, apiKey, sampleRate, flushInterval, batchSize,
          maxBatchBytes, queueSize, compression, environment, release, connectTimeout, requestTimeout,
          maxRetryTime, maxBackoff, shutdownHook, shutdownTimeout, mask)),
          endpoint == null ? null : new PromptCache(endpoint, apiKey, connectTimeout, requestTimeout, promptCacheTtl));
    }

    private static Duration positive(String field, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + ": must be a positive duration, was " + d);
      }
      return d;
    }

    private static int range(String field, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(field + ": must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }
  }
}
