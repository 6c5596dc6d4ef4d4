package dev.sightline;

/**
 * Makes a trace or span the current one on this thread until closed; closing restores what was
 * current before. Use with try-with-resources, on the thread that opened it. Closing never throws
 * and a second close does nothing. Not thread-safe: a scope belongs to its thread.
 */
public interface Scope extends AutoCloseable {
  @Override
  void close();
}
