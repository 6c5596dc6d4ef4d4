package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.ColumnType;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.memory.RowMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a {@link Table}'s rows are laid out in ClickHouse: one column per model column (strings and
 * JSON texts as {@code Nullable(String)}, times and counts as {@code Nullable(Int64)}, lists as
 * {@code Array(String)} with a {@code _null} flag), then columns derived at write time so that
 * queries are plain comparisons: the start and duration ({@link QuerySemantics}), the error and
 * success flags, the full-text words ({@link QuerySemantics#jsonWords}), the top-level scalar
 * attributes and metadata as parallel key and value arrays, and for spans the time to first token
 * and prompt version. Every table ends with {@code part_us} (the partition's time), {@code version}
 * (the {@code ReplacingMergeTree} version) and {@code deleted} (a tombstone flag). Immutable.
 */
final class Layout {
  /** A stored column: its name and ClickHouse type. */
  record Stored(String name, String type) {}

  final Table table;
  final List<Stored> columns;

  private Layout(Table table) {
    this.table = table;
    List<Stored> cols = new ArrayList<>();
    for (Column c : table.columns()) {
      boolean key = table.keyColumns().contains(c);
      cols.add(new Stored(c.sqlName(), key ? "String" : type(c.type())));
      if (c.type() == ColumnType.STRING_LIST) {
        cols.add(new Stored(c.sqlName() + "_null", "UInt8"));
      }
    }
    if (table != Table.SCORES) {
      cols.add(new Stored("start_us", "Nullable(Int64)"));
      cols.add(new Stored("duration_us", "Nullable(Int64)"));
      cols.add(new Stored("is_error", "UInt8"));
      cols.add(new Stored("is_success", "UInt8"));
      cols.add(new Stored("words", "Array(String)"));
      cols.add(new Stored("attr_keys", "Array(String)"));
      cols.add(new Stored("attr_values", "Array(String)"));
      cols.add(new Stored("meta_keys", "Array(String)"));
      cols.add(new Stored("meta_values", "Array(String)"));
    }
    if (table == Table.SPANS) {
      cols.add(new Stored("ttft_us", "Nullable(Int64)"));
      cols.add(new Stored("prompt_version", "Nullable(String)"));
    }
    cols.add(new Stored("part_us", "Int64"));
    cols.add(new Stored("version", "UInt64"));
    cols.add(new Stored("deleted", "UInt8"));
    this.columns = List.copyOf(cols);
  }

  static final Layout TRACES = new Layout(Table.TRACES);
  static final Layout SPANS = new Layout(Table.SPANS);
  static final Layout SCORES = new Layout(Table.SCORES);

  static Layout of(Table table) {
    return table == Table.TRACES ? TRACES : table == Table.SPANS ? SPANS : SCORES;
  }

  List<String> names() {
    return columns.stream().map(Stored::name).toList();
  }

  /** The columns a query selects to rebuild rows with {@link #decode}. */
  String modelColumns() {
    List<String> names = new ArrayList<>();
    for (Column c : table.columns()) {
      names.add(c.sqlName());
      if (c.type() == ColumnType.STRING_LIST) {
        names.add(c.sqlName() + "_null");
      }
    }
    return String.join(", ", names);
  }

  /** The time a row's partition is chosen by when it is first stored: its start, else now. */
  static long partitionTime(Row row, long nowMicros) {
    Long start = QuerySemantics.start(row);
    return start != null ? start : nowMicros;
  }

  /**
   * Appends a row with its derived columns, in the order of {@link #columns}.
   *
   * @param words the row's full-text words ({@link #words}); ignored for scores
   */
  void encode(Row row, Set<String> words, long partUs, long version, RowBinary out) {
    for (Column c : table.columns()) {
      Object v = row.get(c);
      if (table.keyColumns().contains(c)) {
        out.string((String) v);
      } else if (c.type() == ColumnType.STRING_LIST) {
        out.strings(v == null ? List.of() : row.list(c));
        out.uint8(v == null ? 1 : 0);
      } else if (out.present(v)) {
        if (v instanceof Boolean b) {
          out.uint8(b ? 1 : 0);
        } else if (v instanceof Long l) {
          out.int64(l);
        } else if (v instanceof Double d) {
          out.float64(d);
        } else {
          out.string((String) v);
        }
      }
    }
    if (table != Table.SCORES) {
      nullableLong(out, QuerySemantics.start(row));
      nullableLong(out, QuerySemantics.duration(row));
      out.uint8(QuerySemantics.isError(row) ? 1 : 0);
      out.uint8(QuerySemantics.isSuccess(row) ? 1 : 0);
      out.strings(words);
      scalars(out, row.string(Schema.ATTRIBUTES));
      scalars(out, row.string(Schema.METADATA));
    }
    if (table == Table.SPANS) {
      nullableLong(out, QuerySemantics.timeToFirstToken(row));
      String prompt = QuerySemantics.promptVersion(row);
      if (out.present(prompt)) {
        out.string(prompt);
      }
    }
    out.int64(partUs);
    out.int64(version);
    out.uint8(0);
  }

  /** The full-text words of a trace or span row's texts (empty for scores). */
  static Set<String> words(Row row) {
    return row.table() == Table.SCORES ? Set.of()
        : QuerySemantics.jsonWords(row.string(Schema.INPUT), row.string(Schema.OUTPUT));
  }

  /** The row of a line selected with {@link #modelColumns()}. */
  Row decode(JsonNode line) {
    Row.Builder b = Row.builder(table);
    for (Column c : table.columns()) {
      JsonNode v = line.get(c.sqlName());
      if (c.type() == ColumnType.STRING_LIST) {
        if (line.get(c.sqlName() + "_null").asInt() == 0) {
          List<String> list = new ArrayList<>(v.size());
          v.forEach(e -> list.add(e.asText()));
          b.set(c, List.copyOf(list));
        }
      } else if (v != null && !v.isNull()) {
        b.set(c, value(c.type(), v));
      }
    }
    return b.build();
  }

  private static Object value(ColumnType type, JsonNode v) {
    switch (type) {
      case LONG:
      case TIMESTAMP:
        return Long.parseLong(v.asText()); // 64-bit integers come quoted
      case DOUBLE:
        return Double.parseDouble(v.asText());
      case BOOLEAN:
        return v.asInt() != 0;
      default:
        return v.asText();
    }
  }

  private static String type(ColumnType type) {
    switch (type) {
      case LONG:
      case TIMESTAMP:
        return "Nullable(Int64)";
      case DOUBLE:
        return "Nullable(Float64)";
      case BOOLEAN:
        return "Nullable(UInt8)";
      case STRING_LIST:
        return "Array(String)";
      default:
        return "Nullable(String)";
    }
  }

  private static void nullableLong(RowBinary out, Long value) {
    if (out.present(value)) {
      out.int64(value);
    }
  }

  /** The top-level scalar fields ({@link RowMatcher#scalarFields}) as parallel key and value arrays. */
  private static void scalars(RowBinary out, String json) {
    Map<String, String> scalars = RowMatcher.scalarFields(json);
    List<String> keys = new ArrayList<>(scalars.keySet());
    out.strings(keys);
    out.strings(keys.stream().map(scalars::get).toList());
  }
}
