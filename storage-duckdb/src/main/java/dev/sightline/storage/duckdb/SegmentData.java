package dev.sightline.storage.duckdb;

import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * The content of one full-text index segment before it is written ({@link SegmentWriter}): the
 * documents of a range of load batches, each the text of one stored trace or span row version,
 * numbered by its row's sequence number ({@code seqBase + local ordinal}).
 *
 * <p>Plain arrays filled by a {@link SegmentBuilder} or a {@link SegmentMerger}; not thread-safe.
 *
 * @param firstBatch the first load batch whose documents it holds
 * @param lastBatch the last one
 * @param seqBase the sequence number of local document 0
 * @param docs per local document: its trace ordinal shifted left once, plus 1 for a span (0 for a
 *     trace row); -1 for a document dropped because a later version replaced it
 * @param projects the project ids, by project ordinal
 * @param traceProject per trace ordinal: its project ordinal
 * @param traceHigh per trace ordinal: {@link Terms#traceHigh}
 * @param traceLow per trace ordinal: {@link Terms#traceLow}
 * @param tombstones sequence numbers of older documents whose rows these batches replaced
 * @param termHash per term: {@link Terms#hash}
 * @param termProject per term: its project ordinal
 * @param termWord per term: its lower-cased UTF-8 word
 * @param termDocs per term: the local ordinals of the documents holding it
 */
record SegmentData(long firstBatch, long lastBatch, long seqBase, int[] docs, List<String> projects,
    int[] traceProject, long[] traceHigh, long[] traceLow, long[] tombstones, long[] termHash,
    int[] termProject, byte[][] termWord, RoaringBitmap[] termDocs) {

  int traceCount() {
    return traceProject.length;
  }

  int termCount() {
    return termHash.length;
  }
}
