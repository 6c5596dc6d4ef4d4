package dev.sightline.server.evaluation;

import dev.sightline.server.state.Postgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The durable queue of evaluations by remote kinds: a job is queued before the batch that queued
 * it is stored, taken by a runner, and done once its score is durable; a job taken and not done
 * (a crash) runs again, and gives the same score id, so it still yields one score. In files for
 * one server ({@link FileJobQueue}), or in the shared PostgreSQL ({@link PostgresJobQueue}), where
 * the runners of every server take from one queue. Implementations are thread-safe.
 */
interface JobQueue extends AutoCloseable {

  /** The queue in files under {@code dir}. */
  static JobQueue open(Path dir) throws IOException {
    return FileJobQueue.open(dir);
  }

  /** The queue in the shared database, a taken job held for {@code lease}. */
  static JobQueue postgres(Postgres db, Duration lease) {
    return new PostgresJobQueue(db, lease);
  }

  /** Queues jobs durably (synced or committed when this returns); a job whose id is queued is dropped. */
  void add(List<Job> jobs) throws IOException;

  /** The next job, or null if none comes within the wait. */
  Job take(long wait, TimeUnit unit) throws InterruptedException, IOException;

  /** Marks a job done once its score is durable. */
  void done(Job job) throws IOException;

  /** Jobs queued and not yet done (running ones included). */
  int outstanding();

  @Override
  void close() throws IOException;
}
