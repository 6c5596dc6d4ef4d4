package dev.sightline.core.storage;

import java.util.Map;

/**
 * Conditions on traces or spans; every non-null field must hold. All fields are optional. Text
 * fields must equal the row's value exactly (case-sensitive, no partial match).
 *
 * <p>On {@linkplain TraceQuery traces} every condition is about the trace: {@code model},
 * {@code minCost}, {@code hasError} use its rollups and {@code q} matches the text of the trace's or
 * any of its spans' input and output. On {@linkplain SpanQuery spans}, {@code feature},
 * {@code sessionId}, {@code userId}, {@code organizationId}, {@code environment} and
 * {@code release} are about the span's trace (a span whose trace row is not stored meets none of
 * them) and the rest about the span itself.
 *
 * @param from inclusive lower bound of the {@linkplain QuerySemantics#start start time}, epoch
 *     microseconds; rows without one fall outside any bound
 * @param to exclusive upper bound of the start time, epoch microseconds
 * @param tag a tag the row carries
 * @param model traces: one of the models of the {@code models} rollup; spans: the span's model
 * @param attributes attribute key to value, all of which must match: the row's top-level key holds a
 *     string equal to the value, or a number or boolean whose JSON text equals it ({@code 42},
 *     {@code 0.5}, {@code true}); absent keys, nulls, objects and arrays never match
 * @param metadata top-level metadata key to value, compared like {@code attributes}
 * @param minDuration inclusive, microseconds ({@link QuerySemantics#duration}); rows without a
 *     duration fail any duration bound
 * @param maxDuration inclusive, microseconds
 * @param minCost inclusive, US dollars; rows without a cost fail it
 * @param hasError true: only {@linkplain QuerySemantics#isError failures} (status {@code failure},
 *     or for traces an {@code errorCount} above 0); false: only rows without
 * @param q full-text query: every word of it ({@link QuerySemantics#words}) must be a word of the
 *     {@linkplain SearchWords#json words} (of decoded string and number values,
 *     not keys) of the input or output, in any case. For traces, the words may be spread over the
 *     trace's and all its spans' input and output; for spans, over the span's own
 * @param scoreName the name of a score ({@code Table.SCORES}) the row must have a value of. On
 *     traces, the trace's score for a name is the mean of the non-null {@code value}s of the scores
 *     of that name whose {@code traceId} is the trace's (given to the trace or to any of its spans);
 *     on spans, the mean of the valued scores of that name given to the span itself (its trace id
 *     and span id). A row without a valued score of the name fails the condition. The mean is
 *     computed in double precision; backends may differ in its last bits
 * @param minScore inclusive lower bound of that mean; needs {@code scoreName}
 * @param maxScore inclusive upper bound of that mean; needs {@code scoreName}
 * @throws IllegalArgumentException if a score bound comes without {@code scoreName} or is not finite
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
    String q,
    String scoreName,
    Double minScore,
    Double maxScore) {

  /** No condition at all. */
  public static final Filter NONE = builder().build();

  public Filter {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (q != null && q.isBlank()) {
      q = null;
    }
    checkScoreBound("minScore", minScore, scoreName);
    checkScoreBound("maxScore", maxScore, scoreName);
  }

  private static void checkScoreBound(String field, Double bound, String scoreName) {
    if (bound != null && scoreName == null) {
      throw new IllegalArgumentException(field + ": needs scoreName");
    }
    if (bound != null && !Double.isFinite(bound)) {
      throw new IllegalArgumentException(field + ": must be a finite number");
    }
  }

  /** This filter with another start-time range (either bound null for none). */
  public Filter withRange(Long from, Long to) {
    return toBuilder().from(from).to(to).build();
  }

  /** A builder holding this filter's conditions, to derive another filter from it. */
  public Builder toBuilder() {
    return builder().from(from).to(to).feature(feature).name(name).status(status).sessionId(sessionId)
        .userId(userId).organizationId(organizationId).environment(environment).release(release)
        .referenceId(referenceId).tag(tag).model(model).attributes(attributes).metadata(metadata)
        .minDuration(minDuration).maxDuration(maxDuration).minCost(minCost).hasError(hasError).q(q)
        .scoreName(scoreName).minScore(minScore).maxScore(maxScore);
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
    private String scoreName;
    private Double minScore;
    private Double maxScore;

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
    public Builder scoreName(String v) { scoreName = v; return this; }
    public Builder minScore(Double v) { minScore = v; return this; }
    public Builder maxScore(Double v) { maxScore = v; return this; }

    public Filter build() {
      return new Filter(from, to, feature, name, status, sessionId, userId, organizationId,
          environment, release, referenceId, tag, model, attributes, metadata, minDuration,
          maxDuration, minCost, hasError, q, scoreName, minScore, maxScore);
    }
  }
}
