package dev.sightline.server.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loader's filter of stored keys: never a false negative (a stored key said absent would skip
 * the merge with the stored row and lose its fields), few false positives (each costs a read), and
 * it grows past its initial size without losing what it holds.
 */
class KeyFilterTest {

  @Test
  void holdsEveryKeyAddedAsItGrows() {
    KeyFilter filter = new KeyFilter(1024);
    List<RowKey> added = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      RowKey key = span("project-" + (i % 7), i);
      filter.add(key);
      added.add(key);
    }
    assertThat(added).allMatch(filter::mightContain);
  }

  @Test
  void rarelyClaimsAKeyItWasNotGiven() {
    KeyFilter filter = new KeyFilter(1024);
    for (int i = 0; i < 50_000; i++) {
      filter.add(span("p", i));
    }
    int falsePositives = 0;
    int probes = 100_000;
    for (int i = 0; i < probes; i++) {
      falsePositives += filter.mightContain(span("p", 1_000_000 + i)) ? 1 : 0;
    }
    // 9.6 bits a key and 7 probes give about 1% per sub-filter; growth doubles, so a few of them.
    assertThat(falsePositives).isLessThan(probes / 20);
  }

  @Test
  void keysDifferingOnlyInTableProjectOrPartAreDistinct() {
    KeyFilter filter = new KeyFilter(1024);
    filter.add(key(Table.TRACES, "p", "0123456789abcdef0123456789abcdef"));
    assertThat(filter.mightContain(key(Table.TRACES, "p", "0123456789abcdef0123456789abcdef"))).isTrue();
    assertThat(filter.mightContain(key(Table.TRACES, "q", "0123456789abcdef0123456789abcdef"))).isFalse();
    assertThat(filter.mightContain(key(Table.SCORES, "p", "0123456789abcdef0123456789abcdef"))).isFalse();
    // Parts are delimited: ("ab","c") is not ("a","bc").
    filter.add(key(Table.SPANS, "p", "ab", "c"));
    assertThat(filter.mightContain(key(Table.SPANS, "p", "a", "bc"))).isFalse();
  }

  private static RowKey span(String project, int i) {
    return key(Table.SPANS, project, String.format("%032x", i / 10), String.format("%016x", i));
  }

  private static RowKey key(Table table, String... parts) {
    return new RowKey(table, List.of(parts));
  }
}
