package dev.sightline.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded lock-free queue for many producers (application threads) and one consumer (the
 * exporter thread), after the design of JCTools' MpscArrayQueue: a producer claims a slot with one
 * CAS and never blocks; a full queue refuses the item. Indexes only grow, so they double as
 * counters of items accepted and taken.
 */
final class MpscQueue<E> {
  private final AtomicReferenceArray<E> slots;
  private final int mask;
  private final int capacity;
  private final AtomicLong producerIndex = new AtomicLong();
  private final AtomicLong consumerIndex = new AtomicLong();
  /**
   * Producers' cached bound (consumer index + capacity): the consumer's index sits on a cache line
   * the exporter thread keeps writing, so producers read it only when they reach this bound.
   */
  private volatile long producerLimit;

  /** @param capacity the most items held; rounded up to a power of two for the slot array */
  MpscQueue(int capacity) {
    int slotCount = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    this.slots = new AtomicReferenceArray<>(slotCount);
    this.mask = slotCount - 1;
    this.capacity = capacity;
    this.producerLimit = capacity;
  }

  /** Adds an item; returns the queue's size after adding it, or -1 if the queue was full. */
  long offer(E item) {
    long p;
    long limit;
    do {
      p = producerIndex.get();
      limit = producerLimit;
      if (p >= limit) {
        limit = consumerIndex.get() + capacity;
        if (p >= limit) {
          return -1;
        }
        producerLimit = limit;
      }
    } while (!producerIndex.compareAndSet(p, p + 1));
    slots.lazySet((int) p & mask, item);
    return p + 1 - (limit - capacity); // an upper bound of the size: exact enough to decide on waking
  }

  /** Takes the oldest item, or null if none. Consumer thread only. */
  E poll() {
    long c = consumerIndex.get();
    int slot = (int) c & mask;
    E item = slots.get(slot);
    if (item == null) {
      if (c == producerIndex.get()) {
        return null;
      }
      // A producer has claimed the slot but not yet stored its item: it is a few instructions away.
      while ((item = slots.get(slot)) == null) {
        Thread.onSpinWait();
      }
    }
    slots.lazySet(slot, null);
    consumerIndex.lazySet(c + 1);
    return item;
  }

  /** Items accepted so far. */
  long accepted() {
    return producerIndex.get();
  }

  long size() {
    return Math.max(0, producerIndex.get() - consumerIndex.get());
  }

  int capacity() {
    return capacity;
  }
}
