package dev.sightline.server.usage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The mergeable ranks of a byte-pair encoding (a {@code .tiktoken} file: one token a line, its
 * bytes in Base64 and its rank) in a compact open-addressing table, and the number of tokens a
 * piece of text encodes to: byte-pair merging as tiktoken does it, always merging the adjacent
 * pair whose bytes have the lowest rank (the leftmost of equal ones) until no pair is a token.
 * A heap of pairs makes a piece of n bytes cost O(n log n), so that a long piece (a paragraph of
 * CJK text without punctuation is one) stays cheap. Merging a piece that is not one token (a word
 * not in the vocabulary: a name, an identifier, a misspelling) costs far more than looking up one
 * that is (the benchmark's made-up words: 1,000 characters in 52-62 us merged every time, 7-8 us
 * remembered, on a loaded machine), so the counts of the last such pieces of up to
 * {@value #REMEMBERED_BYTES} bytes are remembered, one per hash slot, {@value #REMEMBERED_SLOTS}
 * slots (up to ~1.5 MB). Thread-safe:
 * the table of ranks is immutable; the remembered counts are written and read without locks, each
 * an immutable record, so a reader sees a whole one or another.
 */
final class BytePairRanks {
  private static final int REMEMBERED_BYTES = 64;
  private static final int REMEMBERED_SLOTS = 1 << 14;
  private final byte[] bytes;
  /** Token i's bytes are {@code bytes[offsets[i]..offsets[i + 1])}. */
  private final int[] offsets;
  private final int[] ranks;
  /** Token index + 1 by hash, 0 where free. */
  private final int[] slots;
  private final int shift;
  private final Remembered[] remembered = new Remembered[REMEMBERED_SLOTS];

  /** A piece that is not one token, and the number of tokens it merges into. */
  private record Remembered(byte[] piece, int count) {}

  private BytePairRanks(byte[] bytes, int[] offsets, int[] ranks, int count) {
    this.bytes = bytes;
    this.offsets = offsets;
    this.ranks = ranks;
    int bits = 32 - Integer.numberOfLeadingZeros(count * 2);
    this.slots = new int[1 << bits];
    this.shift = 32 - bits;
    for (int t = 0; t < count; t++) {
      int slot = hash(bytes, offsets[t], offsets[t + 1]) >>> shift;
      while (slots[slot] != 0) {
        slot = (slot + 1) & (slots.length - 1);
      }
      slots[slot] = t + 1;
    }
  }

  /** Reads a {@code .tiktoken} resource of the class loader of {@code owner}. */
  static BytePairRanks load(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource + " beside " + owner.getName());
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      Base64.Decoder base64 = Base64.getDecoder();
      byte[] bytes = new byte[1 << 20];
      int[] offsets = new int[1 << 16];
      int[] ranks = new int[1 << 16];
      int count = 0;
      int size = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        int space = line.indexOf(' ');
        byte[] token = base64.decode(line.substring(0, space));
        if (count + 1 >= offsets.length) {
          offsets = Arrays.copyOf(offsets, offsets.length * 2);
          ranks = Arrays.copyOf(ranks, ranks.length * 2);
        }
        if (size + token.length > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + token.length));
        }
        System.arraycopy(token, 0, bytes, size, token.length);
        ranks[count] = Integer.parseInt(line, space + 1, line.length(), 10);
        offsets[count] = size;
        size += token.length;
        offsets[++count] = size;
      }
      return new BytePairRanks(Arrays.copyOf(bytes, size), Arrays.copyOf(offsets, count + 1),
          Arrays.copyOf(ranks, count), count);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }

  /** The rank of {@code piece[from..to)} if those bytes are a token, else -1. */
  int rank(byte[] piece, int from, int to) {
    return rank(piece, from, to, hash(piece, from, to));
  }

  private int rank(byte[] piece, int from, int to, int hash) {
    int slot = hash >>> shift;
    int length = to - from;
    for (int t = slots[slot]; t != 0; t = slots[slot]) {
      int start = offsets[t - 1];
      if (offsets[t] - start == length && Arrays.equals(bytes, start, start + length, piece, from, to)) {
        return ranks[t - 1];
      }
      slot = (slot + 1) & (slots.length - 1);
    }
    return -1;
  }

  /** The number of tokens that {@code piece[0..length)} encodes to. */
  int count(byte[] piece, int length) {
    if (length <= 1) {
      return length;
    }
    int hash = hash(piece, 0, length);
    if (rank(piece, 0, length, hash) >= 0) {
      return 1;
    }
    if (length > REMEMBERED_BYTES) {
      return merge(piece, length);
    }
    int slot = hash >>> (32 - Integer.numberOfTrailingZeros(REMEMBERED_SLOTS));
    Remembered known = remembered[slot];
    if (known != null && Arrays.equals(known.piece(), 0, known.piece().length, piece, 0, length)) {
      return known.count();
    }
    int count = merge(piece, length);
    remembered[slot] = new Remembered(Arrays.copyOf(piece, length), count);
    return count;
  }

  /** The number of tokens of a piece that is not one token. */
  private int merge(byte[] piece, int length) {
    // Parts of the piece form a list (next[i]: the start of the part after the one at i, -1 once
    // merged away); pairRank[i] is the rank of the part at i joined with the next one, or -1.
    int[] next = new int[length];
    int[] previous = new int[length];
    int[] pairRank = new int[length];
    long[] heap = new long[3 * length]; // (rank << 32 | start): n - 1 pairs, then at most 2 per merge
    int heapSize = 0;
    for (int i = 0; i < length; i++) {
      next[i] = i + 1;
      previous[i] = i - 1;
    }
    for (int i = 0; i < length - 1; i++) {
      pairRank[i] = pairRank(piece, length, next, i);
      if (pairRank[i] >= 0) {
        heapSize = push(heap, heapSize, pairRank[i], i);
      }
    }
    int parts = length;
    while (heapSize > 0) {
      long top = heap[0];
      heapSize = pop(heap, heapSize);
      int i = (int) top;
      if (next[i] < 0 || pairRank[i] != (int) (top >>> 32)) {
        continue; // merged away, or its pair changed since
      }
      int merged = next[i];
      next[i] = next[merged];
      if (next[i] < length) {
        previous[next[i]] = i;
      }
      next[merged] = -1;
      parts--;
      pairRank[i] = pairRank(piece, length, next, i);
      if (pairRank[i] >= 0) {
        heapSize = push(heap, heapSize, pairRank[i], i);
      }
      int before = previous[i];
      if (before >= 0) {
        pairRank[before] = pairRank(piece, length, next, before);
        if (pairRank[before] >= 0) {
          heapSize = push(heap, heapSize, pairRank[before], before);
        }
      }
    }
    return parts;
  }

  private int pairRank(byte[] piece, int length, int[] next, int start) {
    int second = next[start];
    return second >= length ? -1 : rank(piece, start, next[second]);
  }

  private static int push(long[] heap, int size, int rank, int start) {
    long entry = (long) rank << 32 | start;
    int i = size;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= entry) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
    return size + 1;
  }

  private static int pop(long[] heap, int size) {
    long last = heap[--size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && heap[child + 1] < heap[child]) {
        child++;
      }
      if (last <= heap[child]) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
    return size;
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    return h * 0x9E3779B9;
  }
}
