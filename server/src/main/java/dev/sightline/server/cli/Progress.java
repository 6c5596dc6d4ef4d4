package dev.sightline.server.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress of a long transfer: on a terminal one line redrawn in place ({@code \r}) at most five
 * times a second, otherwise a plain line every five seconds (logs, pipes). Shows the count of
 * items, their rate, the bytes done and, when the total is known, the share done and the time left.
 * Not thread-safe: the transferring thread reports.
 */
final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long LINE_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final String items;
  private final LongSupplier nanos;
  private final long started;
  private long shown;

  /**
   * @param items what is counted, plural ({@code traces}, {@code lines})
   * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  Progress(PrintWriter out, boolean terminal, String items, LongSupplier nanos) {
    this.out = out;
    this.terminal = terminal;
    this.items = items;
    this.nanos = nanos;
    this.started = nanos.getAsLong();
    this.shown = started;
  }

  /** Reports so many items and bytes done, of {@code totalBytes} (negative if unknown). */
  void update(long count, long bytes, long totalBytes) {
    long now = nanos.getAsLong();
    if (now - shown < (terminal ? REDRAW_NANOS : LINE_NANOS)) {
      return;
    }
    shown = now;
    show(count, bytes, totalBytes, now);
  }

  /** The final figures, on a line of their own. */
  void finish(long count, long bytes, long totalBytes) {
    show(count, bytes, totalBytes, nanos.getAsLong());
    if (terminal) {
      out.println();
    }
  }

  private void show(long count, long bytes, long totalBytes, long now) {
    String line = line(count, bytes, totalBytes, (now - started) / 1e9);
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** {@code 12,345 traces  3,456/s  45.2 MB of 120.0 MB  38%  1:02 left}. */
  String line(long count, long bytes, long totalBytes, double seconds) {
    StringBuilder s = new StringBuilder(String.format("%,d %s  %,.0f/s  %s", count, items,
        seconds > 0 ? count / seconds : 0.0, mb(bytes)));
    if (totalBytes > 0) {
      long percent = Math.min(100, bytes * 100 / totalBytes);
      s.append(" of ").append(mb(totalBytes)).append(String.format("  %d%%", percent));
      if (bytes > 0 && seconds > 0) {
        long left = Math.round(seconds * (totalBytes - bytes) / bytes);
        s.append(String.format("  %d:%02d left", left / 60, left % 60));
      }
    }
    return s.toString();
  }

  private static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1048576.0);
  }
}
