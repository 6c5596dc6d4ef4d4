package dev.sightline.storage.duckdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * One state of the {@link TextIndex}: its segments in batch (and so sequence number) order, and
 * per segment the local ordinals of its documents that later versions replaced. Immutable (the
 * bitmaps are never changed once in a view; a new view copies those it changes), so a query reads
 * one consistent state while the loader publishes and the merger swaps.
 */
final class IndexView {
  private final List<Segment> segments;
  private final Map<Segment, RoaringBitmap> deleted;
  private final long[] bases;

  private IndexView(List<Segment> segments, Map<Segment, RoaringBitmap> deleted) {
    this.segments = List.copyOf(segments);
    this.deleted = deleted;
    this.bases = new long[segments.size()];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = segments.get(i).seqBase();
    }
  }

  /** The view of freshly opened segments, with every tombstone applied. */
  static IndexView of(List<Segment> segments) {
    IndexView bare = new IndexView(segments, Map.of());
    Map<Segment, RoaringBitmap> deleted = new HashMap<>();
    for (Segment s : segments) {
      bare.applyTombstones(s, deleted, true);
    }
    return new IndexView(segments, deleted);
  }

  List<Segment> segments() {
    return segments;
  }

  /** The replaced documents of a segment of this view, or null if none. */
  RoaringBitmap deleted(Segment segment) {
    return deleted.get(segment);
  }

  boolean isDeleted(Segment segment, int doc) {
    RoaringBitmap d = deleted.get(segment);
    return d != null && d.contains(doc);
  }

  /** The segment holding this sequence number, or null. */
  Segment segmentOf(long seq) {
    int lo = 0;
    int hi = bases.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (bases[mid] <= seq) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi >= 0 && segments.get(hi).holds(seq) ? segments.get(hi) : null;
  }

  /** This view plus a newly published segment, whose tombstones now apply. */
  IndexView with(Segment segment) {
    List<Segment> more = new ArrayList<>(segments);
    more.add(segment);
    Map<Segment, RoaringBitmap> copy = new HashMap<>(deleted);
    new IndexView(more, Map.of()).applyTombstones(segment, copy, false);
    return new IndexView(more, copy);
  }

  /**
   * This view with a merge's inputs replaced by its result. The result has dropped the documents
   * replaced when the merge began; tombstones published since are applied to it again.
   */
  IndexView replace(List<Segment> inputs, Segment result) {
    List<Segment> next = new ArrayList<>();
    boolean placed = false;
    for (Segment s : segments) {
      if (inputs.contains(s)) {
        if (!placed) {
          next.add(result);
          placed = true;
        }
      } else {
        next.add(s);
      }
    }
    Map<Segment, RoaringBitmap> copy = new HashMap<>(deleted);
    inputs.forEach(copy::remove);
    IndexView bare = new IndexView(next, Map.of());
    RoaringBitmap gone = new RoaringBitmap();
    for (Segment s : next) {
      for (long seq : s.tombstones()) {
        if (result.holds(seq)) {
          gone.add((int) (seq - result.seqBase()));
        }
      }
    }
    if (!gone.isEmpty()) {
      copy.put(result, gone);
    }
    return new IndexView(bare.segments, copy);
  }

  /**
   * Marks the documents a segment's tombstones name as deleted in their segments' bitmaps.
   *
   * @param owned whether the bitmaps in {@code deleted} may be changed in place (else copied)
   */
  private void applyTombstones(Segment source, Map<Segment, RoaringBitmap> deleted, boolean owned) {
    Map<Segment, RoaringBitmap> copied = new HashMap<>();
    for (long seq : source.tombstones()) {
      Segment target = segmentOf(seq);
      if (target == null) {
        continue; // dropped by a merge already
      }
      RoaringBitmap bits = copied.get(target);
      if (bits == null) {
        RoaringBitmap current = deleted.get(target);
        bits = current == null ? new RoaringBitmap() : owned ? current : current.clone();
        copied.put(target, bits);
        deleted.put(target, bits);
      }
      bits.add((int) (seq - target.seqBase()));
    }
  }
}
