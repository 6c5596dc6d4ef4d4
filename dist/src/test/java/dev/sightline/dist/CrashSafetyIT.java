package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost on {@code kill -9}: clients post continuously, the server process
 * is killed with SIGKILL at a random moment, restarted on the same data directory, and every
 * trace, span and score answered 200 must be there, once, with its fields. Several cycles.
 */
class CrashSafetyIT {
  private static final int CYCLES = 3;
  private static final int CLIENTS = 4;
  private static final String KEY = "sl_crash_test_" + Batch.unique();

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void everyAcknowledgedItemSurvivesKillDashNine() throws Exception {
    Random random = new Random();
    long seed = random.nextLong();
    random.setSeed(seed);
    Queue<Workload.Sent> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicInteger seq = new AtomicInteger();
    Path log = logs.resolve("server.log");
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      ServerProcess server = ServerProcess.start(data.resolve("sightline"), KEY, log);
      try {
        ApiClient api = server.client(KEY);
        // What earlier cycles acknowledged was replayed on start.
        Workload.assertStored(api, acknowledged);

        AtomicBoolean killing = new AtomicBoolean();
        AtomicInteger ackedThisCycle = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          clients.add(pool.submit(() -> post(api, client, seq, killing, acknowledged, ackedThisCycle)));
        }
        while (ackedThisCycle.get() < 20) {
          ServerProcess.sleep(5);
        }
        ServerProcess.sleep(100 + random.nextInt(1500));
        killing.set(true);
        int exit = server.kill();
        assertThat(exit).as("SIGKILL, no shutdown hook (seed " + seed + ")").isEqualTo(ServerProcess.SIGKILL_EXIT);
        for (Future<?> f : clients) {
          f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
      } finally {
        server.close();
      }
    }
    try (ServerProcess server = ServerProcess.start(data.resolve("sightline"), KEY, log)) {
      ApiClient api = server.client(KEY);
      Workload.assertStored(api, acknowledged);
      assertThat(acknowledged.size()).as("acknowledged over " + CYCLES + " cycles").isGreaterThan(CYCLES * 20);
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
  }

  /**
   * One client: posts until the server is being killed. A request whose answer is lost is not
   * acknowledged (it may or may not be stored). Now and then the previous acknowledged batch is
   * sent again in the same request, as a client retrying would: it must not count twice.
   */
  private static Void post(ApiClient api, int client, AtomicInteger seq, AtomicBoolean killing,
      Queue<Workload.Sent> acknowledged, AtomicInteger ackedThisCycle) {
    Workload.Sent previous = null;
    while (!killing.get()) {
      int n = seq.incrementAndGet();
      Workload.Sent sent = Workload.next(client, n);
      Batch batch = sent.batch();
      if (previous != null && n % 4 == 0) {
        batch.addAll(previous.batch());
      }
      ApiResponse r;
      try {
        r = api.ingest(batch);
      } catch (RuntimeException e) {
        if (killing.get()) {
          return null; // the connection died with the server
        }
        throw e;
      }
      if (r.status() == 200) {
        acknowledged.add(sent);
        ackedThisCycle.incrementAndGet();
        previous = sent;
      } else if (r.status() != 429 && r.status() != 503) {
        throw new AssertionError("unexpected answer " + r);
      }
    }
    return null;
  }
}
