package dev.sightline.internal;

/**
 * What a recording call stores into a span or trace while holding its lock (see
 * {@link SpanState#change} and {@link TraceState#change}): values the call prepared outside the
 * lock (copies of the caller's maps, an error's message), never the caller's code, so the lock is
 * held for a few instructions. Implementations are stateless lambdas: a call allocates none.
 *
 * @param <H> the holder, {@link SpanState} or {@link TraceState}
 */
@FunctionalInterface
interface Change<H, A, B> {
  void store(H holder, A a, B b);
}
