package dev.sightline.server.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL database that several servers share: connections (a few kept open for reuse,
 * no pool library: state changes are rare and short), transactions, the schema, created or
 * migrated at connect, and the versions of the state documents, read once a second by a thread of
 * its own (started when a document first asks), so that a document's change check never waits for
 * the database. Connections time out after {@value #CONNECT_TIMEOUT_SECONDS} s to connect and
 * {@value #SOCKET_TIMEOUT_SECONDS} s without an answer, unless the url says otherwise. Thread-safe.
 */
public final class Postgres implements StateStore, AutoCloseable {
  /** Connections kept open between uses; more are opened when busier, and closed after. */
  private static final int IDLE = 4;
  static final int CONNECT_TIMEOUT_SECONDS = 5;
  static final int SOCKET_TIMEOUT_SECONDS = 30;
  private static final System.Logger LOG = System.getLogger(Postgres.class.getName());
  private final String url;
  private final Properties login = new Properties();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  /** Each state document's version as last read; empty until the watcher's first read. */
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private ScheduledExecutorService watcher;
  private boolean closed;
  /** Why the watcher's last read failed, or null if it succeeded (or has not run yet). */
  private volatile String unreachable;

  /** What runs in a transaction. */
  @FunctionalInterface
  public interface Work<R> {
    R run(Connection c) throws SQLException, IOException;
  }

  private Postgres(String url, String user, String password) {
    this.url = url;
    if (user != null) {
      login.setProperty("user", user);
    }
    if (password != null) {
      login.setProperty("password", password);
    }
    login.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    login.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    login.setProperty("ApplicationName", "sightline");
  }

  /**
   * Connects and brings the schema to this server's version.
   *
   * @throws IOException naming the url when the database does not answer, or its schema is newer
   */
  public static Postgres connect(String url, String user, String password) throws IOException {
    Postgres pg = new Postgres(url, user, password);
    pg.transaction(Schema::migrate);
    return pg;
  }

  @Override
  public <T> StateDocument<T> document(String name, Class<T> type) {
    return new PostgresDocument<>(this, name, type);
  }

  /**
   * A state document's version as the watcher last read it (at most a second ago while the
   * database answers); null if it has not seen the document yet. Never waits for the database.
   */
  Long version(String name) {
    watch();
    return versions.get(name);
  }

  /**
   * Why the database did not answer the watcher's last read (once a second), or null if it did.
   * Never waits for the database.
   */
  public String unreachable() {
    watch();
    return unreachable;
  }

  /** Starts the watcher, once. */
  private void watch() {
    synchronized (this) {
      if (watcher == null && !closed) {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "sightline-state-watcher");
          t.setDaemon(true);
          return t;
        });
        watcher.scheduleWithFixedDelay(this::readVersions, 0, 1, TimeUnit.SECONDS);
      }
    }
  }

  private void readVersions() {
    try {
      transaction(c -> {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT name, version FROM state")) {
          while (r.next()) {
            versions.put(r.getString(1), r.getLong(2));
          }
        }
        return null;
      });
      unreachable = null;
    } catch (IOException | RuntimeException e) {
      // Servers keep the state they have; the next read tries again.
      unreachable = e.getMessage();
      LOG.log(System.Logger.Level.DEBUG, "state versions: " + e.getMessage());
    }
  }

  /**
   * Runs {@code work} in one transaction (read committed), committed when it returns and rolled
   * back when it throws. An exception of {@code work} other than SQL's is thrown as it is.
   *
   * @throws IOException if the database fails, naming what failed
   */
  public <R> R transaction(Work<R> work) throws IOException {
    Connection kept = idle();
    if (kept != null) {
      try {
        return run(kept, work, true);
      } catch (Stale e) {
        // Kept open since before the database restarted (or a proxy dropped it): once more, on a new one.
      }
    }
    try {
      return run(open(), work, false);
    } catch (Stale e) {
      throw new AssertionError("a new connection is never retried", e);
    }
  }

  /**
   * Runs a server job here unless another server is running the job of the same name: the run
   * holds a transaction-scoped advisory lock on the name (released when the run ends, or when this
   * server's connection goes), and a server that finds it taken skips this run of its own
   * schedule. So N servers sharing the database run a job once per period, not N times.
   *
   * @return whether the job ran here
   * @throws java.io.UncheckedIOException if the database fails, naming the job
   */
  public boolean exclusively(String job, Runnable run) {
    return call("job " + job, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
        s.setString(1, "sightline job " + job);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          if (!r.getBoolean(1)) {
            return false;
          }
        }
      }
      run.run();
      return true;
    });
  }

  /**
   * {@link #transaction} for callers that cannot throw {@link IOException}: its failure is an
   * {@link UncheckedIOException} whose message starts with {@code what}.
   */
  public <R> R call(String what, Work<R> work) {
    try {
      return transaction(work);
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
  }

  /** A kept connection that turned out to be broken before the work could run. */
  private static final class Stale extends Exception {
    Stale(SQLException cause) {
      super(cause);
    }
  }

  /**
   * Runs the work on {@code c}; a kept connection found lost before the commit (which the
   * database rolls back) is {@link Stale}. A loss during the commit is not retried: the change may
   * have been made.
   */
  private <R> R run(Connection c, Work<R> work, boolean kept) throws IOException, Stale {
    boolean reuse = false;
    boolean committing = false;
    try {
      c.setAutoCommit(false);
      R result = work.run(c);
      committing = true;
      c.commit();
      reuse = true;
      return result;
    } catch (SQLException e) {
      rollback(c);
      if (kept && !committing && lost(c, e)) {
        throw new Stale(e);
      }
      throw new IOException("PostgreSQL " + this + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      reuse = rollback(c);
      throw e;
    } finally {
      give(c, reuse);
    }
  }

  /** Whether the connection is gone (dropped, or ended by the server: states 08xxx, 57P0x). */
  private static boolean lost(Connection c, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    try {
      return state.startsWith("08") || state.startsWith("57P") || c.isClosed();
    } catch (SQLException closed) {
      return true;
    }
  }

  private static boolean rollback(Connection c) {
    try {
      c.rollback();
      return true;
    } catch (SQLException ignored) {
      return false; // the connection is closed below; the first failure is what is reported
    }
  }

  /** A connection kept from an earlier transaction, or null. */
  private synchronized Connection idle() throws IOException {
    if (closed) {
      throw new IOException("PostgreSQL " + this + ": closed");
    }
    return idle.poll();
  }

  private Connection open() throws IOException {
    try {
      return DriverManager.getConnection(url, login);
    } catch (SQLException e) {
      throw new IOException("PostgreSQL " + this + " does not answer (--postgres-url): " + e.getMessage(), e);
    }
  }

  /** Keeps a connection that worked for the next transaction; closes one that failed, or one too many. */
  private void give(Connection c, boolean reuse) {
    synchronized (this) {
      if (reuse && !closed && idle.size() < IDLE) {
        idle.push(c);
        return;
      }
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // a broken connection: nothing to keep
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (watcher != null) {
        watcher.shutdownNow();
      }
      while (!idle.isEmpty()) {
        give(idle.pop(), false);
      }
    }
  }

  /** The url without its parameters, which may hold a password. */
  @Override
  public String toString() {
    int params = url.indexOf('?');
    return params < 0 ? url : url.substring(0, params);
  }
}
