package dev.sightline.server.state;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database of the JVM's {@link PostgresServer} for each test, as a JUnit extension
 * ({@code @RegisterExtension final PostgresDatabase db = new PostgresDatabase();}); every
 * {@link #connect()}ion a test makes, as a server would at start, is closed after it.
 */
public final class PostgresDatabase implements BeforeEachCallback, AfterEachCallback {
  private final List<Postgres> opened = new ArrayList<>();
  private String url;

  @Override
  public void beforeEach(ExtensionContext context) {
    url = PostgresServer.get().newDatabase();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    opened.forEach(Postgres::close);
    opened.clear();
  }

  /** The test's database's JDBC url (user {@link PostgresServer#user()}, no password). */
  public String url() {
    return url;
  }

  /** A new connection to the test's database, as another server's. */
  public Postgres connect() throws IOException {
    Postgres db = Postgres.connect(url, PostgresServer.user(), null);
    opened.add(db);
    return db;
  }
}
