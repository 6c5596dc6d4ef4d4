package dev.sightline.internal;

import dev.sightline.Scope;

/** What traces and spans have in common for the lambda forms and for ending. */
interface Handle {
  Scope makeCurrent();

  /** Records an error thrown by the work of a lambda form; returns the handle (Span or Trace). */
  Object fail(Throwable error);

  /** Ends, recording {@code result} as output unless one was set. */
  void endWithResult(Object result);

  /** What an end call does with the value it is given, by the public method that ends. */
  enum Output {
    /** {@code end()}: keeps the output as it is. */
    KEEP,
    /** {@code end(output)}: sets it. */
    SET,
    /** {@link #endWithResult}: sets it unless one was set. */
    DEFAULT;

    /** Whether the value given to the end call replaces {@code current}. */
    boolean replaces(Object current) {
      return this == SET || (this == DEFAULT && current == null);
    }
  }
}
