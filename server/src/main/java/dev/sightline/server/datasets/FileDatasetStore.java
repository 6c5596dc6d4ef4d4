package dev.sightline.server.datasets;

import dev.sightline.server.state.StateFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Datasets in files under the data directory: {@code datasets/<project>/<name>/dataset.json} (the
 * definition, written once, atomically), {@code items.jsonl} (items and archive changes, appended)
 * and {@code runs.jsonl} (run results, appended), each append synced before it returns. An index
 * in memory (where each item's and result's line is, and whether an item is archived) is rebuilt
 * from the files at open; payloads are read from the files when asked for. Thread-safe: one lock
 * per dataset, and one for the set of datasets.
 */
public final class FileDatasetStore implements DatasetStore {
  /** Datasets a project may have. */
  static final int MAX_DATASETS = 1000;
  private static final String DEFINITION = "dataset.json";
  private final Path root;
  /** Project → name → dataset, guarded by {@code this}. */
  private final Map<String, Map<String, Book>> projects = new HashMap<>();

  private FileDatasetStore(Path root) {
    this.root = root;
  }

  /** Opens the datasets under {@code dataDir}, reading every dataset's files. */
  public static FileDatasetStore open(Path dataDir) throws IOException {
    FileDatasetStore store = new FileDatasetStore(dataDir.resolve("datasets"));
    Files.createDirectories(store.root);
    try (Stream<Path> projects = Files.list(store.root)) {
      for (Path project : projects.filter(Files::isDirectory).toList()) {
        try (Stream<Path> names = Files.list(project)) {
          for (Path dir : names.filter(d -> Files.exists(d.resolve(DEFINITION))).toList()) {
            Dataset d = new StateFile<>(dir.resolve(DEFINITION), Dataset.class).read();
            store.projects.computeIfAbsent(project.getFileName().toString(), p -> new TreeMap<>())
                .put(d.name(), Book.open(dir, d));
          }
        }
      }
    }
    return store;
  }

  @Override
  public synchronized boolean create(String project, Dataset dataset) {
    Map<String, Book> datasets = projects.computeIfAbsent(project, p -> new TreeMap<>());
    if (datasets.containsKey(dataset.name())) {
      return false;
    }
    if (datasets.size() >= MAX_DATASETS) {
      throw new IllegalArgumentException("name: the project already has " + MAX_DATASETS
          + " datasets, the most it may have");
    }
    Path dir = root.resolve(project).resolve(Names.DATASET.check(dataset.name()));
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(Book.ITEMS)); // left by a creation that crashed before its definition
      Files.deleteIfExists(dir.resolve(Book.RUNS));
      new StateFile<>(dir.resolve(DEFINITION), Dataset.class).write(dataset);
      datasets.put(dataset.name(), Book.open(dir, dataset));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the dataset " + dir, e);
    }
    return true;
  }

  @Override
  public List<Dataset.Summary> list(String project) {
    List<Book> books;
    synchronized (this) {
      books = new ArrayList<>(projects.getOrDefault(project, Map.of()).values());
    }
    List<Dataset.Summary> out = new ArrayList<>(books.size());
    for (Book b : books) {
      out.add(b.summary());
    }
    return out;
  }

  @Override
  public Optional<Dataset> get(String project, String name) {
    return Optional.ofNullable(find(project, name)).map(b -> b.dataset);
  }

  @Override
  public List<DatasetItem> add(String project, String dataset, List<DatasetItem> items) {
    long now = nowMicros();
    List<DatasetItem> stored = items.stream().map(i -> i.added(now)).toList();
    book(project, dataset).add(stored);
    return stored;
  }

  @Override
  public ItemPage items(String project, String dataset, Archived which, int limit, String cursor) {
    return book(project, dataset).page(which, limit, cursor);
  }

  @Override
  public Optional<DatasetItem> item(String project, String dataset, String id) {
    return book(project, dataset).item(id);
  }

  @Override
  public Optional<DatasetItem> archive(String project, String dataset, String id, boolean archived) {
    return book(project, dataset).archive(id, archived, nowMicros());
  }

  @Override
  public void putRunItems(String project, String dataset, List<RunItem> results) {
    book(project, dataset).putRunItems(results);
  }

  @Override
  public List<String> runs(String project, String dataset) {
    return book(project, dataset).runNames();
  }

  @Override
  public List<RunItem> runItems(String project, String dataset, String run) {
    return book(project, dataset).runItems(run);
  }

  private static long nowMicros() {
    return System.currentTimeMillis() * 1000;
  }

  private synchronized Book find(String project, String name) {
    return projects.getOrDefault(project, Map.of()).get(name);
  }

  private Book book(String project, String name) {
    Book b = find(project, name);
    if (b == null) {
      throw new Missing("the project has no dataset " + name);
    }
    return b;
  }

  /** One dataset: its definition, files and index. Its methods synchronise on it. */
  private static final class Book {
    static final String ITEMS = "items.jsonl";
    static final String RUNS = "runs.jsonl";
    final Dataset dataset;
    private final List<Entry> order = new ArrayList<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, Map<String, JsonLines.Slot>> runs = new LinkedHashMap<>();
    private JsonLines items;
    private JsonLines results;
    private int archived;

    /** Where an item's line is, and whether it is archived now. */
    private static final class Entry {
      final String id;
      final JsonLines.Slot slot;
      boolean archived;

      Entry(String id, JsonLines.Slot slot) {
        this.id = id;
        this.slot = slot;
      }
    }

    private Book(Dataset dataset) {
      this.dataset = dataset;
    }

    static Book open(Path dir, Dataset dataset) throws IOException {
      Book b = new Book(dataset);
      b.items = JsonLines.open(dir.resolve(ITEMS), (slot, line) -> {
        StoredLines.ItemLine l = StoredLines.readItemLine(line);
        if (l.added() != null) {
          b.index(l.added().id(), slot);
        } else {
          b.setArchived(l.id(), l.archived());
        }
      });
      b.results = JsonLines.open(dir.resolve(RUNS), (slot, line) -> {
        RunItem r = StoredLines.readRunItem(line);
        b.runs.computeIfAbsent(r.run(), n -> new LinkedHashMap<>()).put(r.itemId(), slot);
      });
      return b;
    }

    private void index(String id, JsonLines.Slot slot) {
      Entry e = new Entry(id, slot);
      order.add(e);
      byId.put(id, e);
    }

    private void setArchived(String id, boolean value) {
      Entry e = byId.get(id);
      if (e != null && e.archived != value) {
        e.archived = value;
        archived += value ? 1 : -1;
      }
    }

    synchronized Dataset.Summary summary() {
      return new Dataset.Summary(dataset, order.size() - archived, archived, runs.size());
    }

    synchronized void add(List<DatasetItem> stored) {
      List<byte[]> lines = new ArrayList<>(stored.size());
      stored.forEach(i -> lines.add(StoredLines.item(i)));
      List<JsonLines.Slot> slots = items.append(lines);
      for (int i = 0; i < stored.size(); i++) {
        index(stored.get(i).id(), slots.get(i));
      }
    }

    synchronized ItemPage page(Archived which, int limit, String cursor) {
      int at = cursor == null ? 0 : position(cursor);
      List<Entry> taken = new ArrayList<>();
      while (at < order.size() && taken.size() < limit) {
        Entry e = order.get(at++);
        if (which.takes(e.archived)) {
          taken.add(e);
        }
      }
      boolean more = false;
      for (int i = at; i < order.size() && !more; i++) {
        more = which.takes(order.get(i).archived);
      }
      return new ItemPage(read(taken), more ? Integer.toString(at) : null);
    }

    private int position(String cursor) {
      try {
        int at = Integer.parseInt(cursor);
        if (at >= 0 && at <= order.size()) {
          return at;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw new IllegalArgumentException("cursor: not a cursor of this listing");
    }

    synchronized Optional<DatasetItem> item(String id) {
      Entry e = byId.get(id);
      return e == null ? Optional.empty() : Optional.of(read(List.of(e)).get(0));
    }

    synchronized Optional<DatasetItem> archive(String id, boolean value, long now) {
      Entry e = byId.get(id);
      if (e == null) {
        return Optional.empty();
      }
      if (e.archived != value) {
        items.append(List.of(StoredLines.archive(id, value, now)));
        setArchived(id, value);
      }
      return Optional.of(read(List.of(e)).get(0));
    }

    private List<DatasetItem> read(List<Entry> entries) {
      List<JsonLines.Slot> slots = new ArrayList<>(entries.size());
      entries.forEach(e -> slots.add(e.slot));
      List<byte[]> lines = items.read(slots);
      List<DatasetItem> out = new ArrayList<>(entries.size());
      for (int i = 0; i < entries.size(); i++) {
        out.add(StoredLines.readItemLine(lines.get(i)).added().withArchived(entries.get(i).archived));
      }
      return out;
    }

    synchronized void putRunItems(List<RunItem> list) {
      List<byte[]> lines = new ArrayList<>(list.size());
      list.forEach(r -> lines.add(StoredLines.runItem(r)));
      List<JsonLines.Slot> slots = results.append(lines);
      for (int i = 0; i < list.size(); i++) {
        runs.computeIfAbsent(list.get(i).run(), n -> new LinkedHashMap<>()).put(list.get(i).itemId(), slots.get(i));
      }
    }

    synchronized List<String> runNames() {
      return new ArrayList<>(runs.keySet());
    }

    synchronized List<RunItem> runItems(String run) {
      Map<String, JsonLines.Slot> slots = runs.get(run);
      if (slots == null) {
        return List.of();
      }
      List<RunItem> out = new ArrayList<>(slots.size());
      results.read(new ArrayList<>(slots.values())).forEach(line -> out.add(StoredLines.readRunItem(line)));
      return out;
    }
  }
}
