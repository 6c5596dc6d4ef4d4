package dev.sightline.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded lock-free queue for many producers (application threads) and one consumer (the
 * exporter thread), after the design of JCTools' MpscArrayQueue: a producer claims a slot with one
 * CAS and never blocks; a full queue refuses the item. Indexes only grow, so they double as
 * counters of items accepted and taken.
 *
 * <p>The producers' index, their cached bound and the consumer's index each sit on cache lines of
 * their own (padding superclasses: the JVM lays out a superclass's fields before its subclass's),
 * so the exporter thread advancing its index does not take the producers' line away from them.
 */
final class MpscQueue<E> extends MpscQueueFields {
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
  private final Object[] slots;
  private final int mask;
  private final int capacity;

  /** @param capacity the most items held; rounded up to a power of two for the slot array */
  MpscQueue(int capacity) {
    int slotCount = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
    this.slots = new Object[slotCount];
    this.mask = slotCount - 1;
    this.capacity = capacity;
    PRODUCER_LIMIT.setRelease(this, (long) capacity);
  }

  /** Adds an item; returns the queue's size after adding it, or -1 if the queue was full. */
  long offer(E item) {
    long limit = (long) PRODUCER_LIMIT.getAcquire(this);
    long p;
    do {
      p = (long) PRODUCER_INDEX.getVolatile(this);
      if (p >= limit) {
        // The consumer's index is on a line the exporter thread keeps writing: read it only here.
        limit = (long) CONSUMER_INDEX.getAcquire(this) + capacity;
        if (p >= limit) {
          return -1;
        }
        PRODUCER_LIMIT.setRelease(this, limit);
      }
    } while (!PRODUCER_INDEX.compareAndSet(this, p, p + 1));
    SLOT.setRelease(slots, (int) p & mask, item);
    return p + 1 - (limit - capacity); // an upper bound of the size: exact enough to decide on waking
  }

  /** Takes the oldest item, or null if none. Consumer thread only. */
  @SuppressWarnings("unchecked")
  E poll() {
    long c = (long) CONSUMER_INDEX.getOpaque(this);
    int slot = (int) c & mask;
    Object item = SLOT.getAcquire(slots, slot);
    if (item == null) {
      if (c == (long) PRODUCER_INDEX.getVolatile(this)) {
        return null;
      }
      // A producer has claimed the slot but not yet stored its item: it is a few instructions away.
      while ((item = SLOT.getAcquire(slots, slot)) == null) {
        Thread.onSpinWait();
      }
    }
    SLOT.setRelease(slots, slot, null);
    CONSUMER_INDEX.setRelease(this, c + 1);
    return (E) item;
  }

  /** Items accepted so far. */
  long accepted() {
    return (long) PRODUCER_INDEX.getVolatile(this);
  }

  long size() {
    return Math.max(0, (long) PRODUCER_INDEX.getVolatile(this) - (long) CONSUMER_INDEX.getVolatile(this));
  }

  int capacity() {
    return capacity;
  }
}

/** 128 bytes before the first index: two cache lines, as adjacent-line prefetchers pair them. */
abstract class MpscQueuePad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
}

abstract class MpscQueueProducerIndex extends MpscQueuePad0 {
  volatile long producerIndex;
}

abstract class MpscQueuePad1 extends MpscQueueProducerIndex {
  long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
}

abstract class MpscQueueProducerLimit extends MpscQueuePad1 {
  volatile long producerLimit;
}

abstract class MpscQueuePad2 extends MpscQueueProducerLimit {
  long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
}

abstract class MpscQueueConsumerIndex extends MpscQueuePad2 {
  volatile long consumerIndex;
}

abstract class MpscQueuePad3 extends MpscQueueConsumerIndex {
  long p30, p31, p32, p33, p34, p35, p36, p37, p38, p39, p3a, p3b, p3c, p3d, p3e, p3f;
}

/** The padded fields and their handles. */
abstract class MpscQueueFields extends MpscQueuePad3 {
  static final VarHandle PRODUCER_INDEX =
      FieldHandles.of(MethodHandles.lookup(), MpscQueueProducerIndex.class, "producerIndex", long.class);
  static final VarHandle PRODUCER_LIMIT =
      FieldHandles.of(MethodHandles.lookup(), MpscQueueProducerLimit.class, "producerLimit", long.class);
  static final VarHandle CONSUMER_INDEX =
      FieldHandles.of(MethodHandles.lookup(), MpscQueueConsumerIndex.class, "consumerIndex", long.class);
}
