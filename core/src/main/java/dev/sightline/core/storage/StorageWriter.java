package dev.sightline.core.storage;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The write role of a storage backend, used only by the pipeline's single loader: it applies merged
 * batches with their write-ahead log position, and reads back the rows it must merge with.
 *
 * <p>Rows handed to {@link #write} are already merged by the pipeline: a backend stores each row in
 * place of any row with the same {@link RowKey}, it never merges fields itself. Implementations are
 * thread-safe with respect to concurrent {@link StorageReader} calls.
 */
public interface StorageWriter {

  /** The write-ahead log position the last applied batch reached; {@link LogPosition#START} if none. */
  LogPosition appliedPosition();

  /**
   * Applies a batch atomically together with its log position: after a crash either all of it and
   * the new position are stored, or none of it; a reader that sees the new position also sees the
   * rows. A batch without rows still moves the position. Every value is read back equal to the
   * value written (JSON text as given, list order kept).
   */
  void write(WriteBatch batch);

  /**
   * Whether other servers write to this store too (a store on the network that several stateless
   * servers share). The pipeline then acknowledges a request only once its rows are stored here
   * rather than once its own write-ahead log has them, so that the loss of this server and its disk
   * loses nothing acknowledged; and it looks up every key it merges, because another server may
   * have stored it. Constant for the life of the store.
   */
  default boolean sharedByServers() {
    return false;
  }

  /**
   * Whether this store takes {@link WriteBatch#verdicts}: evaluator verdicts on the spans a batch
   * stores for the first time, kept with the span rather than as score rows of their own, and read
   * back as the score rows they stand for ({@link SpanVerdicts#scoreRows}) by every read of scores.
   * The pipeline gives the others those score rows instead. Constant for the life of the store.
   */
  default boolean packsVerdicts() {
    return false;
  }

  /**
   * The stored rows among these keys; keys with no stored row are absent from the answer. A store
   * may rely on what every batch the pipeline writes keeps true, that a span is stored only with a
   * row of its trace (live or deleted), and not look for spans of a trace that has none.
   *
   * <p>A store that {@link #packsVerdicts packs verdicts} leaves out the scores given to it as
   * {@link WriteBatch#verdicts}. A later row with such a key then replaces that score whole,
   * without being merged into it; the store still never keeps two scores with one key.
   */
  Map<RowKey, Row> fetch(Collection<RowKey> keys);

  /**
   * Calls the consumer once with the key of every stored row of the table, in every project (used
   * to warm caches).
   */
  void forEachKey(Table table, Consumer<RowKey> consumer);

  /**
   * Copies a consistent snapshot of the store's files into {@code target}, while the store keeps
   * serving reads (writes wait while the snapshot is frozen): opened in its place, the copy holds
   * exactly what {@link #appliedPosition()} was during {@code whileFrozen}, and recovers whatever
   * later bytes it may hold the way it recovers from a crash.
   *
   * @param target the data directory of the copy: the backend puts its files where its provider
   *     looks for them under a data directory
   * @param whileFrozen run while the applied position cannot move: the caller copies there what
   *     must replay from that position (the write-ahead log)
   * @param copied told the bytes copied so far, now and then
   * @throws UnsupportedOperationException if the backend keeps nothing on disk
   */
  default void snapshot(Path target, Runnable whileFrozen, LongConsumer copied) throws IOException {
    throw new UnsupportedOperationException("this storage backend keeps nothing on disk to back up");
  }
}
