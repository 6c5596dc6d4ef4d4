package dev.sightline.server.datasets;

import dev.sightline.server.state.Postgres;
import dev.sightline.server.state.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The PostgreSQL store passes the contract on a real PostgreSQL; a reopening is a new server's connection. */
class PostgresDatasetStoreTest extends DatasetStoreContract {
  private final List<Postgres> opened = new ArrayList<>();
  private String url;

  @BeforeEach
  void database() {
    url = PostgresServer.get().newDatabase();
  }

  @AfterEach
  void close() {
    opened.forEach(Postgres::close);
  }

  @Override
  DatasetStore store() throws Exception {
    Postgres db = Postgres.connect(url, PostgresServer.user(), null);
    opened.add(db);
    return new PostgresDatasetStore(db);
  }

  @Override
  DatasetStore reopen() throws Exception {
    return store();
  }
}
