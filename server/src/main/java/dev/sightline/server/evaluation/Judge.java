package dev.sightline.server.evaluation;

/**
 * A configured evaluator kind, ready to judge ({@link Kinds#create}). Thread-safe; one instance
 * per evaluator version, so a remote kind's concurrency and rate limits are per evaluator.
 */
public interface Judge {
  /**
   * Judges one span or trace.
   *
   * @throws EvaluationException when it cannot judge (a missing field, the judge down after the
   *     retries, an unparsable answer); its message is shown to the user as the evaluation's error
   */
  Verdict judge(Subject subject) throws EvaluationException;

  /**
   * True for kinds that call out (llm-judge, webhook), to be run from a durable queue off the
   * ingest path; false for deterministic kinds, which are fast and never block.
   */
  boolean remote();
}
