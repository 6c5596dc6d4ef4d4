package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.state.Postgres;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The queue of remote evaluations as rows of {@code evaluation_jobs(id, body, seq, lease_until)}
 * in the shared database. {@link #add} commits before it returns. A runner of any server takes the
 * oldest job whose lease has run out ({@code FOR UPDATE SKIP LOCKED}, so two runners never take the
 * same one) and holds it for the lease; a job whose runner died is taken by another once its lease
 * ends. A job that runs longer than its lease may run twice, which still yields one score (same
 * id). Done jobs are deleted. While the queue is empty the server's runners ask the database once
 * every {@value #POLL_MILLIS} ms between them (not each), and at once after an add through this
 * server. Thread-safe.
 */
final class PostgresJobQueue implements JobQueue {
  static final long POLL_MILLIS = 250;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Postgres db;
  private final long leaseMillis;
  /** Wakes this server's waiting runners when it adds jobs. */
  private final Object added = new Object();
  /** Until when (epoch ms) the queue is taken to be empty, having just been found so. */
  private volatile long emptyUntil;

  PostgresJobQueue(Postgres db, Duration lease) {
    this.db = db;
    this.leaseMillis = lease.toMillis();
  }

  @Override
  public void add(List<Job> jobs) throws IOException {
    if (jobs.isEmpty()) {
      return;
    }
    db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO evaluation_jobs (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
        for (Job job : jobs) {
          s.setString(1, job.id());
          s.setString(2, JSON.writeValueAsString(job));
          s.addBatch();
        }
        return s.executeBatch();
      }
    });
    synchronized (added) {
      emptyUntil = 0;
      added.notifyAll();
    }
  }

  @Override
  public Job take(long wait, TimeUnit unit) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + unit.toNanos(wait);
    while (true) {
      Job job = claim();
      long left = deadline - System.nanoTime();
      if (job != null || left <= 0) {
        return job;
      }
      synchronized (added) {
        added.wait(Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(left))));
      }
    }
  }

  /** Takes the oldest job free to run, holding it for the lease; null if there is none. */
  private Job claim() throws IOException {
    if (System.currentTimeMillis() < emptyUntil) {
      return null;
    }
    Job job = db.transaction(c -> {
      long now = System.currentTimeMillis();
      try (PreparedStatement s = c.prepareStatement("UPDATE evaluation_jobs SET lease_until = ? WHERE id = ("
          + "SELECT id FROM evaluation_jobs WHERE lease_until < ? ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED)"
          + " RETURNING body")) {
        s.setLong(1, now + leaseMillis);
        s.setLong(2, now);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? JSON.readValue(r.getString(1), Job.class) : null;
        }
      }
    });
    if (job == null) {
      emptyUntil = System.currentTimeMillis() + POLL_MILLIS;
    }
    return job;
  }

  @Override
  public void done(Job job) throws IOException {
    db.transaction(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM evaluation_jobs WHERE id = ?")) {
        s.setString(1, job.id());
        return s.executeUpdate();
      }
    });
  }

  /** Every server's jobs not yet done; -1 when the database does not answer (the gauge shows it). */
  @Override
  public int outstanding() {
    try {
      return db.transaction(c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM evaluation_jobs");
            ResultSet r = s.executeQuery()) {
          r.next();
          return r.getInt(1);
        }
      });
    } catch (IOException e) {
      return -1;
    }
  }

  /** Nothing to release: jobs this server held are taken by others when their leases end. */
  @Override
  public void close() {}
}
