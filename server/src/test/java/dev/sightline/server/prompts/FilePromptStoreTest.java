package dev.sightline.server.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store passes the store contract, keeps one file per version, and survives a torn create. */
class FilePromptStoreTest extends PromptStoreContract {
  @TempDir Path data;

  @Override
  protected PromptStore newStore() {
    return new FilePromptStore(data);
  }

  @Override
  protected PromptStore reopen(PromptStore store) {
    return new FilePromptStore(data);
  }

  @Test
  void aVersionFileWrittenWithoutItsIndexIsOverwrittenByTheNextCreate() throws Exception {
    PromptStore store = newStore();
    store.create("p", draft("greet", "one"), 1, "k");
    Path dir = data.resolve("prompts/p/greet");
    assertThat(dir.resolve("v1.json")).exists();
    // A crash after the version file and before the index: the orphan is not a version.
    Files.writeString(dir.resolve("v2.json"), "{\"torn\": true}");
    assertThat(reopen(store).index("p", "greet").latest()).isEqualTo(1);
    assertThat(reopen(store).create("p", draft("greet", "two"), 2, "k").version().version()).isEqualTo(2);
    assertThat(reopen(store).version("p", "greet", 2).prompt().asText()).isEqualTo("two");
  }
}
