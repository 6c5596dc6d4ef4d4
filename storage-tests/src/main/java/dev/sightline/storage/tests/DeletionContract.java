package dev.sightline.storage.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.GroupQuery;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.MetricsQuery;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Deleting traces: gone at once from every read (the trace, its spans and scores, lists, search,
 * sessions, users, metrics), other traces and other projects untouched, the log position moved,
 * the deletion kept across a restart, and a trace id free to be written again afterwards.
 */
public interface DeletionContract extends StorageTestSupport {

  private LogPosition delete(String projectId, String... traceIds) {
    LogPosition applied = storage().appliedPosition();
    LogPosition next = new LogPosition(applied.segment(), applied.offset() + 1);
    storage().write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion(projectId, Set.of(traceIds))), next));
    return next;
  }

  private void writeFixturesTo(String projectId) {
    write(Fixtures.ALL.stream().flatMap(name -> Fixtures.rows(name, projectId).stream()).toList());
  }

  @Test
  default void aDeletedTraceIsGoneFromEveryRead() {
    writeFixturesTo(P1);
    writeFixturesTo(P2);
    String gone = Fixtures.RAG_CHAT_TRACE;
    String kept = Fixtures.AGENT_TOOLS_TRACE;

    LogPosition position = delete(P1, gone, "00000000000000000000000000000abc");

    assertThat(storage().appliedPosition()).isEqualTo(position);
    assertThat(storage().trace(P1, gone)).isEmpty();
    assertThat(storage().traces(P1, List.of(gone, kept))).extracting(d -> d.trace().string(Schema.TRACE_ID))
        .containsExactly(kept);
    assertThat(traceIds(where(f -> f))).containsExactly(kept);
    assertThat(allSpans(P1, where(f -> f), null, Sort.START_TIME, true, 1000))
        .allMatch(s -> s.string(Schema.TRACE_ID).equals(kept)).isNotEmpty();
    assertThat(storage().scores(new ScoreQuery(P1, null, null, null, null, null, null, null, 100, null)).items())
        .allMatch(s -> s.string(Schema.TRACE_ID).equals(kept));
    assertThat(storage().scoresOfTraces(P1, List.of(gone))).isEmpty();
    assertThat(traceIds(where(f -> f.q("single sign-on")))).isEmpty();
    assertThat(spanIds(P1, where(f -> f.q("enterprise")), null)).isEmpty();
    assertThat(storage().traceIdByReference(P1, Fixtures.rows(Fixtures.RAG_CHAT, P1).stream()
        .filter(r -> r.table() == Table.TRACES).findFirst().orElseThrow().string(Schema.REFERENCE_ID)))
        .isEmpty();
    assertThat(storage().groups(new GroupQuery(P1, GroupQuery.GroupBy.USER, null, null, 100, null)).items())
        .noneMatch(g -> g.id().equals("user-ada"));
    long year2100 = 4_102_444_800_000_000L;
    long count = storage().metrics(new MetricsQuery(P1, false, where(f -> f), 0, year2100, year2100 + 1, null))
        .stream().mapToLong(m -> m.count()).sum();
    assertThat(count).isEqualTo(1);

    assertThat(storage().trace(P2, gone)).as("the same id in another project").isPresent();
    assertThat(traceIds(P2, where(f -> f.q("single sign-on")))).containsExactly(gone);
  }

  @Test
  default void aDeletedTraceIdCanBeWrittenAgainAndTheDeletionSurvivesARestart() {
    writeFixturesTo(P1);
    delete(P1, Fixtures.RAG_CHAT_TRACE);
    Row fresh = TestRows.trace(P1, Fixtures.RAG_CHAT_TRACE).set(Schema.NAME, "written again").build();
    write(fresh);

    assertThat(storage().trace(P1, Fixtures.RAG_CHAT_TRACE).orElseThrow().spans()).isEmpty();
    assertThat(storage().trace(P1, Fixtures.RAG_CHAT_TRACE).orElseThrow().trace().string(Schema.NAME))
        .isEqualTo("written again");
    assumeThat(keepsDataAcrossRestarts()).as("the backend keeps data across restarts").isTrue();
    reopen();
    assertThat(storage().trace(P1, Fixtures.RAG_CHAT_TRACE).orElseThrow().spans()).isEmpty();
    assertThat(storage().trace(P1, Fixtures.AGENT_TOOLS_TRACE)).isPresent();
    assertThat(traceIds(where(f -> f.q("single sign-on")))).isEmpty();
  }
}
