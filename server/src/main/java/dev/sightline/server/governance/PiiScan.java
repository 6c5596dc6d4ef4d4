package dev.sightline.server.governance;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the personal and secret values in a text with masking's own detectors, in masking's
 * order (so the digits of a key are not also a phone number): what masking would replace is
 * what is counted. Thread-safe (immutable).
 */
public final class PiiScan {
  private final Masker masker;

  private PiiScan(Set<Detector> detectors) {
    this.masker = new Masker(new MaskingSettings(detectors, List.of(), List.of()));
  }

  /** The kinds there are, by their settings names ({@code email}, {@code creditCard}, ...), in masking's order. */
  public static List<String> kinds() {
    List<String> names = new ArrayList<>();
    for (Detector d : Detector.values()) {
      names.add(d.setting());
    }
    return names;
  }

  /**
   * A scan for these kinds.
   *
   * @throws IllegalArgumentException naming the unknown kind
   */
  public static PiiScan of(Set<String> kinds) {
    Set<Detector> detectors = EnumSet.noneOf(Detector.class);
    for (String kind : kinds) {
      Detector d = Detector.ofSetting(kind);
      if (d == null) {
        throw new IllegalArgumentException("unknown kind " + kind + "; there are " + kinds());
      }
      detectors.add(d);
    }
    return new PiiScan(detectors);
  }

  /** How many of each kind the text holds, by settings name in masking's order; only kinds found. */
  public Map<String, Integer> count(String text) {
    Map<String, Integer> byName = new TreeMap<>();
    masker.maskText(text, byName);
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Detector d : Detector.values()) {
      Integer n = byName.get(d.name());
      if (n != null) {
        out.put(d.setting(), n);
      }
    }
    return out;
  }
}
