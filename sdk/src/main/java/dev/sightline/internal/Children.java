package dev.sightline.internal;

import java.util.Arrays;

/**
 * The children a trace or span has to end when it ends. Ended children are compacted away when
 * the array fills, so a long-lived trace with many finished spans does not hold on to them, and
 * adding costs no allocation in the common case. Not thread-safe: guarded by the owning handle.
 */
final class Children {
  private AbstractSpan<?, ?>[] items = new AbstractSpan<?, ?>[4];
  private int size;

  void add(AbstractSpan<?, ?> child) {
    if (size == items.length) {
      compact();
      if (size > items.length / 2) {
        items = Arrays.copyOf(items, items.length * 2);
      }
    }
    items[size++] = child;
  }

  /** The children, some possibly ended already (ending them again does nothing). */
  AbstractSpan<?, ?>[] toArray() {
    return Arrays.copyOf(items, size);
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
