package dev.sightline.server.evaluation;

import dev.sightline.core.codec.RowsCodec;
import dev.sightline.core.model.Row;
import dev.sightline.server.collector.Format;
import dev.sightline.server.collector.IngestPipeline;
import dev.sightline.server.collector.IngestUnavailableException;
import dev.sightline.server.collector.QueueFullException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Stores scores judged off the loader (remote kinds, backfills) through the write-ahead log like
 * any ingested rows, waiting while the pipeline is full or paused. Thread-safe.
 */
final class ScoreSink {
  private final IngestPipeline pipeline;
  private final RowsCodec codec = new RowsCodec();
  private final Clock clock;

  ScoreSink(IngestPipeline pipeline, Clock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /**
   * Returns once the rows are durable, retrying for as long as the pipeline refuses them.
   *
   * @throws InterruptedException if interrupted while waiting, e.g. at shutdown: the rows may not
   *     be stored then
   */
  void store(String project, List<Row> rows) throws InterruptedException {
    long backoff = 50;
    while (true) {
      try {
        pipeline.submit(project, clock.millis() * 1000, Format.ROWS, codec.encode(rows), false, rows).get();
        return;
      } catch (QueueFullException | IngestUnavailableException e) {
        // retried below
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof IngestUnavailableException)) {
          throw new IllegalStateException("storing evaluation scores", e.getCause());
        }
      }
      Thread.sleep(backoff);
      backoff = Math.min(5000, backoff * 2);
    }
  }
}
