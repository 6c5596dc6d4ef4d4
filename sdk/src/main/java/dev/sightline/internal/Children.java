package dev.sightline.internal;

import java.util.Arrays;

/**
 * The children a trace or span has to end when it ends. Ended children are compacted away when
 * the array fills, so a long-lived trace with many finished spans does not hold on to them, and
 * adding costs no allocation in the common case. Thread-safe, with its own lock: registering a
 * child costs one compare-and-set and never waits for the parent's other state.
 */
final class Children extends StateLock {
  private static final int CLOSED = 2;
  private SpanState[] items = new SpanState[4];
  private int size;

  /** Adds a started child; false if the parent has already ended its children. */
  boolean add(SpanState child) {
    int s = lock();
    try {
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (size == items.length) {
        compact();
        if (size > items.length / 2) {
          items = Arrays.copyOf(items, items.length * 2);
        }
      }
      items[size++] = child;
      return true;
    } finally {
      unlock(s);
    }
  }

  /**
   * Refuses further children and ends those still open at {@code at} (epoch microseconds), as
   * ended by their parent. A child registering meanwhile either made it into the list (and is
   * ended here) or is refused, as if it had started just after the parent's end. Only the first
   * call ends anything.
   */
  void endOpen(long at) {
    SpanState[] open = close();
    if (open != null) {
      for (SpanState child : open) {
        SpanLifecycle.endByParent(child, at);
      }
    }
  }

  /**
   * Refuses further children and returns the ones registered (some possibly ended already: ending
   * them again does nothing), or null if none or if it was closed before.
   */
  private SpanState[] close() {
    int s = lock();
    SpanState[] out = null;
    try {
      if ((s & CLOSED) == 0 && size > 0) {
        out = Arrays.copyOf(items, size);
      }
      items = null;
      size = 0;
    } finally {
      unlock(s | CLOSED);
    }
    return out;
  }

  private void compact() {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!items[i].isEnded()) {
        items[kept++] = items[i];
      }
    }
    Arrays.fill(items, kept, size, null);
    size = kept;
  }
}
