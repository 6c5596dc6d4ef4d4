package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.Batch;
import java.nio.file.Path;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost on {@code kill -9}, and the store always reopens: clients post
 * continuously, the server process is killed with SIGKILL at a random moment, restarted on the
 * same data directory, and every trace, span and score answered 200 must be there, once, with its
 * fields. Some cycles kill the server while it starts: while it opens and recovers the store or
 * replays the write-ahead log the previous kill left behind (the load keeps the loader behind the
 * log, so there is a backlog to replay); the others kill it under load, at any point of a storage
 * batch.
 */
class CrashSafetyIT {
  private static final int CYCLES = 24;
  private static final int CLIENTS = 4;
  private static final String KEY = "sl_crash_test_" + Batch.unique();

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void everyAcknowledgedItemSurvivesKillDashNine() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    Queue<Workload.Sent> acknowledged = Load.newLog();
    AtomicInteger seq = new AtomicInteger();
    Path dir = data.resolve("sightline");
    Path log = logs.resolve("server.log");
    int startupKills = 0;
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      if (cycle % 3 == 2) {
        // Killed while it starts: JVM start, store recovery, log replay.
        try (ServerProcess starting = ServerProcess.launch(dir, KEY, log)) {
          ServerProcess.sleep(300 + random.nextInt(2500));
          starting.kill();
          startupKills++;
        }
        continue;
      }
      try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
        ApiClient api = server.client(KEY);
        // What earlier cycles acknowledged is there (replayed from the log if need be).
        Workload.assertStored(api, acknowledged);

        Load load = new Load(api, CLIENTS, acknowledged, seq);
        load.awaitAcknowledged(20 + random.nextInt(60));
        ServerProcess.sleep(random.nextInt(1500));
        load.stop();
        assertThat(server.kill()).as("exit status of SIGKILL: no shutdown hook ran (seed " + seed + ")")
            .isEqualTo(ServerProcess.SIGKILL_EXIT);
        load.join();
      }
    }
    try (ServerProcess server = ServerProcess.start(dir, KEY, log)) {
      Workload.assertStored(server.client(KEY), acknowledged);
      assertThat(acknowledged.size()).as("acknowledged over " + CYCLES + " cycles").isGreaterThan(CYCLES * 10);
      System.out.printf("CrashSafetyIT: %d traces acknowledged over %d kill -9 cycles (%d during start-up),"
          + " log replayed on %d starts (seed %d)%n", acknowledged.size(), CYCLES, startupKills,
          countReplays(server.output()), seed);
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
  }

  private static int countReplays(String output) {
    return output.split("replayed the write-ahead log", -1).length - 1;
  }
}
