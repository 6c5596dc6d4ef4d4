package dev.sightline.core.storage;

/**
 * A storage backend: where the pipeline applies merged rows ({@link StorageWriter}) and where
 * queries read them ({@link StorageReader}). A {@link StorageProvider} opens one.
 *
 * <p>Every backend passes the shared contract suite ({@code StorageContractTest} in the
 * {@code sightline-storage-tests} module). Implementations are thread-safe: the pipeline's single
 * loader writes while any number of query threads read.
 */
public interface Storage extends StorageReader, StorageWriter, AutoCloseable {

  /**
   * How far deleted data's disk space is given back; a backend that frees it as it deletes answers
   * {@link DiskReclaim#IMMEDIATE}. Thread-safe and cheap (counters).
   */
  default DiskReclaim diskReclaim() {
    return DiskReclaim.IMMEDIATE;
  }

  /**
   * Why the store cannot be reached now (a network store that does not answer), or null when it
   * can; {@code /health} reports it. Thread-safe; answers within about a second and may reuse a
   * recent answer. An embedded store answers null.
   */
  default String unreachable() {
    return null;
  }

  /** Releases files and connections. Queries and writes after close fail; closing again does nothing. */
  @Override
  void close();
}
