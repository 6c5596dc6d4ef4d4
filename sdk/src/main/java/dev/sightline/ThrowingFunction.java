package dev.sightline;

/**
 * Work done inside a trace or span that returns a value, for the lambda forms
 * ({@link SpanBuilder#call}, {@link Trace.Builder#call}). It may throw any exception, which is
 * recorded on the handle and rethrown unchanged.
 *
 * @param <H> the handle the work receives (never null)
 * @param <T> the result type
 * @param <E> the exception type the work may throw
 */
@FunctionalInterface
public interface ThrowingFunction<H, T, E extends Exception> {
  T apply(H handle) throws E;
}
