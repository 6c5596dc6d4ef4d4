package dev.sightline.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed store passes the contract, and cuts off a line torn by a crash. */
class FileDatasetStoreTest extends DatasetStoreContract {
  @TempDir Path data;

  @Override
  DatasetStore store() throws Exception {
    return FileDatasetStore.open(data);
  }

  @Override
  DatasetStore reopen() throws Exception {
    return FileDatasetStore.open(data);
  }

  @Test
  void aLineTornByACrashIsCutOffAndLaterAppendsRead() throws Exception {
    DatasetStore s = store();
    s.create("p", dataset("qa"));
    s.add("p", "qa", List.of(item("1", "2")));
    Path items = data.resolve("datasets/p/qa/items.jsonl");
    Files.writeString(items, "{\"op\":\"item\",\"id\":\"ab", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    DatasetStore again = reopen();
    assertThat(again.items("p", "qa", DatasetStore.Archived.ALL, 10, null).items()).hasSize(1);
    again.add("p", "qa", List.of(item("3", "4")));
    assertThat(reopen().items("p", "qa", DatasetStore.Archived.ALL, 10, null).items())
        .extracting(DatasetItem::input).containsExactly("1", "3");
  }
}
