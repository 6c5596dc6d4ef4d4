package dev.sightline.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kind of stored row ({@link #TRACES}, {@link #SPANS}, {@link #SCORES}): its columns, in storage
 * order, and the role each plays. Immutable.
 */
public final class Table {

  /** What a column does in a table: identifies the row, carries a value, or is derived. */
  public enum Role {
    /** Part of the row's identity; required on input and never changed by a merge. */
    KEY,
    /** A value the client sends; a later event carrying it overwrites the earlier one. */
    VALUE,
    /** A JSON object the client sends; a later event's keys are merged into the earlier ones. */
    MERGED,
    /**
     * Computed by the server (trace rollups, the marks of inferred values); never accepted on
     * input, and left alone by a merge.
     */
    ROLLUP
  }

  public static final Table TRACES = new Table("trace", "traces", new Object[] {
      Schema.PROJECT_ID, Role.KEY,
      Schema.TRACE_ID, Role.KEY,
      Schema.REFERENCE_ID, Role.VALUE,
      Schema.FEATURE, Role.VALUE,
      Schema.NAME, Role.VALUE,
      Schema.STATUS, Role.VALUE,
      Schema.STATUS_MESSAGE, Role.VALUE,
      Schema.SESSION_ID, Role.VALUE,
      Schema.CONVERSATION_ID, Role.VALUE,
      Schema.USER_ID, Role.VALUE,
      Schema.USER_NAME, Role.VALUE,
      Schema.USER_EMAIL, Role.VALUE,
      Schema.ORGANIZATION_ID, Role.VALUE,
      Schema.ORGANIZATION_NAME, Role.VALUE,
      Schema.ENVIRONMENT, Role.VALUE,
      Schema.RELEASE, Role.VALUE,
      Schema.START_TIME, Role.VALUE,
      Schema.END_TIME, Role.VALUE,
      Schema.INPUT, Role.VALUE,
      Schema.OUTPUT, Role.VALUE,
      Schema.METADATA, Role.MERGED,
      Schema.ATTRIBUTES, Role.MERGED,
      Schema.TAGS, Role.VALUE,
      Schema.EVALUATORS, Role.VALUE,
      Schema.EVALUATION_CONFIG, Role.VALUE,
      Schema.SPAN_COUNT, Role.ROLLUP,
      Schema.ERROR_COUNT, Role.ROLLUP,
      Schema.INPUT_TOKENS, Role.ROLLUP,
      Schema.OUTPUT_TOKENS, Role.ROLLUP,
      Schema.TOTAL_TOKENS, Role.ROLLUP,
      Schema.COST, Role.ROLLUP,
      Schema.MODELS, Role.ROLLUP,
      Schema.FIRST_SPAN_START, Role.ROLLUP,
      Schema.LAST_SPAN_END, Role.ROLLUP,
      Schema.INFERRED_SPANS, Role.ROLLUP,
  });

  public static final Table SPANS = new Table("span", "spans", new Object[] {
      Schema.PROJECT_ID, Role.KEY,
      Schema.TRACE_ID, Role.KEY,
      Schema.SPAN_ID, Role.KEY,
      Schema.PARENT_SPAN_ID, Role.VALUE,
      Schema.TYPE, Role.VALUE,
      Schema.NAME, Role.VALUE,
      Schema.STATUS, Role.VALUE,
      Schema.STATUS_MESSAGE, Role.VALUE,
      Schema.ERROR, Role.VALUE,
      Schema.START_TIME, Role.VALUE,
      Schema.END_TIME, Role.VALUE,
      Schema.COMPLETION_START_TIME, Role.VALUE,
      Schema.INPUT, Role.VALUE,
      Schema.OUTPUT, Role.VALUE,
      Schema.METADATA, Role.MERGED,
      Schema.ATTRIBUTES, Role.MERGED,
      Schema.TAGS, Role.VALUE,
      Schema.REFERENCE_ID, Role.VALUE,
      Schema.PROMPT_ID, Role.VALUE,
      Schema.DEPLOYMENT_ID, Role.VALUE,
      Schema.RUN_EVALUATION, Role.VALUE,
      Schema.EVALUATORS, Role.VALUE,
      Schema.PROVIDER, Role.VALUE,
      Schema.MODEL, Role.VALUE,
      Schema.MODEL_PARAMETERS, Role.VALUE,
      Schema.PROMPT, Role.VALUE,
      Schema.VARIABLES, Role.VALUE,
      Schema.INPUT_TOKENS, Role.VALUE,
      Schema.OUTPUT_TOKENS, Role.VALUE,
      Schema.TOTAL_TOKENS, Role.VALUE,
      Schema.CACHE_READ_TOKENS, Role.VALUE,
      Schema.CACHE_WRITE_TOKENS, Role.VALUE,
      Schema.REASONING_TOKENS, Role.VALUE,
      Schema.COST, Role.VALUE,
      Schema.COST_DETAILS, Role.VALUE,
      Schema.USAGE_INFERRED, Role.ROLLUP,
      Schema.COST_INFERRED, Role.ROLLUP,
  });

  public static final Table SCORES = new Table("score", "scores", new Object[] {
      Schema.PROJECT_ID, Role.KEY,
      Schema.SCORE_ID, Role.KEY,
      Schema.TRACE_ID, Role.VALUE,
      Schema.SPAN_ID, Role.VALUE,
      Schema.SESSION_ID, Role.VALUE,
      Schema.NAME, Role.VALUE,
      Schema.VALUE, Role.VALUE,
      Schema.LABEL, Role.VALUE,
      Schema.COMMENT, Role.VALUE,
      Schema.SOURCE, Role.VALUE,
      Schema.AUTHOR, Role.VALUE,
      Schema.TIME, Role.VALUE,
      Schema.METADATA, Role.MERGED,
  });

  private final String itemType;
  private final String sqlName;
  private final List<Column> columns;
  private final List<Column> keyColumns;
  private final Role[] roles;
  private final int[] slotById;
  private final Map<String, Column> byName;

  private Table(String itemType, String sqlName, Object[] definition) {
    this.itemType = itemType;
    this.sqlName = sqlName;
    List<Column> cols = new ArrayList<>();
    List<Column> keys = new ArrayList<>();
    this.roles = new Role[definition.length / 2];
    this.slotById = new int[Column.count()];
    Arrays.fill(slotById, -1);
    Map<String, Column> names = new LinkedHashMap<>();
    for (int i = 0; i < definition.length; i += 2) {
      Column c = (Column) definition[i];
      Role r = (Role) definition[i + 1];
      slotById[c.id()] = cols.size();
      roles[cols.size()] = r;
      cols.add(c);
      names.put(c.name(), c);
      if (r == Role.KEY) {
        keys.add(c);
      }
    }
    this.columns = Collections.unmodifiableList(cols);
    this.keyColumns = Collections.unmodifiableList(keys);
    this.byName = Collections.unmodifiableMap(names);
  }

  /** All tables, in the order a batch is applied. */
  public static List<Table> all() {
    return List.of(TRACES, SPANS, SCORES);
  }

  /** The {@code type} of an ingestion item that carries this table's rows: trace, span or score. */
  public String itemType() {
    return itemType;
  }

  public String sqlName() {
    return sqlName;
  }

  public List<Column> columns() {
    return columns;
  }

  /** The identity columns, project first. */
  public List<Column> keyColumns() {
    return keyColumns;
  }

  public boolean has(Column column) {
    return column.id() < slotById.length && slotById[column.id()] >= 0;
  }

  public Role role(Column column) {
    return roles[slot(column)];
  }

  /** The column with this wire name, or null. */
  public Column column(String name) {
    return byName.get(name);
  }

  int slot(Column column) {
    int slot = column.id() < slotById.length ? slotById[column.id()] : -1;
    if (slot < 0) {
      throw new IllegalArgumentException(sqlName + " has no column " + column.name());
    }
    return slot;
  }

  @Override
  public String toString() {
    return sqlName;
  }
}
