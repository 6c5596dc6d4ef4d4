package dev.sightline.internal;

import java.time.Duration;

/** Takes finished items off the application's threads and delivers them. Thread-safe. */
interface Exporter {
  /** Queues an item; never blocks, never throws. */
  void submit(Object item);

  /** Waits until what was queued before the call is delivered or given up; false on timeout. */
  boolean flush(Duration timeout);

  /** Stops taking items, delivers what is queued, and stops; false if the timeout cut it short. */
  boolean shutdown(Duration timeout);

  /** Items accepted so far. */
  long accepted();

  /** Items waiting now. */
  long queued();

  /** An exporter for a client without endpoint: nothing is ever submitted to it. */
  Exporter DISABLED = new Exporter() {
    @Override
    public void submit(Object item) {}

    @Override
    public boolean flush(Duration timeout) {
      return true;
    }

    @Override
    public boolean shutdown(Duration timeout) {
      return true;
    }

    @Override
    public long accepted() {
      return 0;
    }

    @Override
    public long queued() {
      return 0;
    }
  };
}
