package dev.sightline.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk is a pause, not an outage: the server's data directory is a small tmpfs the test
 * mounts (as root, as CI runs), a filler file takes the space away under load, and the server must
 * answer ingestion 503 with {@code Retry-After}, keep answering reads, report itself degraded, and
 * once the filler is gone take ingestion again and show every acknowledged trace, without a
 * restart. Once with the free-space reserve (storage pauses before the disk is full) and once
 * without it (DuckDB meets the full disk mid-commit and the store reopens itself).
 */
class DiskFullIT {
  private static final String KEY = "sl_disk_full_" + Batch.unique();

  @TempDir Path tmp;
  private Path mount;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root (CI runs as root)");
    mount = tmp.resolve("disk");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=128m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("mount: " + out).isZero();
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void belowTheReserveStoragePausesAndResumesByItself() {
    run("32MB", 20L << 20);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void withoutAReserveTheStoreRecoversFromAFullDiskMidCommit() {
    run("0", 0);
  }

  /**
   * @param reserve {@code --min-free-disk}
   * @param leave bytes the filler leaves free
   */
  private void run(String reserve, long leave) {
    Path log = tmp.resolve("server.log");
    Queue<Workload.Sent> acknowledged = Load.newLog();
    AtomicInteger seq = new AtomicInteger();
    try (ServerProcess server = ServerProcess.start(mount.resolve("data"), KEY, log, "--min-free-disk", reserve)) {
      ApiClient api = server.client(KEY);
      Load load = new Load(api, 2, acknowledged, seq);
      load.awaitAcknowledged(20);
      Workload.Sent early = acknowledged.peek();
      awaitStatus(api, "/api/traces/" + early.traceId(), 200, server); // stored before the disk fills

      Path filler = mount.resolve("filler");
      fill(filler, leave);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (load.unavailableCount() < 3) {
        assertThat(System.nanoTime()).as("no 503 within 90 s of the disk filling up:\n" + server.output())
            .isLessThan(deadline);
        ServerProcess.sleep(50);
      }
      ApiResponse refused = api.ingest(Workload.next(99, seq.incrementAndGet()).batch());
      if (refused.status() == 503) {
        assertThat(refused.headers().firstValue("retry-after")).isPresent();
      }
      awaitStatus(server.client(null), "/health", 503, server);
      // Reads go on while nothing can be stored (after a mid-commit failure, once the store reopened).
      awaitStatus(api, "/api/traces/" + early.traceId(), 200, server);

      delete(filler);
      int before = load.acknowledgedCount();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (load.acknowledgedCount() < before + 20) {
        assertThat(System.nanoTime()).as("ingestion did not resume within 60 s:\n" + server.output())
            .isLessThan(deadline);
        ServerProcess.sleep(50);
      }
      load.stop();
      load.join();
      awaitStatus(server.client(null), "/health", 200, server);
      awaitDrained(server);
      Workload.assertStored(api, acknowledged);
      String output = server.output();
      System.out.printf("DiskFullIT(reserve %s): %d traces acknowledged, %d requests answered 503,"
          + " storage paused %d times, store reopened %d times%n", reserve, acknowledged.size(),
          load.unavailableCount(), count(output, "storage paused:"), count(output, "reopened the DuckDB store"));
      assertThat(server.stop()).isEqualTo(ServerProcess.SIGTERM_EXIT);
    }
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  /** Takes the file system's free space down to about {@code leave} bytes. */
  private static void fill(Path filler, long leave) {
    try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(1 << 20);
      while (Files.getFileStore(filler).getUsableSpace() > leave + chunk.capacity()) {
        chunk.clear();
        out.write(chunk);
      }
      if (leave == 0) {
        try {
          while (true) {
            chunk.clear();
            out.write(chunk);
          }
        } catch (IOException full) {
          // as full as it gets
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until everything acknowledged is loaded ({@code pendingRows} 0). */
  private static void awaitDrained(ServerProcess server) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.client(null).get("/health").json().path("pendingRows").asLong() != 0) {
      assertThat(System.nanoTime()).as("the backlog did not drain:\n" + server.output()).isLessThan(deadline);
      ServerProcess.sleep(100);
    }
  }

  private static void awaitStatus(ApiClient api, String path, int status, ServerProcess server) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    ApiResponse r = api.get(path);
    while (r.status() != status) {
      assertThat(System.nanoTime()).as(path + " answered " + r + "\n" + server.output()).isLessThan(deadline);
      ServerProcess.sleep(200);
      r = api.get(path);
    }
  }
}
