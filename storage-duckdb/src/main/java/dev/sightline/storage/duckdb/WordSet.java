package dev.sightline.storage.duckdb;

import java.util.Arrays;

/**
 * The distinct words of one document, so that {@link JsonWords} hands each to the index once: an
 * open-addressing hash set of byte strings kept in one growing arena, emptied in O(1) per document
 * by a generation stamp. Not thread-safe.
 */
final class WordSet {
  private byte[] arena = new byte[4096];
  private int arenaLength;
  /** Per slot: the generation it was filled in (else empty), the word's hash, offset and length. */
  private int[] generation = new int[512];
  private int[] hashes = new int[512];
  private int[] offsets = new int[512];
  private int[] lengths = new int[512];
  private int current = 1;
  private int size;

  void clear() {
    if (++current == Integer.MAX_VALUE) {
      Arrays.fill(generation, 0); // before stamps could repeat
      current = 1;
    }
    size = 0;
    arenaLength = 0;
    if (arena.length > 1 << 20) {
      arena = new byte[4096]; // let a huge document's words go
    }
  }

  /** Adds a copy of the word; false if the document already had it. */
  boolean add(byte[] word, int length) {
    int hash = hash(word, length);
    int mask = hashes.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      if (generation[slot] != current) {
        put(slot, hash, word, length);
        return true;
      }
      if (hashes[slot] == hash && lengths[slot] == length
          && Arrays.equals(arena, offsets[slot], offsets[slot] + length, word, 0, length)) {
        return false;
      }
    }
  }

  private void put(int slot, int hash, byte[] word, int length) {
    if (arenaLength + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
    }
    System.arraycopy(word, 0, arena, arenaLength, length);
    generation[slot] = current;
    hashes[slot] = hash;
    offsets[slot] = arenaLength;
    lengths[slot] = length;
    arenaLength += length;
    if (++size * 2 > hashes.length) {
      grow();
    }
  }

  private void grow() {
    int[] oldGeneration = generation;
    int[] oldHashes = hashes;
    int[] oldOffsets = offsets;
    int[] oldLengths = lengths;
    int capacity = oldHashes.length * 2;
    generation = new int[capacity];
    hashes = new int[capacity];
    offsets = new int[capacity];
    lengths = new int[capacity];
    int mask = capacity - 1;
    for (int i = 0; i < oldHashes.length; i++) {
      if (oldGeneration[i] != current) {
        continue;
      }
      int slot = oldHashes[i] & mask;
      while (generation[slot] == current) {
        slot = (slot + 1) & mask;
      }
      generation[slot] = current;
      hashes[slot] = oldHashes[i];
      offsets[slot] = oldOffsets[i];
      lengths[slot] = oldLengths[i];
    }
  }

  /** FNV-1a, then a final mix so that the low bits used as slots are well spread. */
  private static int hash(byte[] word, int length) {
    int h = 0x811c9dc5;
    for (int i = 0; i < length; i++) {
      h = (h ^ word[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
