package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * One listing query being built: rows of a table of one project, the conditions the caller appends
 * to {@link #sql} (after a WHERE clause, each starting with {@code AND}), in keyset order of a sort
 * value and an id. Not thread-safe; one per query.
 */
final class ListingSql {
  final SqlBuilder sql = new SqlBuilder();
  private final Table table;
  private final String value;
  private final KeysetId id;
  private final String projectId;
  private final Filter filter;

  /**
   * @param id the id of a row (the tie-breaker of the order and the cursor)
   * @param filter the listing's filter, whose score conditions join the rows' scores
   *     ({@link ScoreSql}); the caller appends its other conditions
   */
  ListingSql(Table table, Sort sort, KeysetId id, String projectId, Filter filter) {
    this.table = table;
    this.value = FilterSql.sortValue(table, sort);
    this.id = id;
    this.projectId = projectId;
    this.filter = filter;
  }

  /** One page of rows and the cursor of the next. */
  Page<Row> page(Database db, PayloadStore payloads, boolean ascending, int limit, Cursor after) {
    return page(db, RowMapping.selectList(table, "r"), ascending, limit, after,
        r -> RowMapping.read(table, r, 1, payloads));
  }

  /**
   * One page of items read from these columns (expressions over the row {@code r}, read from the
   * result's first columns) and the cursor of the next.
   */
  <T> Page<T> page(Database db, String columns, boolean ascending, int limit, Cursor after,
      Paging.ItemReader<T> reader) {
    SqlBuilder query = select(columns);
    Paging.orderAndLimit(query, " AND ", value, id, ascending, limit, after);
    return db.read(c -> {
      try (ResultSet rs = c.query(query)) {
        return Paging.read(rs, limit, id, reader);
      }
    });
  }

  /** The cursors and sequence numbers of up to {@code max} rows after the cursor, in order. */
  List<Key> keys(Database db, boolean ascending, int max, Cursor after) {
    SqlBuilder query = select("r." + RowMapping.SEQ);
    Paging.orderAndLimit(query, " AND ", value, id, ascending, max - 1, after);
    return db.read(c -> {
      List<Key> keys = new ArrayList<>();
      try (ResultSet rs = c.query(query)) {
        while (rs.next()) {
          keys.add(new Key(new Cursor(rs.getDouble(2), id.read(rs, 3)), rs.getLong(1)));
        }
      }
      return keys;
    });
  }

  /** Where a row is in the listing's order, and its row version's sequence number. */
  record Key(Cursor cursor, long seq) {}

  private SqlBuilder select(String columns) {
    SqlBuilder select = new SqlBuilder().sql("SELECT " + columns + ", " + value + ", "
        + String.join(", ", id.columns()) + " FROM " + (table == Table.SCORES ? Verdicts.ALL_SCORES : table.sqlName())
        + " r");
    ScoreSql.join(select, table, projectId, filter);
    return select.sql(" WHERE r.project_id = ?", projectId).append(sql);
  }
}
