package dev.sightline.internal;

import java.util.function.BiConsumer;

/**
 * A span's or a trace's state as the recording calls they share see it: changes under its lock,
 * its annotations, and where problems go, so that those calls are written once
 * ({@link Recording}) for both.
 *
 * @param <S> the state itself, {@link SpanState} or {@link TraceState}
 */
interface Annotated<S extends Annotated<S>> {

  /** Stores {@code a} and {@code b} with {@code change} under the state's lock, unless it has ended. */
  <A, B> void change(Change<? super S, A, B> change, A a, B b);

  /** Stores {@code value} with {@code change} under the state's lock, unless it has ended. */
  default <T> void change(BiConsumer<? super S, T> change, T value) {
    change((state, c, v) -> c.accept(state, v), change, value);
  }

  /** The annotations, made if needed; only under the lock. */
  Annotations annotations();

  /** Where the SDK reports what it ignored. */
  Problems problems();
}
