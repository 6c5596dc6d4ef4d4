package dev.sightline.internal;

import java.time.Duration;

/**
 * Delivers one batch and says what became of it: {@link HttpTransport} in the SDK, a fake in the
 * exporter's tests. Called by the exporter thread only.
 */
interface Transport {

  /**
   * Sends {@code length} bytes of {@code json} (never null), holding {@code items} items, waiting
   * at most {@code timeout} for the answer; a network error is an {@link Outcome.Kind#RETRY}
   * outcome, not an exception. Never returns null.
   */
  Outcome post(byte[] json, int length, int items, Duration timeout);
}
