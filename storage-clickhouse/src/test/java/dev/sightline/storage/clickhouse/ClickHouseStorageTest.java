package dev.sightline.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.storage.QueryTimeoutException;
import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The storage contract against a real ClickHouse (Debian's 18.16 here) that the class starts:
 * one server for the class, a fresh database per test.
 */
class ClickHouseStorageTest extends StorageContractTest {
  @RegisterExtension
  static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension(false);

  @Override
  protected Storage newStorage(Path dir) {
    return CLICKHOUSE.open(dir, Map.of());
  }

  @Test
  void aQueryPastTheTimeoutIsStoppedByClickHouseAndNamedATimeout() {
    ClickHouseOptions options = ClickHouseOptions.parse(Map.of("url", CLICKHOUSE.url(), "queryTimeout", "1"));
    try (ClickHouseHttp http = new ClickHouseHttp(options, "max_execution_time=1")) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> http.query("SELECT count() AS n FROM system.numbers"))
          .isInstanceOf(QueryTimeoutException.class)
          .hasMessageContaining("queryTimeout, 1 s");
      assertThat(System.nanoTime() - started).as("stopped by ClickHouse, not by the client's guard")
          .isLessThan(20_000_000_000L);
    }
  }
}
