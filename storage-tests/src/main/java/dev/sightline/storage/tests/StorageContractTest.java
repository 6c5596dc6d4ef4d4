package dev.sightline.storage.tests;

import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link Storage} backend must pass. A backend module depends on
 * {@code sightline-storage-tests} in test scope, subclasses this in its tests and implements
 * {@link #newStorage}; each test then runs on a fresh, empty store in its own temporary directory,
 * closed after the test. This module runs it against the in-memory reference store.
 *
 * <p>The tests check only what the SPI's Javadoc promises ({@link Storage}, the query records,
 * {@link Filter}, {@link Sort}, {@link QuerySemantics}), one area per interface:
 * <ul>
 *   <li>{@link WriteContract}: batches, log positions, fetch, keys, durability;
 *   <li>{@link TraceReadContract}: one trace, reference ids, project isolation of every read;
 *   <li>{@link TraceFilterContract} and {@link SpanFilterContract}: every filter condition;
 *   <li>{@link TextSearchContract}: the {@code q} full-text condition;
 *   <li>{@link ListingContract}: sort orders, cursors and scores;
 *   <li>{@link ScoreFilterContract}: traces and spans filtered and sorted by a score;
 *   <li>{@link ScoreMetricsContract}: score metrics per bucket and group;
 *   <li>{@link EvaluatorScoreContract}: evaluators' scores written with the span they judge;
 *   <li>{@link GroupsContract} and {@link MetricsContract}: sessions, users and metrics;
 *   <li>{@link GeneratedMetricsContract}: every metric and group over generated rows;
 *   <li>{@link HugeSumsContract}: token sums past 2^53 and past 2^63 − 1;
 *   <li>{@link WorkloadContract}: paged listings over a few thousand spans;
 *   <li>{@link FixtureContract}: the shared {@link Fixtures} traces, read back and found;
 *   <li>{@link DeletionContract}: traces deleted from every read, across a restart.
 * </ul>
 */
public abstract class StorageContractTest implements WriteContract, TraceReadContract,
    TraceFilterContract, SpanFilterContract, TextSearchContract, ListingContract, ScoreFilterContract,
    ScoreMetricsContract, EvaluatorScoreContract, GroupsContract,
    MetricsContract, GeneratedMetricsContract, HugeSumsContract, WorkloadContract, FixtureContract, DeletionContract {

  @TempDir
  private Path dir;
  private Storage storage;

  /** Opens a new, empty store keeping its files under {@code dir}, or the existing one there. */
  protected abstract Storage newStorage(Path dir);

  @Override
  public boolean keepsDataAcrossRestarts() {
    return true;
  }

  @BeforeEach
  final void openStorage() {
    storage = newStorage(dir);
  }

  @AfterEach
  final void closeStorage() {
    storage.close();
  }

  @Override
  public final Storage storage() {
    return storage;
  }

  @Override
  public final void reopen() {
    storage.close();
    storage = newStorage(dir);
  }
}
