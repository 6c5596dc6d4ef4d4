package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.state.StateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill runs published for other servers: the last ones kept, a silent running one shown failed. */
class BackfillBoardTest {
  @TempDir Path dir;

  private static BackfillRun.Snapshot run(String id, long startedAt, String status, long takenAt) {
    return new BackfillRun.Snapshot(id, "short", 1, 0L, null, status, 10, 5, 0, null, startedAt, null, takenAt);
  }

  @Test
  void aRunUpdatesInPlaceAndOnlyTheLastOnesAreKept() {
    BackfillBoard board = new BackfillBoard(StateStore.files(dir));
    for (int i = 0; i < BackfillBoard.KEPT + 5; i++) {
      board.publish("p\nshort", run("r" + i, i, "done", 0));
    }
    board.publish("p\nshort", run("r24", 24, "failed", 0));
    assertThat(board.runs("p\nshort", 0)).hasSize(BackfillBoard.KEPT)
        .extracting(BackfillRun.Snapshot::runId).startsWith("r24", "r23").endsWith("r5");
    assertThat(board.runs("p\nshort", 0).get(0).status()).isEqualTo("failed");
    assertThat(board.runs("p\nother", 0)).isEmpty();
  }

  @Test
  void aRunningRunWhoseServerWentSilentIsShownFailed() {
    BackfillBoard board = new BackfillBoard(StateStore.files(dir));
    board.publish("p\nshort", run("r", 1, "running", 1_000));
    assertThat(board.runs("p\nshort", 1_000 + BackfillBoard.SILENCE_MILLIS - 1).get(0).status()).isEqualTo("running");
    BackfillRun.Snapshot silent = board.runs("p\nshort", 1_000 + BackfillBoard.SILENCE_MILLIS).get(0);
    assertThat(silent.status()).isEqualTo("failed");
    assertThat(silent.error()).startsWith("the server running it stopped");
  }
}
