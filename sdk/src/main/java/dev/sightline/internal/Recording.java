package dev.sightline.internal;

/**
 * The recording calls spans and traces share, over their {@link Annotated} state: each checks the
 * caller's value outside the lock, reports one it ignores, and stores the rest under the lock.
 * Stateless and thread-safe.
 */
final class Recording {
  private Recording() {}

  /** Sets one metadata entry; a null key is counted and logged. */
  static <S extends Annotated<S>> void putMetadata(S state, String key, Object value) {
    if (Annotations.isKey(key, state.problems(), "metadata key null ignored")) {
      state.change((s, k, v) -> s.annotations().putMetadata(k, v), key, value);
    }
  }

  /** Adds an evaluator by its slug; a blank one is counted and logged. */
  static <S extends Annotated<S>> void addEvaluator(S state, String slug) {
    if (Annotations.isEvaluator(slug, state.problems())) {
      state.change((s, v) -> s.annotations().addEvaluator(v), slug);
    }
  }
}
