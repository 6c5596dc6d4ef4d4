package dev.sightline.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.storage.QuerySemantics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * The index builder against the plainest means (a bitmap per word, value by value), including
 * segments past 65,536 documents and words in more than 4,096 documents of one container (the
 * builder makes each container whole), and with its scratch arrays reused from batch to batch as
 * the batch writer does: the same segment as a fresh builder's, whatever the batch before held.
 */
class SegmentBuilderTest {

  @Test
  void postingsAreEveryDocumentHoldingTheWord() {
    Random random = new Random(1);
    List<String[]> docs = documents(random, 70_000, 50);
    SegmentData d = build(new SegmentBuilder(1, 100), docs, 100);
    Map<String, RoaringBitmap> expected = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      for (String word : QuerySemantics.jsonWords(docs.get(i)[3], docs.get(i)[4])) {
        expected.computeIfAbsent(docs.get(i)[0] + "/" + word, w -> new RoaringBitmap()).add(i);
      }
    }
    Map<String, RoaringBitmap> actual = new HashMap<>();
    for (int t = 0; t < d.termCount(); t++) {
      String word = new String(d.termWord()[t], StandardCharsets.UTF_8);
      String project = d.projects().get(d.termProject()[t]);
      assertThat(d.termHash()[t]).isEqualTo(Terms.hash(Terms.projectSeed(project), d.termWord()[t],
          d.termWord()[t].length));
      assertThat(actual.put(project + "/" + word, d.termDocs()[t])).as(word).isNull();
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(expected.get("p0/common").getCardinality()).isGreaterThan(4096 * 2);
  }

  @Test
  void aReusedScratchBuildsWhatAFreshBuilderBuilds() {
    Random random = new Random(2);
    SegmentBuilder.Scratch scratch = new SegmentBuilder.Scratch();
    long seq = 1;
    for (int batch = 1; batch <= 8; batch++) {
      int size = batch % 3 == 0 ? 20 : batch % 2 == 0 ? 6000 : 1500;
      List<String[]> docs = documents(random, size, batch % 2 == 0 ? 400 : 40);
      SegmentData fresh = build(new SegmentBuilder(batch, seq), docs, seq);
      SegmentData reused = build(new SegmentBuilder(batch, seq, scratch), docs, seq);
      assertThat(reused.termCount()).isEqualTo(fresh.termCount());
      assertThat(reused.termHash()).isEqualTo(fresh.termHash());
      assertThat(reused.termProject()).isEqualTo(fresh.termProject());
      assertThat(reused.termWord()).isDeepEqualTo(fresh.termWord());
      assertThat(reused.termDocs()).isEqualTo(fresh.termDocs());
      assertThat(reused.docs()).isEqualTo(fresh.docs());
      assertThat(reused.traceHigh()).isEqualTo(fresh.traceHigh());
      assertThat(reused.traceLow()).isEqualTo(fresh.traceLow());
      assertThat(reused.traceProject()).isEqualTo(fresh.traceProject());
      assertThat(reused.tombstones()).isEqualTo(fresh.tombstones());
      seq += size + 3;
    }
  }

  private static SegmentData build(SegmentBuilder b, List<String[]> docs, long seq) {
    for (int i = 0; i < docs.size(); i++) {
      String[] d = docs.get(i);
      b.add(seq + i, d[0], d[1], d[2] != null, d[3], d[4]);
    }
    b.finishTerms();
    b.tombstone(3);
    return b.build();
  }

  /** {project, trace id, span ? "s" : null, input, output}: "common" in every one, "even" in half. */
  private static List<String[]> documents(Random random, int count, int vocabulary) {
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder(i % 2 == 0 ? "common even" : "common");
      for (int w = random.nextInt(12); w > 0; w--) {
        text.append(' ').append("w").append(random.nextInt(vocabulary));
      }
      String project = "p" + random.nextInt(2);
      String trace = String.format("%016x%016x", 7L, i / 10);
      out.add(new String[] {project, trace, i % 10 == 0 ? null : "s",
          "[{\"content\":\"" + text + "\"}]", random.nextBoolean() ? null : "{\"n\":" + random.nextInt(100) + "}"});
    }
    return out;
  }
}
