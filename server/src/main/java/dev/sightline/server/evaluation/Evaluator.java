package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.storage.Filter;
import java.nio.charset.StandardCharsets;

/**
 * A project's evaluator, one version of it: which spans or traces it judges and how. Immutable.
 *
 * @param name the evaluator's name, also the name of the scores it gives
 * @param kind one of {@link Kinds#names()}
 * @param target {@code trace}, or the span type it judges ({@code generation}, ...)
 * @param sampleRate the share of traces judged, 0 to 1, decided on the trace id ({@link #samples})
 * @param filterJson the filter as given: trace-list filter parameters; never null (may be empty)
 * @param filter that filter, read
 * @param config the kind's config as given; never null
 * @param enabled whether it runs as traces end (a disabled one runs only when backfilled)
 * @param version 1 for a new evaluator, one more for each change of what or how it judges
 * @param createdAt when version 1 was made, epoch microseconds
 * @param updatedAt when this version was made, epoch microseconds
 */
public record Evaluator(String name, String kind, String target, double sampleRate, ObjectNode filterJson,
    Filter filter, JsonNode config, boolean enabled, int version, long createdAt, long updatedAt) {

  /** The target that judges whole traces rather than spans. */
  public static final String TRACE = "trace";

  /** Whether it judges traces rather than spans. */
  public boolean judgesTraces() {
    return TRACE.equals(target);
  }

  /** Whether it judges the same things in the same way as {@code other} (all but enabled and times). */
  boolean sameJudgement(Evaluator other) {
    return kind.equals(other.kind) && target.equals(other.target) && sampleRate == other.sampleRate
        && filterJson.equals(other.filterJson) && config.equals(other.config);
  }

  /**
   * Whether a trace is in the sample of this rate: a hash of the trace id mapped onto [0, 1), so
   * that every span of a trace is in or out together, and every server decides the same.
   */
  public static boolean samples(double rate, String traceId) {
    if (rate >= 1) {
      return true;
    }
    if (rate <= 0) {
      return false;
    }
    // FNV-1a then a 64-bit finaliser (SplitMix64): ids a caller counts up (0001, 0002, ...) spread too.
    long h = 0xcbf29ce484222325L;
    for (byte b : traceId.getBytes(StandardCharsets.US_ASCII)) {
      h = (h ^ b) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (h >>> 11) * 0x1.0p-53 < rate;
  }
}
