package dev.sightline.server.storage;

import java.util.Map;

/**
 * Conditions on traces or spans; every non-null field must hold. All fields are optional.
 *
 * <p>On {@linkplain TraceQuery traces} every condition is about the trace: {@code model},
 * {@code minCost}, {@code hasError} use its rollups and {@code q} matches the text of the trace's or
 * any of its spans' input and output. On {@linkplain SpanQuery spans}, {@code feature},
 * {@code sessionId}, {@code userId}, {@code organizationId}, {@code environment} and
 * {@code release} are about the span's trace and the rest about the span itself.
 *
 * @param from inclusive lower bound of the start time, epoch microseconds
 * @param to exclusive upper bound of the start time, epoch microseconds
 * @param tag a tag the row carries
 * @param attributes attribute key to value (compared as text); all must match
 * @param metadata top-level metadata key to value (compared as text); all must match
 * @param minDuration inclusive, microseconds
 * @param maxDuration inclusive, microseconds
 * @param minCost inclusive, US dollars
 * @param hasError true: only failures (status {@code failure}, or a failed span for traces);
 *     false: only rows without
 * @param q full-text query: every whitespace-separated word must occur (case-insensitive) as a word
 *     of the input or output
 */
public record Filter(
    Long from,
    Long to,
    String feature,
    String name,
    String status,
    String sessionId,
    String userId,
    String organizationId,
    String environment,
    String release,
    String referenceId,
    String tag,
    String model,
    Map<String, String> attributes,
    Map<String, String> metadata,
    Long minDuration,
    Long maxDuration,
    Double minCost,
    Boolean hasError,
    String q) {

  /** No condition at all. */
  public static final Filter NONE = builder().build();

  public Filter {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (q != null && q.isBlank()) {
      q = null;
    }
  }

  /** This filter with another start-time range (either bound null for none). */
  public Filter withRange(Long from, Long to) {
    return new Filter(from, to, feature, name, status, sessionId, userId, organizationId,
        environment, release, referenceId, tag, model, attributes, metadata, minDuration,
        maxDuration, minCost, hasError, q);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Filter}; unset fields stay null. Not thread-safe. */
  public static final class Builder {
    private Long from;
    private Long to;
    private String feature;
    private String name;
    private String status;
    private String sessionId;
    private String userId;
    private String organizationId;
    private String environment;
    private String release;
    private String referenceId;
    private String tag;
    private String model;
    private Map<String, String> attributes;
    private Map<String, String> metadata;
    private Long minDuration;
    private Long maxDuration;
    private Double minCost;
    private Boolean hasError;
    private String q;

    public Builder from(Long v) { from = v; return this; }
    public Builder to(Long v) { to = v; return this; }
    public Builder feature(String v) { feature = v; return this; }
    public Builder name(String v) { name = v; return this; }
    public Builder status(String v) { status = v; return this; }
    public Builder sessionId(String v) { sessionId = v; return this; }
    public Builder userId(String v) { userId = v; return this; }
    public Builder organizationId(String v) { organizationId = v; return this; }
    public Builder environment(String v) { environment = v; return this; }
    public Builder release(String v) { release = v; return this; }
    public Builder referenceId(String v) { referenceId = v; return this; }
    public Builder tag(String v) { tag = v; return this; }
    public Builder model(String v) { model = v; return this; }
    public Builder attributes(Map<String, String> v) { attributes = v; return this; }
    public Builder metadata(Map<String, String> v) { metadata = v; return this; }
    public Builder minDuration(Long v) { minDuration = v; return this; }
    public Builder maxDuration(Long v) { maxDuration = v; return this; }
    public Builder minCost(Double v) { minCost = v; return this; }
    public Builder hasError(Boolean v) { hasError = v; return this; }
    public Builder q(String v) { q = v; return this; }

    public Filter build() {
      return new Filter(from, to, feature, name, status, sessionId, userId, organizationId,
          environment, release, referenceId, tag, model, attributes, metadata, minDuration,
          maxDuration, minCost, hasError, q);
    }
  }
}
