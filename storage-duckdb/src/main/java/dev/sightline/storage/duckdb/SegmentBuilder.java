package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.SearchWords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Collects the documents of one load batch into a {@link SegmentData}: each trace or span row
 * version written has its sequence number, and each distinct word of its input and output
 * ({@link SearchWords}) a posting. Terms live in an open-addressing table of their hashes, their
 * bytes in one arena; a term remembers the last document it was posted for, which drops a word's
 * repeats within a document without a set per document. Postings are appended to one log of
 * (term, document) pairs in document order, and sorted by term (a counting sort) into bitmaps once
 * at the end: the hot loop writes memory in sequence instead of into an array per term.
 *
 * <p>Not thread-safe: one builder per batch, filled by one thread.
 */
final class SegmentBuilder {
  private final long batch;
  private final long seqBase;
  private final SearchWords words = new SearchWords();
  private final List<String> projects = new ArrayList<>();
  private final Map<String, Integer> projectOrdinals = new HashMap<>();
  private final List<Long> seeds = new ArrayList<>();
  private final Map<TraceKey, Integer> traceOrdinals = new HashMap<>();
  private final List<TraceKey> traces = new ArrayList<>();
  private int[] docs = new int[1024];
  private int docCount;
  private long[] tombstones = new long[16];
  private int tombstoneCount;

  private long[] slotHash = new long[1024];
  private int[] slotTerm = new int[1024];
  private long[] termHash = new long[512];
  private int[] termProject = new int[512];
  /** Per term: where its bytes start in the arena, and their length. */
  private int[] termAt = new int[512];
  private int[] termLength = new int[512];
  /** Per term: how many postings it has. */
  private int[] termPostings = new int[512];
  /** Per term: the last document it was posted for, so a word's repeats in a document are dropped. */
  private int[] termLast = new int[512];
  private int termCount;
  private byte[] arena = new byte[16384];
  private int arenaLength;
  /** The postings, in the order they came: term and document of each. */
  private int[] logTerm = new int[1 << 14];
  private int[] logDoc = new int[1 << 14];
  private int logLength;

  /** A trace of a project: the key of the trace table. */
  private record TraceKey(int project, long high, long low) {}

  /**
   * @param batch the load batch this segment is for
   * @param seqBase the sequence number of its first document
   */
  SegmentBuilder(long batch, long seqBase) {
    this.batch = batch;
    this.seqBase = seqBase;
  }

  /**
   * Adds a document.
   *
   * @param seq its sequence number: above every one added before (numbers skipped are no document)
   * @param span whether it is a span (else a trace row)
   * @param texts its JSON texts (input, output); nulls are skipped
   */
  void add(long seq, String projectId, String traceId, boolean span, String... texts) {
    if (seq < seqBase + docCount) {
      throw new IllegalArgumentException("sequence number " + seq + " is not after " + (seqBase + docCount - 1));
    }
    int project = projectOrdinals.computeIfAbsent(projectId, p -> {
      projects.add(p);
      seeds.add(Terms.projectSeed(p));
      return projects.size() - 1;
    });
    TraceKey key = new TraceKey(project, Terms.traceHigh(traceId), Terms.traceLow(traceId));
    int trace = traceOrdinals.computeIfAbsent(key, k -> {
      traces.add(k);
      return traces.size() - 1;
    });
    int doc = Math.toIntExact(seq - seqBase);
    if (doc >= docs.length) {
      docs = Arrays.copyOf(docs, Math.max(docs.length * 2, doc + 1));
    }
    Arrays.fill(docs, docCount, doc, -1);
    docCount = doc + 1;
    docs[doc] = trace << 1 | (span ? 1 : 0);
    words.json(seeds.get(project), (word, length, fnv) -> post(project, Terms.finish(fnv), word, length, doc), texts);
  }

  /** Records that a document of an earlier batch was replaced by this one. */
  void tombstone(long seq) {
    if (tombstoneCount == tombstones.length) {
      tombstones = Arrays.copyOf(tombstones, tombstoneCount * 2);
    }
    tombstones[tombstoneCount++] = seq;
  }

  long seqBase() {
    return seqBase;
  }

  int docCount() {
    return docCount;
  }

  SegmentData build() {
    int[] traceProject = new int[traces.size()];
    long[] traceHigh = new long[traces.size()];
    long[] traceLow = new long[traces.size()];
    for (int t = 0; t < traces.size(); t++) {
      traceProject[t] = traces.get(t).project();
      traceHigh[t] = traces.get(t).high();
      traceLow[t] = traces.get(t).low();
    }
    int[] start = new int[termCount + 1];
    for (int t = 0; t < termCount; t++) {
      start[t + 1] = start[t] + termPostings[t];
    }
    int[] sorted = new int[logLength];
    int[] fill = Arrays.copyOf(start, termCount);
    for (int i = 0; i < logLength; i++) {
      sorted[fill[logTerm[i]]++] = logDoc[i]; // documents stay ascending within each term
    }
    RoaringBitmap[] postings = new RoaringBitmap[termCount];
    byte[][] termWords = new byte[termCount][];
    for (int t = 0; t < termCount; t++) {
      postings[t] = new RoaringBitmap();
      postings[t].addN(sorted, start[t], termPostings[t]);
      termWords[t] = Arrays.copyOfRange(arena, termAt[t], termAt[t] + termLength[t]);
    }
    return new SegmentData(batch, batch, seqBase, Arrays.copyOf(docs, docCount), List.copyOf(projects),
        traceProject, traceHigh, traceLow, Arrays.copyOf(tombstones, tombstoneCount),
        Arrays.copyOf(termHash, termCount), Arrays.copyOf(termProject, termCount), termWords, postings);
  }

  private void post(int project, long hash, byte[] word, int length, int doc) {
    int mask = slotHash.length - 1;
    for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
      long h = slotHash[s];
      if (h == hash) {
        int term = slotTerm[s];
        if (termProject[term] == project && sameWord(term, word, length)) {
          if (termLast[term] != doc) {
            termLast[term] = doc;
            log(term, doc);
          }
          return;
        }
      } else if (h == 0) {
        int term = newTerm(project, hash, word, length);
        slotHash[s] = hash;
        slotTerm[s] = term;
        termLast[term] = doc;
        log(term, doc);
        if (termCount * 2 > slotHash.length) {
          growSlots();
        }
        return;
      }
    }
  }

  private boolean sameWord(int term, byte[] word, int length) {
    if (termLength[term] != length) {
      return false;
    }
    int at = termAt[term];
    for (int i = 0; i < length; i++) {
      if (arena[at + i] != word[i]) {
        return false;
      }
    }
    return true;
  }

  private int newTerm(int project, long hash, byte[] word, int length) {
    if (termCount == termHash.length) {
      int n = termCount * 2;
      termHash = Arrays.copyOf(termHash, n);
      termProject = Arrays.copyOf(termProject, n);
      termAt = Arrays.copyOf(termAt, n);
      termLength = Arrays.copyOf(termLength, n);
      termPostings = Arrays.copyOf(termPostings, n);
      termLast = Arrays.copyOf(termLast, n);
    }
    if (arenaLength + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
    }
    System.arraycopy(word, 0, arena, arenaLength, length);
    int term = termCount++;
    termHash[term] = hash;
    termProject[term] = project;
    termAt[term] = arenaLength;
    termLength[term] = length;
    arenaLength += length;
    return term;
  }

  private void log(int term, int doc) {
    if (logLength == logTerm.length) {
      logTerm = Arrays.copyOf(logTerm, logLength * 2);
      logDoc = Arrays.copyOf(logDoc, logLength * 2);
    }
    logTerm[logLength] = term;
    logDoc[logLength++] = doc;
    termPostings[term]++;
  }

  private void growSlots() {
    long[] oldHash = slotHash;
    int[] oldTerm = slotTerm;
    slotHash = new long[oldHash.length * 2];
    slotTerm = new int[oldHash.length * 2];
    int mask = slotHash.length - 1;
    for (int i = 0; i < oldHash.length; i++) {
      if (oldHash[i] != 0) {
        int s = (int) oldHash[i] & mask;
        while (slotHash[s] != 0) {
          s = (s + 1) & mask;
        }
        slotHash[s] = oldHash[i];
        slotTerm[s] = oldTerm[i];
      }
    }
  }
}
