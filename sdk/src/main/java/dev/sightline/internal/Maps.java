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
