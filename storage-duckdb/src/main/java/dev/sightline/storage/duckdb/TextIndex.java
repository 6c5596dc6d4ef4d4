package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.roaringbitmap.RoaringBitmap;

/**
 * The full-text index: a directory of immutable {@linkplain Segment segments}, one per load batch
 * at first ({@code <first batch>-<last batch>.seg}), merged in the background into fewer, larger
 * ones. A document is one stored version of a trace or span row, known by its row's sequence
 * number; a row replaced by a later version leaves a tombstone in the later batch's segment, and
 * the replaced document no longer matches.
 *
 * <p>Crash consistency: a batch's segment is written and forced to disk before the DuckDB
 * transaction that commits the batch (and its number), so after a crash every committed batch has
 * its segment; {@link #open} deletes the segments of batches DuckDB never committed, and merge
 * leftovers. A merged segment replaces its inputs by an atomic rename; inputs found beside the
 * segment that covers them are deleted.
 *
 * <p>Thread-safe: one loader thread writes and publishes, one background thread merges, any thread
 * queries ({@link #view()} is an immutable snapshot).
 */
final class TextIndex implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TextIndex.class.getName());
  private static final Pattern NAME = Pattern.compile("(\\d{20})-(\\d{20})\\.seg");
  /** How many segments of one size class are merged into one. */
  private static final int MERGE_FACTOR = 8;
  /** Segments are not merged beyond this many documents: it bounds a merge's heap. */
  static final int MAX_MERGED_DOCS = 1 << 18;

  private final Path dir;
  private final ExecutorService merges = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sightline-index-merge");
    t.setDaemon(true);
    return t;
  });
  private final Object lock = new Object();
  private volatile IndexView view;
  private boolean merging;
  /** Documents deleted since the last rewrite began, whose segments are to be rewritten. */
  private final Set<Long> toExpunge = new HashSet<>();
  private volatile boolean closed;

  private TextIndex(Path dir, IndexView view) {
    this.dir = dir;
    this.view = view;
  }

  /**
   * Opens the index, keeping only what DuckDB committed.
   *
   * @param committedBatch the last load batch DuckDB committed
   */
  static TextIndex open(Path dir, long committedBatch) throws IOException {
    Files.createDirectories(dir);
    List<long[]> ranges = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Matcher m = NAME.matcher(f.getFileName().toString());
        if (!m.matches()) {
          Files.delete(f); // a merge that never finished
          continue;
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (first > committedBatch) {
          Files.delete(f); // written before a commit that never happened
        } else {
          ranges.add(new long[] {first, last});
        }
      }
    }
    // Widest first among those that start together, so a merged segment wins over its inputs.
    ranges.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> -r[1]));
    List<Segment> segments = new ArrayList<>();
    long covered = 0;
    for (long[] r : ranges) {
      Path f = dir.resolve(name(r[0], r[1]));
      if (r[1] <= covered) {
        Files.delete(f); // the input of a merge whose result is here
      } else {
        segments.add(Segment.open(f));
        covered = r[1];
      }
    }
    return new TextIndex(dir, IndexView.of(segments));
  }

  /** The last batch the index holds, 0 if none. */
  long lastBatch() {
    IndexView v = view;
    return v.segments().isEmpty() ? 0 : v.segments().get(v.segments().size() - 1).lastBatch();
  }

  /** The current state, for queries. */
  IndexView view() {
    return view;
  }

  /** Writes a batch's segment and forces it and its directory entry to disk; not yet visible. */
  void write(SegmentData data) throws IOException {
    SegmentWriter.write(data, dir.resolve(name(data.firstBatch(), data.lastBatch())));
    syncDirectory();
  }

  /** Deletes the segment of a batch that did not commit. */
  void discard(long batch) {
    try {
      Files.deleteIfExists(dir.resolve(name(batch, batch)));
    } catch (IOException e) {
      // open() deletes it anyway: its batch is beyond the committed one.
    }
  }

  /** Makes a written and committed batch's segment searchable, then merges if it is time. */
  void publish(long batch) throws IOException {
    Segment segment = Segment.open(dir.resolve(name(batch, batch)));
    synchronized (lock) {
      view = view.with(segment);
    }
    maybeMerge();
  }

  private void maybeMerge() {
    synchronized (lock) {
      if (merging || closed || mergeable(view.segments()) == null) {
        return;
      }
      merging = true;
      merges.execute(this::mergeDue);
    }
  }

  /**
   * Rewrites, on the merge thread, every segment that holds one of these documents without its
   * deleted documents, so that the words of deleted traces leave the index's files within seconds
   * of the deletion rather than at the next merge (which may never come: merged segments stop
   * growing at {@link #MAX_MERGED_DOCS}).
   *
   * @param seqs sequence numbers of documents a deletion removed
   */
  void expunge(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      boolean scheduled = !toExpunge.isEmpty();
      toExpunge.addAll(seqs);
      if (!scheduled) {
        merges.execute(this::expungeNow);
      }
    }
  }

  /**
   * Rewrites the segments holding what was asked for so far: deletions that come while a rewrite
   * runs (retention deletes in many small steps) are done together by the next one.
   */
  private void expungeNow() {
    List<Long> seqs;
    synchronized (lock) {
      seqs = List.copyOf(toExpunge);
      toExpunge.clear();
    }
    for (Segment s : view.segments()) {
      if (closed) {
        return;
      }
      if (seqs.stream().anyMatch(s::holds)) {
        try {
          replace(List.of(s));
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "rewriting index segment " + s.file().getFileName()
              + " without deleted documents failed; its words leave at its next merge", e);
        }
      }
    }
  }

  /** The first run of {@value #MERGE_FACTOR} consecutive segments of one size class, or null. */
  private static List<Segment> mergeable(List<Segment> segments) {
    int runStart = 0;
    for (int i = 1; i <= segments.size(); i++) {
      boolean sameClass = i < segments.size()
          && sizeClass(segments.get(i)) == sizeClass(segments.get(runStart))
          && segments.get(i).docCount() < MAX_MERGED_DOCS / 2;
      if (!sameClass) {
        runStart = i;
      } else if (i - runStart + 1 == MERGE_FACTOR) {
        return List.copyOf(segments.subList(runStart, i + 1));
      }
    }
    return null;
  }

  private static int sizeClass(Segment s) {
    int c = 0;
    for (long docs = s.docCount() / 4096; docs > 0; docs /= MERGE_FACTOR) {
      c++;
    }
    return c;
  }

  /** Merges the run that is due now (the view may have changed since it was scheduled). */
  private void mergeDue() {
    try {
      List<Segment> run;
      synchronized (lock) {
        run = mergeable(view.segments());
      }
      if (run != null) {
        replace(run);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "merging index segments failed; will retry", e);
    } finally {
      synchronized (lock) {
        merging = false;
      }
    }
    if (!closed) {
      maybeMerge();
    }
  }

  /**
   * Replaces consecutive segments by one without their deleted documents. A single segment
   * rewritten keeps its name: the new file replaces it by the rename.
   */
  private void replace(List<Segment> inputs) throws IOException {
    IndexView before = view;
    List<RoaringBitmap> deleted = new ArrayList<>();
    for (Segment s : inputs) {
      deleted.add(before.deleted(s));
    }
    SegmentData merged = SegmentMerger.merge(inputs, deleted);
    Path target = dir.resolve(name(merged.firstBatch(), merged.lastBatch()));
    Path temp = dir.resolve(target.getFileName() + ".tmp");
    SegmentWriter.write(merged, temp);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory();
    Segment result = Segment.open(target);
    synchronized (lock) {
      view = view.replace(inputs, result);
    }
    for (Segment s : inputs) {
      if (!s.file().equals(target)) {
        Files.deleteIfExists(s.file());
      }
    }
  }

  private void syncDirectory() throws IOException {
    Directories.sync(dir);
  }

  static String name(long first, long last) {
    return String.format("%020d-%020d.seg", first, last);
  }

  @Override
  public void close() {
    closed = true;
    merges.shutdown();
    try {
      if (!merges.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.log(System.Logger.Level.WARNING, "an index merge is still running at close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TextIndex" + Arrays.toString(view.segments().toArray());
  }
}
