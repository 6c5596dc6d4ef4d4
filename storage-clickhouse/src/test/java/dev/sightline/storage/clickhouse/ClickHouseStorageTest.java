package dev.sightline.storage.clickhouse;

import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.message;
import static dev.sightline.storage.tests.TestRows.rollUp;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QueryTimeoutException;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract against a real ClickHouse (Debian's 18.16 here) that the class starts:
 * one server for the class, a fresh database per test; and what only this backend has: the query
 * timeout, the postings and their migration, the newest-days-first search of common words.
 */
class ClickHouseStorageTest extends StorageContractTest {
  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension(false);

  private Path dir;

  @Override
  protected Storage newStorage(Path dir) {
    this.dir = dir;
    return CLICKHOUSE.open(dir, Map.of());
  }

  @Test
  void searchesReadThePostingsWhichAVersionOneStoreGetsFromItsRows() {
    write(trace(P1, traceId(1)).start(T0).input(chat("user", "a quiet harbour")).build(),
        span(P1, traceId(1), spanId(1)).start(T0 + 1).output(message("assistant", "gulls overhead")).build(),
        trace(P1, traceId(2)).start(T0 + 2).input(chat("user", "a busy harbour")).build());
    assertThat(traceIds(where(f -> f.q("harbour")))).containsExactly(traceId(2), traceId(1));
    String db = CLICKHOUSE.database(dir);
    try (ClickHouseHttp http = sql()) {
      http.execute("TRUNCATE TABLE " + db + ".postings");
      assertThat(traceIds(where(f -> f.q("harbour")))).as("without postings").isEmpty();
      assertThat(spanIds(where(f -> f.q("gulls")))).as("without postings").isEmpty();
      // What a store of schema version 1 (before postings) records.
      http.execute("DROP TABLE " + db + ".schema_version");
      http.execute("CREATE TABLE " + db + ".schema_version (version UInt32, applied_us Int64)"
          + " ENGINE = ReplacingMergeTree(version) ORDER BY tuple()");
      http.execute("INSERT INTO " + db + ".schema_version VALUES (1, 0)");
      reopen();
      assertThat(http.query("SELECT max(version) AS v FROM " + db + ".schema_version").get(0).get("v").asInt())
          .isEqualTo(SchemaDdl.VERSION);
    }
    assertThat(traceIds(where(f -> f.q("harbour")))).containsExactly(traceId(2), traceId(1));
    assertThat(traceIds(where(f -> f.q("gulls quiet")))).containsExactly(traceId(1));
    assertThat(spanIds(where(f -> f.q("gulls")))).containsExactly(spanId(1));
  }

  @Test
  void aCommonWordIsSearchedNewestDaysFirstWithTheSamePagesAsAWholeSearch() {
    // 6,000 traces in 60 days (100 a day), all holding "tide", every 7th "storm", each with a span.
    int n = 6_000;
    long gap = 60 * 86_400_000_000L / n;
    List<Row> rows = new ArrayList<>();
    List<String> newestFirst = new ArrayList<>();
    List<String> storms = new ArrayList<>();
    List<String> spansNewestFirst = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(trace(P1, traceId(i)).start(T0 + i * gap)
          .input(chat("user", "tide " + (i % 7 == 0 ? "storm " : "") + "log " + i)).build());
      rows.add(span(P1, traceId(i), spanId(i)).start(T0 + i * gap + 1).output(message("assistant", "high tide")).build());
      newestFirst.add(0, traceId(i));
      spansNewestFirst.add(0, spanId(i));
      if (i % 7 == 0) {
        storms.add(0, traceId(i));
      }
    }
    write(rows);
    assertThat(n).isGreaterThan((int) WordSearch.MANY_POSTINGS);
    // Pages of 20 come from the last day's postings; of 1,000 from wider windows, then from none.
    List<String> pages = new ArrayList<>();
    Cursor after = null;
    for (int page = 0; page < 6; page++) {
      Page<Row> found = storage().traces(new TraceQuery(P1, where(f -> f.q("tide")), Sort.START_TIME, false, 20, after));
      found.items().forEach(r -> pages.add(r.string(Schema.TRACE_ID)));
      after = Cursor.decode(found.nextCursor());
    }
    assertThat(pages).isEqualTo(newestFirst.subList(0, 120));
    assertThat(traceIds(where(f -> f.q("tide")))).isEqualTo(newestFirst);
    assertThat(traceIds(where(f -> f.q("storm TIDE")))).isEqualTo(storms);
    assertThat(spanIds(where(f -> f.q("tide")))).isEqualTo(spansNewestFirst);
    assertThat(spanIds(where(f -> f.q("tide high")))).isEqualTo(spansNewestFirst);
    long to = T0 + 3_001 * gap;
    assertThat(traceIds(where(f -> f.q("tide").to(to)))).isEqualTo(newestFirst.subList(n - 3_000, n));
    assertThat(traceIds(where(f -> f.q("tide").from(to).to(to + 10 * gap)))).isEqualTo(newestFirst.subList(n - 3_010,
        n - 3_000));
  }

  @Test
  void postingsHashTracesAsClickHouseDoes() {
    List<String> samples = new ArrayList<>(List.of("", "a", "ab", "abc", "abcd", "abcde", "caf\u00e9", "\u4f60\u597d",
        "\ud83d\ude00 emoji", "4bf92f3577b34da6a3ce929d0e0e4736"));
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = random.nextInt(40); j > 0; j--) {
        s.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 0x20 + random.nextInt(0x2000)));
      }
      samples.add(s.toString());
    }
    try (ClickHouseHttp http = sql()) {
      for (String s : samples) {
        assertThat(http.query("SELECT murmurHash3_32(" + Sql.str(s) + ") AS h").get(0).get("h").asLong()).as(s)
            .isEqualTo(Integer.toUnsignedLong(Murmur3.hash32(s)));
      }
    }
  }

  @Test
  void aDeletedTracesHashLeavesThePostingsAndAWordOfNoOtherTraceLeavesWithIt() throws Exception {
    write(trace(P1, traceId(1)).start(T0).input(chat("user", "shared secretword")).build(),
        trace(P1, traceId(2)).start(T0 + 1).input(chat("user", "shared")).build());
    LogPosition applied = storage().appliedPosition();
    storage().write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion(P1, Set.of(traceId(1)))),
        new LogPosition(applied.segment(), applied.offset() + 1)));
    String db = CLICKHOUSE.database(dir);
    try (ClickHouseHttp http = sql()) {
      for (int i = 0; i < 100 && http.query("SELECT count() AS n FROM system.mutations WHERE database = "
          + Sql.str(db) + " AND is_done = 0").get(0).get("n").asInt() > 0; i++) {
        Thread.sleep(100);
      }
      assertThat(http.query("SELECT word, traces FROM " + db + ".postings ORDER BY word").toString())
          .doesNotContain("secretword").contains("shared")
          .contains(Long.toString(Integer.toUnsignedLong(Murmur3.hash32(traceId(2)))))
          .doesNotContain(Long.toString(Integer.toUnsignedLong(Murmur3.hash32(traceId(1)))));
    }
    assertThat(traceIds(where(f -> f.q("shared")))).containsExactly(traceId(2));
  }

  @Test
  void theMergeLookupReadsSpansOnlyUnderStoredTraces() throws Exception {
    Row stored = trace(P1, traceId(1)).start(T0).build();
    Row storedSpan = span(P1, traceId(1), spanId(1)).start(T0 + 1).build();
    write(stored, storedSpan);
    assertThat(storage().fetch(List.of(stored.key(), storedSpan.key(), span(P1, traceId(1), spanId(2)).build().key(),
        trace(P1, traceId(2)).build().key(), span(P1, traceId(2), spanId(3)).build().key())))
        .containsOnlyKeys(stored.key(), storedSpan.key());
    // A span stored without its trace's row, which the loader never writes: not looked for, which
    // shows that the spans table is not read for traces that have no row.
    Row orphan = span(P1, traceId(3), spanId(4)).start(T0 + 2).build();
    write(orphan);
    assertThat(storage().fetch(List.of(orphan.key()))).isEmpty();
    // A deleted trace: only tombstones, so nothing live; written again, above them, found again.
    LogPosition applied = storage().appliedPosition();
    storage().write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion(P1, Set.of(traceId(1)))),
        new LogPosition(applied.segment(), applied.offset() + 1)));
    assertThat(storage().fetch(List.of(stored.key(), storedSpan.key()))).isEmpty();
    write(stored, storedSpan);
    assertThat(storage().fetch(List.of(stored.key(), storedSpan.key()))).containsOnlyKeys(stored.key(), storedSpan.key());
  }

  @Test
  void spansOfAStoredTraceAreFoundInWhicheverPartitionTheirStartsPutThem() {
    long day = 86_400 * SECOND;
    Row recent = trace(P1, traceId(1)).start(T0).build();
    Row recentSpan = span(P1, traceId(1), spanId(1)).start(T0 + 1).build();
    Row sameDay = span(P1, traceId(1), spanId(2)).start(T0 - day / 2).build();
    // Trace 2's root span starts three days before the trace row says, so it is days of partitions
    // away from its trace's.
    Row early = trace(P1, traceId(2)).start(T0).build();
    Row earlySpan = span(P1, traceId(2), spanId(3)).start(T0 - 3 * day).build();
    Row lateSpan = span(P1, traceId(2), spanId(4)).start(T0 + 1).build();
    write(rollUp(recent, List.of(recentSpan, sameDay)), recentSpan, sameDay,
        rollUp(early, List.of(earlySpan, lateSpan)), earlySpan, lateSpan);
    List<RowKey> keys = List.of(recent.key(), recentSpan.key(), sameDay.key(), early.key(), earlySpan.key(),
        lateSpan.key());
    assertThat(storage().fetch(keys)).containsOnlyKeys(keys);
    assertThat(storage().fetch(List.of(recentSpan.key(), earlySpan.key()))).as("spans without their traces' keys")
        .containsOnlyKeys(recentSpan.key(), earlySpan.key());
  }

  @Test
  void aLookupAsLargeAsTheLoadersLargestBatchIsOneStatementThatClickHouseTakes() {
    Row stored = trace(P1, traceId(1)).start(T0).build();
    write(stored);
    List<RowKey> keys = new ArrayList<>(List.of(stored.key()));
    for (int i = 0; i < 30_000; i++) {
      keys.add(span(P1, traceId(1), spanId(i)).build().key()); // looked up: their trace is stored
      keys.add(trace(P1, traceId(i + 2)).build().key());
    }
    assertThat(storage().fetch(keys)).containsOnlyKeys(stored.key());
  }

  private static ClickHouseHttp sql() {
    return new ClickHouseHttp(ClickHouseOptions.parse(Map.of("url", CLICKHOUSE.url())), "");
  }

  @Test
  void aQueryPastTheTimeoutIsStoppedByClickHouseAndNamedATimeout() {
    ClickHouseOptions options = ClickHouseOptions.parse(Map.of("url", CLICKHOUSE.url(), "queryTimeout", "1"));
    try (ClickHouseHttp http = new ClickHouseHttp(options, "max_execution_time=1")) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> http.query("SELECT count() AS n FROM system.numbers"))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessageContaining("queryTimeout, 1 s");
      assertThat(System.nanoTime() - started).as("stopped by ClickHouse, not by the client's guard")
          .isLessThan(20_000_000_000L);
    }
  }
}
