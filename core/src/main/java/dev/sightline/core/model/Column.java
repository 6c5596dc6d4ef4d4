package dev.sightline.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One field of the data model. A column is defined once and shared by the tables that carry it, so
 * {@code traceId} means the same thing on traces, spans and scores.
 *
 * <p>The wire name is the camelCase name of the native JSON protocol; a dotted name such as
 * {@code user.id} is carried as a nested object ({@code "user":{"id":...}}). The SQL name is the
 * snake_case form ({@code user_id}). Instances are immutable and compared by identity.
 */
public final class Column {
  private static final List<Column> ALL = new ArrayList<>();

  private final int id;
  private final String name;
  private final String sqlName;
  private final ColumnType type;
  private final int maxLength;

  private Column(String name, ColumnType type, int maxLength) {
    this.name = name;
    this.type = type;
    this.maxLength = maxLength;
    this.sqlName = toSnakeCase(name);
    synchronized (ALL) {
      this.id = ALL.size();
      ALL.add(this);
    }
  }

  static Column of(String name, ColumnType type) {
    return new Column(name, type, defaultMaxLength(type));
  }

  static Column of(String name, ColumnType type, int maxLength) {
    return new Column(name, type, maxLength);
  }

  /** The camelCase wire name, possibly dotted ({@code user.id}). */
  public String name() {
    return name;
  }

  /** The snake_case name used by SQL backends and write-ahead log lines. */
  public String sqlName() {
    return sqlName;
  }

  public ColumnType type() {
    return type;
  }

  /**
   * The largest accepted value: characters for strings, bytes of compact JSON text for JSON values,
   * items for lists.
   */
  public int maxLength() {
    return maxLength;
  }

  int id() {
    return id;
  }

  static int count() {
    synchronized (ALL) {
      return ALL.size();
    }
  }

  static List<Column> all() {
    synchronized (ALL) {
      return Collections.unmodifiableList(new ArrayList<>(ALL));
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private static int defaultMaxLength(ColumnType type) {
    switch (type) {
      case STRING:
        return 1024;
      case JSON:
        return 4 * 1024 * 1024;
      case STRING_LIST:
        return 100;
      default:
        return 0;
    }
  }

  private static String toSnakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
