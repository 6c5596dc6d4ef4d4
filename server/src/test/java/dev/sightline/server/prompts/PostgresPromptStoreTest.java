package dev.sightline.server.prompts;

import dev.sightline.server.state.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL store passes the store contract on a real PostgreSQL; a reopening is a new server's connection. */
class PostgresPromptStoreTest extends PromptStoreContract {
  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();

  @Override
  protected PromptStore newStore() throws Exception {
    return new PostgresPromptStore(database.connect());
  }

  @Override
  protected PromptStore reopen(PromptStore store) throws Exception {
    return newStore();
  }
}
