package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The durable queue of evaluations by remote kinds in files, for one server: {@code queue.log} holds each job as a JSON
 * line, synced before the batch that queued it is stored; {@code done.log} the ids of the jobs
 * whose scores are durable. On open, the jobs of the first file not in the second are queued again,
 * so nothing queued is lost by a crash; a job that ran but was not marked done runs again, and
 * gives the same score id, so it still yields one score. When every job is done both files are
 * emptied. Thread-safe.
 */
final class FileJobQueue implements JobQueue {
  private static final System.Logger LOG = System.getLogger(FileJobQueue.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FileChannel queue;
  private final FileChannel done;
  /** Ids queued since the files were last emptied: a job queued again (a log replay) is dropped. */
  private final Set<String> known = new HashSet<>();
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private int outstanding;

  private FileJobQueue(FileChannel queue, FileChannel done) {
    this.queue = queue;
    this.done = done;
  }

  /** Opens the queue in {@code dir}, with the jobs not yet done waiting. */
  static FileJobQueue open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Set<String> finished = new HashSet<>();
    for (String line : completeLines(dir.resolve("done.log"))) {
      finished.add(line);
    }
    FileJobQueue q = new FileJobQueue(append(dir.resolve("queue.log")), append(dir.resolve("done.log")));
    for (String line : completeLines(dir.resolve("queue.log"))) {
      Job job;
      try {
        job = JSON.readValue(line, Job.class);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "evaluation queue: left out a line that does not read: " + e.getMessage());
        continue;
      }
      if (q.known.add(job.id()) && !finished.contains(job.id())) {
        q.waiting.add(job);
        q.outstanding++;
      }
    }
    q.known.addAll(finished);
    if (!q.waiting.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "evaluation queue: " + q.waiting.size() + " evaluations to run");
    }
    return q;
  }

  /** A job whose id was queued since the files were last emptied is dropped. */
  @Override
  public synchronized void add(List<Job> jobs) throws IOException {
    StringBuilder lines = new StringBuilder();
    List<Job> fresh = new java.util.ArrayList<>();
    for (Job job : jobs) {
      if (known.add(job.id())) {
        lines.append(JSON.writeValueAsString(job)).append('\n');
        fresh.add(job);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    write(queue, lines.toString());
    waiting.addAll(fresh);
    outstanding += fresh.size();
    notifyAll();
  }

  @Override
  public synchronized Job take(long wait, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(wait);
    while (waiting.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return waiting.poll();
  }

  /** Empties both files when nothing is left. */
  @Override
  public synchronized void done(Job job) throws IOException {
    write(done, job.id() + "\n");
    outstanding--;
    if (outstanding == 0) {
      // The queue first: a crash between the two leaves ids of no job, which is harmless.
      queue.truncate(0);
      queue.force(true);
      done.truncate(0);
      done.force(true);
      known.clear();
    }
  }

  @Override
  public synchronized int outstanding() {
    return outstanding;
  }

  @Override
  public synchronized void close() throws IOException {
    queue.close();
    done.close();
  }

  private static void write(FileChannel file, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      file.write(bytes);
    }
    file.force(false);
  }

  private static FileChannel append(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /**
   * The file's lines up to its last newline; a torn last line (a crash while appending) is cut off
   * the file, so that the next append starts a line of its own.
   */
  private static List<String> completeLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
        ch.force(true);
      }
    }
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
