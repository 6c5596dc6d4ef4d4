package dev.sightline;

/**
 * Work done inside a trace or span without a result, for the lambda forms
 * ({@link SpanBuilder#run}, {@link Trace.Builder#run}). It may throw any exception, which is
 * recorded on the handle and rethrown unchanged.
 *
 * @param <H> the handle the work receives (never null)
 * @param <E> the exception type the work may throw
 */
@FunctionalInterface
public interface ThrowingConsumer<H, E extends Exception> {
  void accept(H handle) throws E;
}
