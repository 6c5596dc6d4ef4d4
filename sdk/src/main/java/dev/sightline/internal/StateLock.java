package dev.sightline.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A state word whose lowest bit is a lock: taking it is one compare-and-set, releasing it one
 * release store that also publishes the new state bits. Cheaper than a monitor (whose enter and
 * exit are each an atomic instruction) for the few-instruction critical sections of recording a
 * span, and the flags it carries (ended, started ...) cost no extra atomic operation to change.
 *
 * <p>Rules for subclasses: a critical section never calls code outside the SDK (user objects,
 * loggers), never takes the same lock again (it is not reentrant), and releases the lock on every
 * path, so a waiter only ever waits for a few instructions. Waiters spin briefly, then yield, then
 * nap, so a holder preempted by the scheduler gets the CPU back.
 */
abstract class StateLock {
  /** The lock bit; the other bits belong to the subclass. */
  static final int LOCKED = 1;

  private static final VarHandle STATE = FieldHandles.of(MethodHandles.lookup(), StateLock.class, "state", int.class);

  private volatile int state;

  /** Takes the lock; returns the state bits (without {@link #LOCKED}) as they are now. */
  final int lock() {
    int s = state;
    if ((s & LOCKED) == 0 && STATE.weakCompareAndSetAcquire(this, s, s | LOCKED)) {
      return s;
    }
    return lockSlowly();
  }

  private int lockSlowly() {
    for (int tries = 0; ; tries++) {
      int s = state;
      if ((s & LOCKED) == 0) {
        if (STATE.compareAndSet(this, s, s | LOCKED)) {
          return s;
        }
      } else if (tries < 100) {
        Thread.onSpinWait();
      } else if (tries < 200) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
      }
    }
  }

  /** Releases the lock, leaving {@code bits} (which must not contain {@link #LOCKED}) as the state. */
  final void unlock(int bits) {
    STATE.setRelease(this, bits);
  }

  /** The state bits now, possibly with {@link #LOCKED}; bits that are only ever set stay valid. */
  final int state() {
    return state;
  }
}
