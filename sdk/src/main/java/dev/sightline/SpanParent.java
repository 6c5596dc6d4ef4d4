package dev.sightline;

/**
 * A trace or span that children can be started in. The typed shortcuts only preset the span
 * {@link SpanType type}. Creating a child never throws and never blocks; on a trace that is not
 * recorded (sampled out, or no endpoint configured) the children are not recorded either.
 *
 * <p>Thread-safe: children may be started from several threads at once, as in parallel steps.
 */
public interface SpanParent {

  /** The 32-hex-character id of the trace this belongs to; never null. */
  String traceId();

  /**
   * The W3C {@code traceparent} header value to send with a call to another process, so that it
   * continues this trace ({@link Sightline#continueTrace}) under this span:
   * {@code 00-<trace id>-<span id>-<flags>}, flags {@code 01} if the trace is recorded, else
   * {@code 00}. A trace's own header names its part's span when it was continued, else an id that
   * no span has (the callee's part is then a root of the trace). Null only for a generation that
   * is not yet attached to a trace.
   */
  String traceparent();

  /** A child of the given type; a null type means {@link SpanType#SPAN}. */
  Span.Builder span(SpanType type, String name);

  /** A general-purpose child span. */
  default Span.Builder span(String name) {
    return span(SpanType.SPAN, name);
  }

  /** A child standing for one function call or computation. */
  default Span.Builder function(String name) {
    return span(SpanType.FUNCTION, name);
  }

  /** A child standing for a tool or external API call. */
  default Span.Builder tool(String name) {
    return span(SpanType.TOOL, name);
  }

  /** A child standing for a retrieval (vector search, knowledge base lookup). */
  default Span.Builder retrieval(String name) {
    return span(SpanType.RETRIEVAL, name);
  }

  /** A child standing for a notable event or state change. */
  default Span.Builder event(String name) {
    return span(SpanType.EVENT, name);
  }

  /** A child standing for a conversation message and what it caused. */
  default Span.Builder message(String name) {
    return span(SpanType.MESSAGE, name);
  }

  /** A child standing for an agent's reasoning step or decision. */
  default Span.Builder agent(String name) {
    return span(SpanType.AGENT, name);
  }

  /** A child standing for infrastructure work (cache warm-up, initialization). */
  default Span.Builder system(String name) {
    return span(SpanType.SYSTEM, name);
  }

  /** A child standing for the computation of embeddings. */
  default Span.Builder embedding(String name) {
    return span(SpanType.EMBEDDING, name);
  }

  /** A child model generation, with model, prompt, tokens and cost. */
  Generation.Builder generation(String name);

  /**
   * Attaches a generation created detached ({@link Sightline#generation(String)}) as a child of
   * this. If it has already ended it is recorded now. A generation can be appended once; later
   * calls, or a null, are ignored.
   */
  void append(Generation generation);

  /** Records feedback on this trace or span; null is ignored. Allowed before and after end. */
  void feedback(Feedback feedback);
}
