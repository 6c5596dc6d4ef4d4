package dev.sightline.server.collector;

import java.util.Set;

/**
 * Keeps servers that share a store from merging into the same trace at once. The loader merges
 * partial updates by reading what is stored, merging and writing back; two servers doing that for
 * one trace at the same moment would each write over the other's fields and rollups. So over a
 * shared store the loader holds the locks of the traces a batch touches from before it reads until
 * its write is visible to every server. A single server needs none ({@link #NONE}).
 *
 * <p>Implementations are thread-safe; one loader per server calls them.
 */
public interface MergeLocks extends AutoCloseable {

  /** No locking: the only writer of its store. */
  MergeLocks NONE = names -> () -> {};

  /**
   * Blocks until this server holds the locks of these names (a project and a trace id each, or a
   * project and a score id for a score of no trace), acquired in an order every server agrees on,
   * so that two batches never deadlock.
   *
   * @throws RuntimeException if the locks cannot be taken (the lock service is out of reach): the
   *     loader retries the batch as it does a failed write
   */
  Held lock(Set<String> names);

  /** Releases what the locks need (a connection); the pipeline calls it once its loader stopped. */
  @Override
  default void close() {}

  /** Locks held until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
