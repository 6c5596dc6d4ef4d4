package dev.sightline.internal;

import dev.sightline.Scope;
import dev.sightline.ThrowingConsumer;
import dev.sightline.ThrowingFunction;

/** The lambda forms: run work inside a started, current handle, then end it, whatever happens. */
final class Work {

  static <H, E extends Exception> void run(Handle handle, H typed, ThrowingConsumer<? super H, E> work)
      throws E {
    call(handle, typed, h -> {
      work.accept(h);
      return null;
    });
  }

  static <H, T, E extends Exception> T call(Handle handle, H typed,
      ThrowingFunction<? super H, T, E> work) throws E {
    T result = null;
    try (Scope ignored = handle.makeCurrent()) {
      result = work.apply(typed);
      return result;
    } catch (Throwable t) {
      handle.fail(t);
      throw t; // precise rethrow: only E or unchecked exceptions can get here
    } finally {
      handle.endWithResult(result);
    }
  }

  private Work() {}
}
