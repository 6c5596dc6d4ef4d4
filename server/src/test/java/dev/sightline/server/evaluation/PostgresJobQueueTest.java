package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.state.PostgresDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The queue in a real PostgreSQL: the contract, and what sharing it between servers takes: each
 * job taken once by runners of two servers, a dead runner's job run by another after its lease.
 */
class PostgresJobQueueTest extends JobQueueTest {
  private static final Duration LEASE = Duration.ofSeconds(1);
  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();

  @Override
  JobQueue open() throws Exception {
    return JobQueue.postgres(database.connect(), LEASE);
  }

  @Test
  void runnersOfTwoServersTakeEachJobOnce() throws Exception {
    JobQueue one = open();
    JobQueue two = open();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add("j" + i);
    }
    one.add(ids.stream().map(JobQueueTest::job).toList());
    List<String> taken = Collections.synchronizedList(new ArrayList<>());
    List<Thread> runners = new ArrayList<>();
    for (JobQueue q : List.of(one, two, one, two)) {
      runners.add(new Thread(() -> {
        try {
          for (Job job; (job = q.take(300, TimeUnit.MILLISECONDS)) != null; ) {
            taken.add(job.id());
            q.done(job);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    runners.forEach(Thread::start);
    for (Thread t : runners) {
      t.join();
    }
    assertThat(taken).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(two.outstanding()).isZero();
  }

  @Test
  void aJobOfARunnerThatDiedRunsElsewhereAfterItsLease() throws Exception {
    JobQueue dead = open();
    JobQueue alive = open();
    dead.add(List.of(job("a")));
    assertThat(dead.take(1, TimeUnit.SECONDS).id()).isEqualTo("a"); // and never done
    assertThat(alive.take(200, TimeUnit.MILLISECONDS)).as("held by its lease").isNull();
    Job again = alive.take(3, TimeUnit.SECONDS);
    assertThat(again.id()).isEqualTo("a");
    alive.done(again);
    assertThat(alive.outstanding()).isZero();
  }
}
