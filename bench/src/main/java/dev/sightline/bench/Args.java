package dev.sightline.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options with defaults. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
  }

  String get(String name, String byDefault) {
    return values.getOrDefault(name, byDefault);
  }

  long getLong(String name, long byDefault) {
    return Long.parseLong(get(name, Long.toString(byDefault)));
  }
}
