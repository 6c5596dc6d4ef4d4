package dev.sightline.server.state;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * One JSON document of server state ({@code auth.json}, {@code settings.json}, ...), kept where the
 * servers that use it see it: a file under the data directory ({@link StateFile}) for one server,
 * a row in PostgreSQL ({@link PostgresDocument}) for several. Implementations are thread-safe.
 *
 * @param <T> the record it holds, read and written with Jackson
 */
public interface StateDocument<T> {

  /** The document as stored now; null if it was never stored. */
  T read() throws IOException;

  /**
   * Whether the stored document changed since this object last read or wrote it (another server,
   * the CLI or an operator's editor changed it): checks at most once a second, false in between,
   * and false when it cannot tell.
   */
  boolean changed();

  /**
   * Like {@link #changed} but without the once-a-second limit, for a caller that misses something
   * (a key nobody knows yet) and would rather look once more than refuse: a key the CLI has just
   * created then works at once. Implementations whose {@link #changed} is already current keep
   * this default.
   */
  default boolean changedNow() {
    return changed();
  }

  /**
   * Changes the document atomically: {@code change} gets it as stored now (null if never stored)
   * and returns the next one, which is stored unless it is the very object it got. No other
   * update of the same document, from this server or another, runs in between. An exception
   * thrown by {@code change} stores nothing and is thrown on.
   *
   * @return the document as stored afterwards
   */
  T update(UnaryOperator<T> change) throws IOException;
}
