package dev.sightline.internal;

import dev.sightline.Scope;

/** What traces and spans have in common for the lambda forms and for ending children. */
interface Handle {
  Scope makeCurrent();

  /** Records an error thrown by the work of a lambda form. */
  void failQuietly(Throwable error);

  /** Ends, recording {@code result} as output unless one was set. */
  void endWithResult(Object result);
}
