package dev.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running server's key store and the CLI's, on one data directory. */
class KeyStoreTest {
  @TempDir Path data;

  @Test
  void aKeyTheCliCreatesWorksAtOnceInARunningServer() throws Exception {
    KeyStore server = KeyStore.open(data);
    String first = server.createKey(KeyStore.DEFAULT_PROJECT);
    assertThat(server.access(first)).as("checks the file now, and not again for a second").isPresent();

    String created = KeyStore.open(data).createKey(KeyStore.DEFAULT_PROJECT, "cli", Role.READ);

    assertThat(server.access(created)).get().extracting(KeyStore.Access::role).isEqualTo(Role.READ);
    assertThat(server.access("sl_never_made")).isEmpty();
  }

  @Test
  void aKeyTheCliRevokesStopsWorkingWithinASecond() throws Exception {
    KeyStore server = KeyStore.open(data);
    String key = server.createKey(KeyStore.DEFAULT_PROJECT);
    assertThat(server.access(key)).isPresent();

    KeyStore.open(data).revokeKey(KeyStore.DEFAULT_PROJECT, KeyStore.idOf(key));

    long deadline = System.nanoTime() + 3_000_000_000L;
    while (server.access(key).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.access(key)).isEmpty();
  }
}
