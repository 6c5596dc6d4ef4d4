package dev.sightline.server.datasets;

import dev.sightline.server.state.PostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL store passes the contract on a real PostgreSQL; a reopening is a new server's connection. */
class PostgresDatasetStoreTest extends DatasetStoreContract {
  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();

  @Override
  DatasetStore store() throws Exception {
    return new PostgresDatasetStore(database.connect());
  }

  @Override
  DatasetStore reopen() throws Exception {
    return store();
  }
}
