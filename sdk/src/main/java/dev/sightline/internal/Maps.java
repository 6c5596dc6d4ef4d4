package dev.sightline.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies of user-supplied collections, so later changes by the caller do not leak in. */
final class Maps {

  /** Merges entries into {@code into} (created if null) key by key; null keys are skipped. */
  static Map<String, Object> merge(Map<String, Object> into, Map<String, ?> entries) {
    Map<String, Object> out = into != null ? into : new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : entries.entrySet()) {
      if (e.getKey() != null) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /**
   * A copy of the caller's map, made outside any lock because reading it runs the caller's code;
   * null, counted and logged as {@code failure}, if reading it throws.
   */
  static Map<String, Object> copy(Map<String, ?> entries, Problems problems, String failure) {
    try {
      return merge(null, entries);
    } catch (RuntimeException e) {
      problems.report(failure, e);
      return null;
    }
  }

  /** Merges a {@link #copy} into {@code into}; the copy itself is kept while there is nothing to merge into. */
  static Map<String, Object> mergeCopy(Map<String, Object> into, Map<String, Object> copy) {
    return into == null ? copy : merge(into, copy);
  }

  /** Puts one entry into {@code into} (created if null) and returns it. */
  static Map<String, Object> put(Map<String, Object> into, String key, Object value) {
    Map<String, Object> out = into != null ? into : new LinkedHashMap<>();
    out.put(key, value);
    return out;
  }

  /** A copy without nulls, or null for no change. */
  static List<String> tags(Collection<String> tags) {
    if (tags == null) {
      return null;
    }
    List<String> out = new ArrayList<>(tags.size());
    for (String t : tags) {
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private Maps() {}
}
