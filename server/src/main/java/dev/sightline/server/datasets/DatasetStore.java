package dev.sightline.server.datasets;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where datasets, their items and their runs' results are kept, per project. The file-backed
 * {@link FileDatasetStore} serves one server; a backend for several servers sharing one database
 * (PostgreSQL, ClickHouse) implements this interface too and must pass the same contract test
 * ({@code DatasetStoreContract} in the server's tests). Every write is durable when it returns.
 * Implementations are thread-safe.
 */
public interface DatasetStore {

  /** Which items a listing takes. */
  enum Archived {
    /** Items in use only (the default). */
    EXCLUDED,
    /** Archived items only. */
    ONLY,
    /** Every item. */
    ALL;

    /** Whether an item archived or not is taken. */
    boolean takes(boolean archived) {
      return this == ALL || archived == (this == ONLY);
    }
  }

  /** The dataset does not exist (in that project): a 404. */
  final class Missing extends RuntimeException {
    public Missing(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A page of items, oldest first.
   *
   * @param nextCursor the cursor of the next page, null on the last
   */
  record ItemPage(List<DatasetItem> items, String nextCursor) {}

  /**
   * Creates a dataset.
   *
   * @return false, changing nothing, if the project already has a dataset of that name
   * @throws IllegalArgumentException if the project has as many datasets as it may
   */
  boolean create(String project, Dataset dataset);

  /** The project's datasets by name, with their counts. */
  List<Dataset.Summary> list(String project);

  Optional<Dataset> get(String project, String name);

  /**
   * Adds items, all or none, in this order; their ids are made here.
   *
   * @param items whose {@code id}, {@code createdAt} and {@code archived} are ignored
   * @return the items as stored
   * @throws Missing if there is no such dataset
   */
  List<DatasetItem> add(String project, String dataset, List<DatasetItem> items);

  /**
   * A page of items, oldest first.
   *
   * @param limit 1 to 1000
   * @param cursor a page's {@code nextCursor}, or null for the first page
   * @throws Missing if there is no such dataset
   * @throws IllegalArgumentException naming {@code cursor} if it is not one of this store's
   */
  ItemPage items(String project, String dataset, Archived which, int limit, String cursor);

  /**
   * Every item of a dataset that {@code which} takes, oldest first, handed over one at a time
   * (one page of items in memory, not the dataset).
   *
   * @throws Missing if there is no such dataset
   */
  default void forEachItem(String project, String dataset, Archived which, Consumer<DatasetItem> sink) {
    String cursor = null;
    do {
      ItemPage page = items(project, dataset, which, 100, cursor);
      page.items().forEach(sink);
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  /**
   * One item.
   *
   * @throws Missing if there is no such dataset
   */
  Optional<DatasetItem> item(String project, String dataset, String id);

  /**
   * Archives or restores an item.
   *
   * @return the item as it is now, or empty if the dataset has no such item
   * @throws Missing if there is no such dataset
   */
  Optional<DatasetItem> archive(String project, String dataset, String id, boolean archived);

  /**
   * Records the results of some items of a run, all or none. A later result of the same item in
   * the same run replaces the earlier one.
   *
   * @throws Missing if there is no such dataset
   */
  void putRunItems(String project, String dataset, List<RunItem> results);

  /**
   * The names of a dataset's runs, oldest first (by their first result).
   *
   * @throws Missing if there is no such dataset
   */
  List<String> runs(String project, String dataset);

  /**
   * A run's results, in the order their items were first reported; empty if there is no such run.
   *
   * @throws Missing if there is no such dataset
   */
  List<RunItem> runItems(String project, String dataset, String run);
}
