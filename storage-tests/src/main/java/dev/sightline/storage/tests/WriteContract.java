package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.fullScore;
import static dev.sightline.storage.tests.TestRows.fullSpan;
import static dev.sightline.storage.tests.TestRows.fullTrace;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;


/** Writing batches: log positions, replacement by key, fetch, key scans, close and reopen. */
public interface WriteContract extends StorageTestSupport {

  /** A trace, a span and a score in each project, with the same ids in both. */
  private static List<Row> rowsOfEveryTable() {
    List<Row> rows = new ArrayList<>();
    for (String p : List.of(P1, P2)) {
      rows.add(fullTrace(p, traceId(1), T0));
      rows.add(fullSpan(p, traceId(1), spanId(1), T0 + SECOND));
      rows.add(fullScore(p, "score-1", traceId(1), spanId(1), T0 + 5 * SECOND));
    }
    return rows;
  }

  @Test
  default void aNewStoreIsEmptyAtTheStartOfTheLog() {
    assertThat(storage().appliedPosition()).isEqualTo(LogPosition.START);
    for (Table table : Table.all()) {
      List<RowKey> keys = new ArrayList<>();
      storage().forEachKey(table, keys::add);
      assertThat(keys).as(table.sqlName()).isEmpty();
    }
    assertThat(traceIds(Filter.NONE)).isEmpty();
    assertThat(storage().trace(P1, traceId(1))).isEmpty();
  }

  @Test
  default void aBatchStoresItsRowsAndItsPosition() {
    List<Row> first = rowsOfEveryTable();
    storage().write(new WriteBatch(first, Set.of(), new LogPosition(3, 4096)));
    assertThat(storage().appliedPosition()).isEqualTo(new LogPosition(3, 4096));

    Row later = trace(P1, traceId(2)).name("later").times(T0, T0 + SECOND).build();
    storage().write(new WriteBatch(List.of(later), Set.of(), new LogPosition(4, 17)));
    assertThat(storage().appliedPosition()).isEqualTo(new LogPosition(4, 17));

    List<Row> all = new ArrayList<>(first);
    all.add(later);
    Map<RowKey, Row> fetched = storage().fetch(all.stream().map(Row::key).toList());
    assertThat(fetched).hasSize(all.size());
    all.forEach(row -> assertThat(fetched.get(row.key())).isEqualTo(row));
  }

  @Test
  default void aBatchWithoutRowsStillMovesThePosition() {
    storage().write(new WriteBatch(List.of(), Set.of(), new LogPosition(0, 512)));
    assertThat(storage().appliedPosition()).isEqualTo(new LogPosition(0, 512));
  }

  /** A reader that sees a position must also see the rows of the batch that brought it there. */
  @Test
  default void thePositionIsNeverVisibleBeforeItsRows() {
    int batches = 100;
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int i = 1; i <= batches; i++) {
        Row row = trace(P1, traceId(i)).times(T0 + i, T0 + i + 1).build();
        storage().write(new WriteBatch(List.of(row), Set.of(), new LogPosition(1, i)));
      }
    });
    long seen;
    do {
      seen = storage().appliedPosition().offset();
      if (seen > 0) {
        RowKey key = trace(P1, traceId(seen)).build().key();
        assertThat(storage().fetch(List.of(key))).as("rows of batch %d", seen).containsKey(key);
      }
    } while (seen < batches && !writer.isCompletedExceptionally());
    writer.join();
  }

  /** Values of every column, with quotes, newlines and non-ASCII text, come back unchanged. */
  @Test
  default void everyColumnComesBackAsWritten() {
    Row trace = fullTrace(P1, traceId(1), T0);
    Row span = fullSpan(P1, traceId(1), spanId(1), T0 + SECOND);
    Row score = fullScore(P1, "score-1", traceId(1), spanId(1), T0 + 5 * SECOND);
    for (Row row : List.of(trace, span, score)) {
      assertThat(row.table().columns()).as("columns set in the test row")
          .allSatisfy(c -> assertThat(row.get(c)).as(c.name()).isNotNull());
    }
    write(trace, span, score);

    assertThat(storage().fetch(List.of(trace.key(), span.key(), score.key())))
        .containsExactlyInAnyOrderEntriesOf(Map.of(trace.key(), trace, span.key(), span, score.key(), score));
    assertThat(storage().trace(P1, traceId(1)))
        .hasValue(new TraceData(trace, List.of(span), List.of(score)));
    assertThat(allTraces(P1, Filter.NONE, Sort.START_TIME, false, 10)).containsExactly(trace);
    assertThat(allSpans(P1, Filter.NONE, null, Sort.START_TIME, false, 10)).containsExactly(span);
    assertThat(storage().scores(new ScoreQuery(P1, null, null, null, null, null, null, null, 10, null))
        .items()).containsExactly(score);
  }

  /**
   * A row replaces the stored row with its key everywhere: in fetch, listings, the trace view and
   * text search, which no longer find the old values. New rows of the same batch are added.
   */
  @Test
  default void aRowReplacesTheStoredRowWithItsKey() {
    Row trace = trace(P1, traceId(1)).feature("billing").times(T0, T0 + SECOND)
        .input(chat("user", "refund my invoice")).build();
    Row span = span(P1, traceId(1), spanId(1)).name("lookup").times(T0, T0 + 10)
        .output(chat("tool", "invoice found")).build();
    Row score = TestRows.score(P1, "score-1").traceOf(traceId(1)).name("thumbs").value(0.0)
        .time(T0 + SECOND).build();
    write(trace, span, score);

    Row trace2 = trace.toBuilder().set(Schema.FEATURE, "support")
        .set(Schema.INPUT, chat("user", "cancel my subscription")).build();
    Row span2 = span.toBuilder().set(Schema.NAME, "cancel")
        .set(Schema.OUTPUT, chat("tool", "subscription cancelled")).build();
    Row score2 = score.toBuilder().set(Schema.VALUE, 1.0).build();
    Row newSpan = span(P1, traceId(1), spanId(2)).name("confirm").times(T0 + 20, T0 + 30).build();
    storage().write(new WriteBatch(List.of(trace2, span2, score2, newSpan),
        Set.of(trace.key(), span.key(), score.key()), new LogPosition(0, 2)));

    assertThat(storage().fetch(List.of(trace.key(), span.key(), score.key(), newSpan.key())))
        .containsOnlyKeys(trace.key(), span.key(), score.key(), newSpan.key())
        .containsEntry(trace.key(), trace2).containsEntry(span.key(), span2)
        .containsEntry(score.key(), score2).containsEntry(newSpan.key(), newSpan);
    assertThat(storage().trace(P1, traceId(1)))
        .hasValue(new TraceData(trace2, List.of(span2, newSpan), List.of(score2)));
    assertThat(allTraces(P1, Filter.NONE, Sort.START_TIME, false, 10)).containsExactly(trace2);
    assertThat(allSpans(P1, Filter.NONE, null, Sort.START_TIME, true, 10)).containsExactly(span2, newSpan);
    assertThat(storage().scoresOfTraces(P1, List.of(traceId(1)))).containsExactly(score2);

    assertThat(traceIds(where(f -> f.feature("billing")))).isEmpty();
    assertThat(traceIds(where(f -> f.feature("support")))).containsExactly(traceId(1));
    assertThat(traceIds(where(f -> f.q("refund")))).isEmpty();
    assertThat(traceIds(where(f -> f.q("invoice")))).isEmpty();
    assertThat(traceIds(where(f -> f.q("subscription cancelled")))).containsExactly(traceId(1));
    assertThat(spanIds(where(f -> f.name("lookup")))).isEmpty();
  }

  @Test
  default void fetchAnswersOnlyTheKeysThatAreStored() {
    List<Row> rows = rowsOfEveryTable();
    write(rows);
    RowKey missingTrace = trace(P1, traceId(9)).build().key();
    RowKey missingSpan = span(P1, traceId(1), spanId(9)).build().key();
    RowKey otherTenant = trace("proj-initech", traceId(1)).build().key();
    RowKey storedTrace = rows.get(0).key();
    RowKey storedScore = rows.get(5).key();

    Map<RowKey, Row> found =
        storage().fetch(List.of(missingTrace, storedTrace, missingSpan, otherTenant, storedScore));
    assertThat(found).containsOnlyKeys(storedTrace, storedScore)
        .containsEntry(storedTrace, rows.get(0)).containsEntry(storedScore, rows.get(5));
    assertThat(storage().fetch(List.of())).isEmpty();
  }

  @Test
  default void forEachKeyVisitsEveryRowOfTheTableOnce() {
    List<Row> rows = rowsOfEveryTable();
    write(rows);
    for (Table table : Table.all()) {
      List<RowKey> keys = new ArrayList<>();
      storage().forEachKey(table, keys::add);
      assertThat(keys).as(table.sqlName()).containsExactlyInAnyOrderElementsOf(
          rows.stream().filter(r -> r.table() == table).map(Row::key).toList());
    }
  }

  @Test
  default void aClosedStoreRefusesWorkAndClosesAgainQuietly() {
    write(rowsOfEveryTable());
    storage().close();
    assertThatThrownBy(() -> storage().traces(new TraceQuery(P1, null, null, false, 10, null)))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> storage().trace(P1, traceId(1))).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> storage().write(new WriteBatch(List.of(), Set.of(), new LogPosition(9, 9))))
        .isInstanceOf(RuntimeException.class);
    storage().close();
  }

  @Test
  default void rowsAndPositionSurviveAReopen() {
    assumeThat(keepsDataAcrossRestarts()).as("the backend keeps data across restarts").isTrue();
    List<Row> rows = rowsOfEveryTable();
    LogPosition position = write(rows);

    reopen();

    assertThat(storage().appliedPosition()).isEqualTo(position);
    assertThat(storage().fetch(rows.stream().map(Row::key).toList()).values())
        .containsExactlyInAnyOrderElementsOf(rows);
    assertThat(traceIds(Filter.NONE)).containsExactly(traceId(1));
  }
}
