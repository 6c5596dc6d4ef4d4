package dev.sightline.server.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PromptStore} does: extend it with the store to test ({@link FilePromptStoreTest};
 * a shared store for several servers would pass the same).
 */
abstract class PromptStoreContract {

  /** A new, empty store. */
  protected abstract PromptStore newStore() throws Exception;

  /** The same store as a new server process would open it after a restart. */
  protected abstract PromptStore reopen(PromptStore store) throws Exception;

  static Draft draft(String name, String text, String... labels) {
    return new Draft(name, PromptVersion.Type.TEXT, TextNode.valueOf(text),
        JsonNodeFactory.instance.objectNode().put("model", "gpt-4o"), List.of(labels), "because");
  }

  @Test
  void versionsAreNumberedAndNeverChange() throws Exception {
    PromptStore store = newStore();
    assertThat(store.create("p", draft("greet", "Hi {{name}}"), 10, "k1").version().version()).isEqualTo(1);
    PromptStore.Created second = store.create("p", draft("greet", "Hello {{name}}"), 20, "k2");
    assertThat(second.version().version()).isEqualTo(2);
    assertThat(second.index().latest()).isEqualTo(2);

    store = reopen(store);
    PromptVersion first = store.version("p", "greet", 1);
    assertThat(first.prompt().asText()).isEqualTo("Hi {{name}}");
    assertThat(first.config().path("model").asText()).isEqualTo("gpt-4o");
    assertThat(first.commitMessage()).isEqualTo("because");
    assertThat(first.createdAt()).isEqualTo(10);
    assertThat(first.createdBy()).isEqualTo("k1");
    assertThat(store.version("p", "greet", 2).prompt().asText()).isEqualTo("Hello {{name}}");
    assertThat(store.version("p", "greet", 3)).isNull();
    assertThat(store.version("p", "greet", 0)).isNull();
    assertThat(store.version("p", "other", 1)).isNull();
    assertThat(store.index("p", "other")).isNull();
    assertThat(store.index("p", "greet").versions()).extracting(PromptIndex.Entry::createdBy)
        .containsExactly("k1", "k2");
  }

  @Test
  void aLabelSitsOnOneVersionAndLatestFollowsTheHighest() throws Exception {
    PromptStore store = newStore();
    store.create("p", draft("greet", "a", "production", "staging"), 1, "k");
    PromptIndex index = store.create("p", draft("greet", "b", "staging"), 2, "k").index();
    assertThat(index.labelsOf(1)).containsExactly("production");
    assertThat(index.labelsOf(2)).containsExactly("staging", "latest");
    assertThat(index.byDefault()).isEqualTo(1);
    assertThat(index.resolve("latest")).isEqualTo(2);

    index = store.relabel("p", "greet", 2, List.of("production"));
    assertThat(index.labelsOf(1)).isEmpty();
    assertThat(index.labelsOf(2)).containsExactly("production", "latest");
    assertThat(index.resolve("staging")).isNull();
    assertThat(index.byDefault()).isEqualTo(2);
    assertThat(store.relabel("p", "greet", 3, List.of("x"))).isNull();
    assertThat(store.relabel("p", "nope", 1, List.of("x"))).isNull();

    store = reopen(store);
    index = store.create("p", draft("greet", "c"), 3, "k").index();
    assertThat(index.labels()).containsExactly(Map.entry("production", 2));
    assertThat(index.labelsOf(3)).containsExactly("latest");
  }

  @Test
  void projectsAndNamesAreApartAndListedByName() throws Exception {
    PromptStore store = newStore();
    store.create("p", draft("b", "x"), 1, "k");
    store.create("p", draft("a", "y"), 2, "k");
    store.create("q", draft("a", "z"), 3, "k");
    assertThat(store.list("p")).extracting(PromptIndex::name).containsExactly("a", "b");
    assertThat(store.list("q")).extracting(PromptIndex::name).containsExactly("a");
    assertThat(store.list("r")).isEmpty();
    assertThat(store.version("q", "a", 1).prompt().asText()).isEqualTo("z");
  }

  @Test
  void concurrentCreatesOfANameTakeDistinctNumbers() throws Exception {
    PromptStore store = newStore();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> creates = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String text = "t" + i;
        creates.add(() -> store.create("p", draft("race", text), 1, "k").version().version());
      }
      List<Integer> numbers = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(creates)) {
        numbers.add(f.get());
      }
      assertThat(numbers).doesNotHaveDuplicates().hasSize(40).allMatch(n -> n >= 1 && n <= 40);
      assertThat(store.index("p", "race").latest()).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNameThatBreaksTheRulesIsRefused() throws Exception {
    PromptStore store = newStore();
    assertThatThrownBy(() -> store.index("p", "../escape")).hasMessageStartingWith("name: must match");
  }
}
