package dev.sightline.server.evaluation;

import dev.sightline.server.state.StateDocument;
import dev.sightline.server.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The backfill runs of every server that shares the state in PostgreSQL, so that any of them
 * answers a run's progress: the document {@code backfill-runs.json} holds each evaluator's last
 * {@value #KEPT} runs as their servers last published them (at the start, about once a second while
 * they run, and at the end). A run whose server published nothing for {@value #SILENCE_MILLIS} ms
 * is shown as failed. Thread-safe.
 */
final class BackfillBoard {
  static final int KEPT = 20;
  static final long PUBLISH_EVERY_MILLIS = 1000;
  static final long SILENCE_MILLIS = 60_000;
  private static final System.Logger LOG = System.getLogger(BackfillBoard.class.getName());
  private final StateDocument<Published> document;

  /** The stored form: runs by project and evaluator ({@code project + '\n' + evaluator}), newest first. */
  record Published(Map<String, List<BackfillRun.Snapshot>> runs) {}

  BackfillBoard(StateStore state) {
    this.document = state.document("backfill-runs.json", Published.class);
  }

  /** Publishes a run's progress; a failure is logged, never the backfill's. */
  void publish(String key, BackfillRun.Snapshot run) {
    try {
      document.update(before -> {
        Map<String, List<BackfillRun.Snapshot>> all = new HashMap<>(runs(before));
        List<BackfillRun.Snapshot> kept = new ArrayList<>(all.getOrDefault(key, List.of()));
        int at = 0;
        while (at < kept.size() && !kept.get(at).runId().equals(run.runId())) {
          at++;
        }
        if (at < kept.size()) {
          kept.set(at, run);
        } else {
          kept.add(0, run);
        }
        all.put(key, kept.subList(0, Math.min(KEPT, kept.size())));
        return new Published(all);
      });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not publish the progress of backfill " + run.runId() + ": "
          + e.getMessage());
    }
  }

  /** An evaluator's runs as published, newest first, as seen at {@code nowMillis}. */
  List<BackfillRun.Snapshot> runs(String key, long nowMillis) {
    try {
      List<BackfillRun.Snapshot> out = new ArrayList<>();
      for (BackfillRun.Snapshot s : runs(document.read()).getOrDefault(key, List.of())) {
        out.add(s.seenAt(nowMillis, SILENCE_MILLIS));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("backfill runs: " + e.getMessage(), e);
    }
  }

  private static Map<String, List<BackfillRun.Snapshot>> runs(Published p) {
    return p == null || p.runs() == null ? Map.of() : p.runs();
  }
}
