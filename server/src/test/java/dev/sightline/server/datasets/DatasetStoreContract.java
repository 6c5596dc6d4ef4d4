package dev.sightline.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DatasetStore} must do; a backend's test extends this and says how to open
 * its store. {@link #reopen()} must give a store over the same data, as after a restart.
 */
abstract class DatasetStoreContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A store over empty data. */
  abstract DatasetStore store() throws Exception;

  /** A new store over the data of the last {@link #store()}, as a restarted server opens it. */
  abstract DatasetStore reopen() throws Exception;

  static Dataset dataset(String name) throws Exception {
    return new Dataset(name, "about " + name, List.of(new EvaluatorSpec("exact", "contains",
        JSON.readTree("{\"values\": [\"4\"]}"))), 1_000_000);
  }

  static DatasetItem item(String input, String expected) {
    return new DatasetItem("-", input, expected, "{\"k\":1}", null, null, 0, false);
  }

  @Test
  void createsOnceAndListsByProjectWithCounts() throws Exception {
    DatasetStore s = store();
    assertThat(s.create("p1", dataset("qa"))).isTrue();
    assertThat(s.create("p1", dataset("qa"))).isFalse();
    assertThat(s.create("p1", dataset("alpha"))).isTrue();
    assertThat(s.create("p2", dataset("qa"))).isTrue();
    s.add("p1", "qa", List.of(item("\"a\"", "\"1\""), item("\"b\"", null)));
    assertThat(s.list("p1")).extracting(x -> x.dataset().name() + " " + x.items()).containsExactly("alpha 0", "qa 2");
    assertThat(s.list("p3")).isEmpty();
    Dataset qa = s.get("p1", "qa").orElseThrow();
    assertThat(qa.evaluators()).extracting(EvaluatorSpec::kind).containsExactly("contains");
    assertThat(qa.evaluators().get(0).config().path("values").get(0).asText()).isEqualTo("4");
    assertThat(s.get("p2", "alpha")).isEmpty();
    assertThatThrownBy(() -> s.add("p2", "alpha", List.of(item("1", null)))).isInstanceOf(DatasetStore.Missing.class);
  }

  @Test
  void itemsArePagedOldestFirstAndArchivingFiltersThem() throws Exception {
    DatasetStore s = store();
    s.create("p", dataset("qa"));
    List<DatasetItem> added = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      added.addAll(s.add("p", "qa", List.of(item("{\"n\":" + i + "}", "\"" + i + "\""))));
    }
    assertThat(added).extracting(DatasetItem::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{32}"));
    assertThat(s.archive("p", "qa", added.get(2).id(), true)).get().extracting(DatasetItem::archived).isEqualTo(true);
    assertThat(s.archive("p", "qa", added.get(5).id(), true)).isPresent();
    assertThat(s.archive("p", "qa", "nope", true)).isEmpty();

    List<String> inputs = new ArrayList<>();
    String cursor = null;
    do {
      DatasetStore.ItemPage page = s.items("p", "qa", DatasetStore.Archived.EXCLUDED, 2, cursor);
      assertThat(page.items().size()).isLessThanOrEqualTo(2);
      page.items().forEach(i -> inputs.add(i.input()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(inputs).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":3}", "{\"n\":4}", "{\"n\":6}");
    assertThat(s.items("p", "qa", DatasetStore.Archived.ONLY, 10, null).items()).extracting(DatasetItem::id)
        .containsExactly(added.get(2).id(), added.get(5).id());
    assertThat(s.items("p", "qa", DatasetStore.Archived.ALL, 10, null).items()).hasSize(7);
    assertThat(s.list("p").get(0).archived()).isEqualTo(2);
    assertThat(s.archive("p", "qa", added.get(2).id(), false)).get().extracting(DatasetItem::archived).isEqualTo(false);
    List<String> all = new ArrayList<>();
    s.forEachItem("p", "qa", DatasetStore.Archived.EXCLUDED, i -> all.add(i.expectedOutput()));
    assertThat(all).containsExactly("\"0\"", "\"1\"", "\"2\"", "\"3\"", "\"4\"", "\"6\"");
    assertThatThrownBy(() -> s.items("p", "qa", DatasetStore.Archived.ALL, 10, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cursor:");
  }

  @Test
  void runResultsAreKeptPerRunAndAReportedItemReplacesItsResult() throws Exception {
    DatasetStore s = store();
    s.create("p", dataset("qa"));
    List<DatasetItem> items = s.add("p", "qa", List.of(item("1", "2"), item("3", "4")));
    String t1 = "1".repeat(32);
    String t2 = "2".repeat(32);
    RunItem.Judgement pass = new RunItem.Judgement("exact", 1.0, "pass", "found 4");
    RunItem.Judgement error = new RunItem.Judgement("exact", null, "error", "no output to judge");
    s.putRunItems("p", "qa", List.of(new RunItem("r1", items.get(0).id(), t1, "\"4\"", null, List.of(pass), 5),
        new RunItem("r1", items.get(1).id(), t2, null, "boom", List.of(), 6)));
    s.putRunItems("p", "qa", List.of(new RunItem("r2", items.get(0).id(), t2, null, null, List.of(error), 7)));
    s.putRunItems("p", "qa", List.of(new RunItem("r1", items.get(0).id(), t2, "\"5\"", null, List.of(error), 8)));
    assertThat(s.runs("p", "qa")).containsExactly("r1", "r2");
    List<RunItem> r1 = s.runItems("p", "qa", "r1");
    assertThat(r1).extracting(RunItem::itemId).containsExactly(items.get(0).id(), items.get(1).id());
    assertThat(r1.get(0).output()).isEqualTo("\"5\"");
    assertThat(r1.get(0).scores()).containsExactly(error);
    assertThat(r1.get(1).error()).isEqualTo("boom");
    assertThat(s.runItems("p", "qa", "r3")).isEmpty();
    assertThat(s.list("p").get(0).runs()).isEqualTo(2);
  }

  @Test
  void everythingSurvivesAReopen() throws Exception {
    DatasetStore s = store();
    s.create("p", dataset("qa"));
    List<DatasetItem> items = s.add("p", "qa", List.of(item("\"q\"", "\"a\""), item("\"q2\"", null)));
    s.archive("p", "qa", items.get(1).id(), true);
    s.putRunItems("p", "qa", List.of(new RunItem("r1", items.get(0).id(), "1".repeat(32), "\"a\"", null,
        List.of(new RunItem.Judgement("exact", 0.0, "fail", null)), 5)));

    DatasetStore again = reopen();
    assertThat(again.get("p", "qa")).contains(s.get("p", "qa").orElseThrow());
    assertThat(again.items("p", "qa", DatasetStore.Archived.ALL, 10, null).items())
        .isEqualTo(s.items("p", "qa", DatasetStore.Archived.ALL, 10, null).items());
    assertThat(again.item("p", "qa", items.get(1).id())).get().extracting(DatasetItem::archived).isEqualTo(true);
    assertThat(again.runItems("p", "qa", "r1")).isEqualTo(s.runItems("p", "qa", "r1"));
    assertThat(again.create("p", dataset("qa"))).isFalse();
  }
}
