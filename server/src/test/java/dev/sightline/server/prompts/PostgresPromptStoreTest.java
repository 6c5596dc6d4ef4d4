package dev.sightline.server.prompts;

import dev.sightline.server.state.Postgres;
import dev.sightline.server.state.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The PostgreSQL store passes the store contract on a real PostgreSQL; a reopening is a new server's connection. */
class PostgresPromptStoreTest extends PromptStoreContract {
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
  protected PromptStore newStore() throws Exception {
    Postgres db = Postgres.connect(url, PostgresServer.user(), null);
    opened.add(db);
    return new PostgresPromptStore(db);
  }

  @Override
  protected PromptStore reopen(PromptStore store) throws Exception {
    return newStore();
  }
}
