package dev.sightline.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * State documents in a real PostgreSQL, as two servers use them: updates through both serialised
 * with none lost, a change seen by the other within about a second, a failed change storing
 * nothing, and the connection and schema handling around them.
 */
class PostgresStateTest {
  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();

  /** A document's stored form. */
  public record Counter(int n) {}

  private Postgres server() throws IOException {
    return database.connect();
  }

  @Test
  void updatesThroughTwoServersAtOnceAreAllKept() throws Exception {
    StateDocument<Counter> one = server().document("counter.json", Counter.class);
    StateDocument<Counter> two = server().document("counter.json", Counter.class);
    assertThat(one.read()).isNull();
    List<Thread> threads = new ArrayList<>();
    for (StateDocument<Counter> doc : List.of(one, two, one, two)) {
      threads.add(new Thread(() -> {
        for (int i = 0; i < 25; i++) {
          try {
            doc.update(c -> new Counter(c == null ? 1 : c.n() + 1));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(two.read().n()).isEqualTo(100);
  }

  @Test
  void aChangeThroughOneServerIsSeenByTheOtherWithinASecond() throws Exception {
    StateDocument<Counter> one = server().document("counter.json", Counter.class);
    StateDocument<Counter> two = server().document("counter.json", Counter.class);
    one.update(c -> new Counter(1));
    assertThat(two.read().n()).isEqualTo(1);
    assertThat(two.changed()).as("nothing new since it read").isFalse();
    one.update(c -> new Counter(2));
    long start = System.currentTimeMillis();
    while (!two.changed()) {
      Thread.sleep(20);
    }
    assertThat(System.currentTimeMillis() - start).isLessThan(1500);
    assertThat(two.read().n()).isEqualTo(2);
    assertThat(one.update(c -> c).n()).as("the same object: nothing written").isEqualTo(2);
    assertThat(two.changed()).isFalse();
  }

  @Test
  void aChangeThatThrowsStoresNothing() throws Exception {
    StateDocument<Counter> doc = server().document("counter.json", Counter.class);
    doc.update(c -> new Counter(7));
    assertThatThrownBy(() -> doc.update(c -> {
      throw new IllegalArgumentException("name: taken");
    })).hasMessage("name: taken");
    assertThat(doc.read().n()).isEqualTo(7);
  }

  @Test
  void aConnectionTheDatabaseDroppedIsReplacedOnce() throws Exception {
    Postgres db = server();
    StateDocument<Counter> doc = db.document("counter.json", Counter.class);
    doc.update(c -> new Counter(1)); // leaves a kept connection
    try (Connection admin = DriverManager.getConnection(database.url(), PostgresServer.user(), "");
        Statement s = admin.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }
    assertThat(doc.update(c -> new Counter(c.n() + 1)).n()).isEqualTo(2);
  }

  @Test
  void whetherTheDatabaseAnswersIsKnownWithinSecondsBothWays() throws Exception {
    Postgres db = server();
    String name;
    try (Connection c = DriverManager.getConnection(database.url(), PostgresServer.user(), "");
        Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_database()")) {
      r.next();
      name = r.getString(1);
    }
    assertThat(db.unreachable()).as("before the watcher's first read").isNull();
    waitUntil(() -> db.version("nothing.json") == null && db.unreachable() == null);
    try (Connection admin = DriverManager.getConnection(PostgresServer.get().url("postgres"), PostgresServer.user(), "");
        Statement s = admin.createStatement()) {
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
      waitUntil(() -> db.unreachable() != null);
      assertThat(db.unreachable()).contains("PostgreSQL");
      s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
      waitUntil(() -> db.unreachable() == null);
    }
  }

  @Test
  void aJobRunsOnOneServerAtATimeAndTheOthersSkipThatRun() throws Exception {
    Postgres a = server();
    Postgres b = server();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService onA = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> ranOnA = onA.submit(() -> a.exclusively("retention", () -> {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      AtomicInteger ranOnB = new AtomicInteger();
      assertThat(b.exclusively("retention", ranOnB::incrementAndGet)).as("taken by a").isFalse();
      assertThat(b.exclusively("anomalies", ranOnB::incrementAndGet)).as("another job").isTrue();
      assertThat(ranOnB.get()).isEqualTo(1);
      release.countDown();
      assertThat(ranOnA.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(b.exclusively("retention", ranOnB::incrementAndGet)).as("free again").isTrue();
      assertThatThrownBy(() -> b.exclusively("retention", () -> {
        throw new IllegalStateException("failed run");
      })).hasMessage("failed run");
      assertThat(a.exclusively("retention", ranOnB::incrementAndGet)).as("a failed run lets go").isTrue();
      assertThat(ranOnB.get()).isEqualTo(3);
    } finally {
      release.countDown();
      onA.shutdownNow();
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void aSchemaNewerThanTheServerIsRefusedAndAnEqualOneIsKept() throws Exception {
    server();
    server(); // a second server finds the tables made, and migrates nothing
    try (Connection admin = DriverManager.getConnection(database.url(), PostgresServer.user(), "");
        Statement s = admin.createStatement()) {
      s.execute("UPDATE sightline_schema SET version = " + (Schema.current() + 1));
    }
    assertThatThrownBy(this::server).isInstanceOf(IOException.class)
        .hasMessageContaining("newer than this server knows (" + Schema.current() + ")");
  }
}
