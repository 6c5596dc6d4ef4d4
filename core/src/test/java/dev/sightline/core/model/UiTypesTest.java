package dev.sightline.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web UI's types ({@code ui/src/api/types.ts}) against {@link Schema}, their one source of
 * truth: the same statuses and span types, and for traces, spans and scores the same stored fields,
 * so that a field added, renamed or dropped on one side only fails here.
 */
class UiTypesTest {
  private static final Path TYPES = Path.of("../ui/src/api/types.ts");
  /** Stored but not shown by the UI (evaluation settings, rollup bounds used for sorting). */
  private static final Set<String> NOT_SHOWN = Set.of("projectId", "evaluators", "evaluationConfig",
      "runEvaluation", "firstSpanStart", "lastSpanEnd");
  /** Computed by the query API, not stored. */
  private static final Set<String> COMPUTED = Set.of("duration", "scores");

  private final String source;

  UiTypesTest() throws IOException {
    source = Files.readString(TYPES);
  }

  @Test
  void statusesAndSpanTypesAreTheSchemas() {
    assertThat(literals("Status")).isEqualTo(new TreeSet<>(Schema.STATUSES));
    assertThat(literals("SpanType")).isEqualTo(new TreeSet<>(Schema.SPAN_TYPES));
  }

  @Test
  void tracesSpansAndScoresHaveTheSchemasFields() {
    Set<String> recorded = fields("Recorded");
    assertThat(union(recorded, fields("Trace"))).isEqualTo(stored(Table.TRACES));
    assertThat(union(recorded, fields("Span"))).isEqualTo(stored(Table.SPANS));
    assertThat(fields("Score")).isEqualTo(stored(Table.SCORES));
  }

  /** The string literals of a union type: {@code export type Name = 'a' | 'b';}. */
  private Set<String> literals(String type) {
    Matcher m = Pattern.compile("type " + type + " =([^;]*);").matcher(source);
    assertThat(m.find()).as("type %s in %s", type, TYPES).isTrue();
    Set<String> values = new TreeSet<>();
    Matcher literal = Pattern.compile("'([^']*)'").matcher(m.group(1));
    while (literal.find()) {
      values.add(literal.group(1));
    }
    return values;
  }

  /** The fields an interface declares itself, computed ones left out. */
  private Set<String> fields(String name) {
    Matcher m = Pattern.compile("interface " + name + "\\b[^{]*\\{").matcher(source);
    assertThat(m.find()).as("interface %s in %s", name, TYPES).isTrue();
    int end = m.end();
    for (int depth = 1; depth > 0; end++) {
      depth += source.charAt(end) == '{' ? 1 : source.charAt(end) == '}' ? -1 : 0;
    }
    Set<String> fields = new TreeSet<>();
    Matcher field = Pattern.compile("(?m)^  (\\w+)\\??:").matcher(source.substring(m.end(), end));
    while (field.find()) {
      if (!COMPUTED.contains(field.group(1))) {
        fields.add(field.group(1));
      }
    }
    return fields;
  }

  /** A table's fields as the API answers them: top-level names ({@code user.id} is in {@code user}). */
  private static Set<String> stored(Table table) {
    Set<String> names = new TreeSet<>();
    for (Column c : table.columns()) {
      String top = c.name().split("\\.")[0];
      if (!NOT_SHOWN.contains(top)) {
        names.add(top);
      }
    }
    return names;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }
}
