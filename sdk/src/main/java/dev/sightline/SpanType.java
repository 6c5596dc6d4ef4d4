package dev.sightline;

import java.util.Locale;

/**
 * What kind of work a span stands for: the closed vocabulary of the Sightline data model.
 * {@link #GENERATION} spans are created through {@link SpanParent#generation(String)} so that they
 * carry model, tokens and cost. Immutable and thread-safe.
 */
public enum SpanType {
  SPAN, FUNCTION, TOOL, RETRIEVAL, EVENT, GENERATION, MESSAGE, AGENT, SYSTEM, EMBEDDING, CHAIN,
  RERANKER, GUARDRAIL, EVALUATOR;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The lowercase name used by the ingestion protocol, e.g. {@code "retrieval"}; never null. */
  public String wireName() {
    return wireName;
  }
}
