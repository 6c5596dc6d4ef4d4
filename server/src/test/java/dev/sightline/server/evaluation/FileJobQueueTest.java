package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue in files: the contract, and what the files do across reopenings as after a crash. */
class FileJobQueueTest extends JobQueueTest {
  @TempDir Path dir;

  @Override
  JobQueue open() throws Exception {
    return JobQueue.open(dir);
  }

  @Test
  void aJobDoneWhileOthersAreLeftIsNotQueuedAgain() throws Exception {
    try (JobQueue q = open()) {
      q.add(List.of(job("a"), job("b")));
      q.done(q.take(1, TimeUnit.SECONDS));
    }
    try (JobQueue q = open()) {
      q.add(List.of(job("a"))); // done before, and still in the files: dropped
      assertThat(q.outstanding()).isEqualTo(1);
    }
  }

  @Test
  void bothFilesAreEmptiedWhenEverythingIsDone() throws Exception {
    try (JobQueue q = JobQueue.open(dir)) {
      q.add(List.of(job("a"), job("b")));
      q.done(q.take(1, TimeUnit.SECONDS));
      assertThat(Files.size(dir.resolve("queue.log"))).isPositive();
      q.done(q.take(1, TimeUnit.SECONDS));
      assertThat(Files.size(dir.resolve("queue.log"))).isZero();
      assertThat(Files.size(dir.resolve("done.log"))).isZero();
      q.add(List.of(job("a"))); // a new job with an old id after the files were emptied runs again
      assertThat(q.outstanding()).isEqualTo(1);
    }
  }

  @Test
  void aLineTornByACrashIsCutOffAndTheNextAppendStartsCleanly() throws Exception {
    try (JobQueue q = JobQueue.open(dir)) {
      q.add(List.of(job("a")));
    }
    Files.write(dir.resolve("queue.log"), "{\"id\":\"torn\",\"evalu".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (JobQueue q = JobQueue.open(dir)) {
      assertThat(q.outstanding()).isEqualTo(1);
      q.add(List.of(job("b")));
    }
    try (JobQueue q = JobQueue.open(dir)) {
      assertThat(q.outstanding()).isEqualTo(2);
      assertThat(q.take(1, TimeUnit.SECONDS).id()).isEqualTo("a");
      assertThat(q.take(1, TimeUnit.SECONDS).id()).isEqualTo("b");
    }
  }
}
