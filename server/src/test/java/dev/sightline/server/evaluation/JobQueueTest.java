package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every durable queue of remote evaluations does, across reopenings as after a crash: extend
 * it with the queue to test ({@link FileJobQueueTest}, {@link PostgresJobQueueTest}).
 */
abstract class JobQueueTest {

  /** The queue as a server opens it at start: the same files or database each time in a test. */
  abstract JobQueue open() throws Exception;

  @Test
  void whatWasNotDoneIsQueuedAgainOnOpenOnceEach() throws Exception {
    try (JobQueue q = open()) {
      q.add(List.of(job("a"), job("b"), job("c")));
      q.add(List.of(job("b"))); // queued again (a replay of the log): dropped
      assertThat(q.outstanding()).isEqualTo(3);
      q.done(q.take(1, TimeUnit.SECONDS));
    }
    try (JobQueue q = open()) {
      assertThat(q.outstanding()).isEqualTo(2);
      assertThat(q.take(1, TimeUnit.SECONDS).id()).isEqualTo("b");
      Job c = q.take(1, TimeUnit.SECONDS);
      assertThat(c.subject().output()).isEqualTo("\"out c\"");
      assertThat(q.take(10, TimeUnit.MILLISECONDS)).isNull();
    }
  }

  @Test
  void aJobAddedWhileARunnerWaitsIsTakenWithoutWaitingOut() throws Exception {
    try (JobQueue q = open()) {
      Thread adder = new Thread(() -> {
        try {
          Thread.sleep(100);
          q.add(List.of(job("late")));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      adder.start();
      long start = System.nanoTime();
      assertThat(q.take(5, TimeUnit.SECONDS).id()).isEqualTo("late");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
      adder.join();
    }
  }

  static Job job(String id) {
    Subject s = new Subject("p", "t" + id, "s" + id, "generation", "n", "m", "\"in\"", "\"out " + id + "\"", null,
        null, 10L, 0.5);
    return new Job(id, "judge", 1, "llm-judge", JsonNodeFactory.instance.objectNode().put("model", "m"), s, 100);
  }
}
