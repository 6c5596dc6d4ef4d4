package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.SearchWords;
import java.nio.charset.StandardCharsets;

/**
 * The identities the full-text index is keyed by: a term is a word of one project, hashed to 64
 * bits (the hash only finds a slot; the project and the word's bytes are compared too, so a
 * collision never makes a false match), and a trace id is its 32 hex digits read as two longs.
 * Stateless and thread-safe.
 */
final class Terms {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Terms() {}

  /** The seed of a project's term hashes. */
  static long projectSeed(String projectId) {
    long h = FNV_OFFSET;
    byte[] bytes = projectId.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h = (h ^ (b & 0xff)) * FNV_PRIME;
    }
    return (h ^ 0x1f) * FNV_PRIME;
  }

  /** The hash of a project's word ({@code word[0, length)}, lower-cased UTF-8); never 0. */
  static long hash(long projectSeed, byte[] word, int length) {
    return finish(SearchWords.fnv(projectSeed, word, length));
  }

  /**
   * The hash of a word from the FNV-1a state after its last byte (for {@link SearchWords}, which
   * hashes as it reads); never 0.
   */
  static long finish(long h) {
    // FNV's low bits are weak; the slots of the term tables are picked by them.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }

  /** The first 16 hex digits of a trace id. */
  static long traceHigh(String traceId) {
    return Long.parseUnsignedLong(traceId, 0, 16, 16);
  }

  /** The last 16 hex digits of a trace id. */
  static long traceLow(String traceId) {
    return Long.parseUnsignedLong(traceId, 16, 32, 16);
  }

  /** The trace id of its two halves: 32 lowercase hex digits. */
  static String traceId(long high, long low) {
    return hex16(high) + hex16(low);
  }

  /** A slot for a trace in a table of {@code mask + 1} slots. */
  static int traceSlot(int project, long high, long low, int mask) {
    long h = high * 0x9e3779b97f4a7c15L ^ low * 0xc2b2ae3d27d4eb4fL ^ project;
    h ^= h >>> 29;
    return (int) h & mask;
  }

  private static String hex16(long v) {
    String s = Long.toHexString(v);
    return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
  }
}
