package dev.sightline.server.datasets;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.state.Postgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Datasets in the shared database, for several servers: {@code datasets} (definitions),
 * {@code dataset_items} (items in the order added, {@code seq}, with whether each is archived) and
 * {@code dataset_results} (a run's result per item, replaced when reported again; runs and
 * results ordered by their first report). Items and results are kept as the file store's lines
 * ({@link StoredLines}). A page's cursor is the {@code seq} of its last item. Every call is one
 * transaction; a create takes the project's advisory lock so that the limit of datasets holds
 * across servers. Thread-safe.
 */
public final class PostgresDatasetStore implements DatasetStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Postgres db;

  public PostgresDatasetStore(Postgres db) {
    this.db = db;
  }

  @Override
  public boolean create(String project, Dataset dataset) {
    Names.DATASET.check(dataset.name());
    return run(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
        s.setString(1, "datasets/" + project);
        s.executeQuery().close();
      }
      try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM datasets WHERE project = ?")) {
        s.setString(1, project);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          if (r.getInt(1) >= FileDatasetStore.MAX_DATASETS) {
            throw new IllegalArgumentException("name: the project already has " + FileDatasetStore.MAX_DATASETS
                + " datasets, the most it may have");
          }
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO datasets (project, name, definition)"
          + " VALUES (?, ?, ?) ON CONFLICT (project, name) DO NOTHING")) {
        s.setString(1, project);
        s.setString(2, dataset.name());
        s.setString(3, JSON.writeValueAsString(dataset));
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<Dataset.Summary> list(String project) {
    return run(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT d.definition,"
          + " (SELECT count(*) FROM dataset_items i WHERE i.project = d.project AND i.dataset = d.name"
          + "   AND NOT i.archived),"
          + " (SELECT count(*) FROM dataset_items i WHERE i.project = d.project AND i.dataset = d.name"
          + "   AND i.archived),"
          + " (SELECT count(DISTINCT run) FROM dataset_results r WHERE r.project = d.project AND r.dataset = d.name)"
          + " FROM datasets d WHERE d.project = ? ORDER BY d.name COLLATE \"C\"")) {
        s.setString(1, project);
        List<Dataset.Summary> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new Dataset.Summary(JSON.readValue(r.getString(1), Dataset.class), r.getInt(2), r.getInt(3),
                r.getInt(4)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Optional<Dataset> get(String project, String name) {
    return run(c -> Optional.ofNullable(definition(c, project, name)));
  }

  @Override
  public List<DatasetItem> add(String project, String dataset, List<DatasetItem> items) {
    long now = System.currentTimeMillis() * 1000;
    List<DatasetItem> stored = items.stream().map(i -> i.added(now)).toList();
    return run(c -> {
      require(c, project, dataset);
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO dataset_items (project, dataset, id, body) VALUES (?, ?, ?, ?)")) {
        for (DatasetItem i : stored) {
          s.setString(1, project);
          s.setString(2, dataset);
          s.setString(3, i.id());
          s.setString(4, new String(StoredLines.item(i), StandardCharsets.UTF_8));
          s.addBatch();
        }
        s.executeBatch();
      }
      return stored;
    });
  }

  @Override
  public ItemPage items(String project, String dataset, Archived which, int limit, String cursor) {
    long after = position(cursor);
    return run(c -> {
      require(c, project, dataset);
      String filter = which == Archived.ALL ? "" : which == Archived.ONLY ? " AND archived" : " AND NOT archived";
      try (PreparedStatement s = c.prepareStatement("SELECT body, archived, seq FROM dataset_items"
          + " WHERE project = ? AND dataset = ? AND seq > ?" + filter + " ORDER BY seq LIMIT ?")) {
        s.setString(1, project);
        s.setString(2, dataset);
        s.setLong(3, after);
        s.setInt(4, limit + 1);
        List<DatasetItem> page = new ArrayList<>();
        long last = after;
        boolean more = false;
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            if (page.size() == limit) {
              more = true;
              break;
            }
            page.add(item(r));
            last = r.getLong(3);
          }
        }
        return new ItemPage(page, more ? Long.toString(last) : null);
      }
    });
  }

  @Override
  public Optional<DatasetItem> item(String project, String dataset, String id) {
    return run(c -> {
      require(c, project, dataset);
      return select(c, project, dataset, id);
    });
  }

  @Override
  public Optional<DatasetItem> archive(String project, String dataset, String id, boolean archived) {
    return run(c -> {
      require(c, project, dataset);
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE dataset_items SET archived = ? WHERE project = ? AND dataset = ? AND id = ?")) {
        s.setBoolean(1, archived);
        s.setString(2, project);
        s.setString(3, dataset);
        s.setString(4, id);
        s.executeUpdate();
      }
      return select(c, project, dataset, id);
    });
  }

  @Override
  public void putRunItems(String project, String dataset, List<RunItem> results) {
    run(c -> {
      require(c, project, dataset);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO dataset_results (project, dataset, run, item_id,"
          + " body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (project, dataset, run, item_id)"
          + " DO UPDATE SET body = EXCLUDED.body")) {
        for (RunItem r : results) {
          s.setString(1, project);
          s.setString(2, dataset);
          s.setString(3, r.run());
          s.setString(4, r.itemId());
          s.setString(5, new String(StoredLines.runItem(r), StandardCharsets.UTF_8));
          s.addBatch();
        }
        return s.executeBatch();
      }
    });
  }

  @Override
  public List<String> runs(String project, String dataset) {
    return run(c -> {
      require(c, project, dataset);
      try (PreparedStatement s = c.prepareStatement("SELECT run FROM dataset_results WHERE project = ?"
          + " AND dataset = ? GROUP BY run ORDER BY min(seq)")) {
        s.setString(1, project);
        s.setString(2, dataset);
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(r.getString(1));
          }
        }
        return out;
      }
    });
  }

  @Override
  public List<RunItem> runItems(String project, String dataset, String run) {
    return run(c -> {
      require(c, project, dataset);
      try (PreparedStatement s = c.prepareStatement("SELECT body FROM dataset_results WHERE project = ?"
          + " AND dataset = ? AND run = ? ORDER BY seq")) {
        s.setString(1, project);
        s.setString(2, dataset);
        s.setString(3, run);
        List<RunItem> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(StoredLines.readRunItem(r.getString(1).getBytes(StandardCharsets.UTF_8)));
          }
        }
        return out;
      }
    });
  }

  private static long position(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      long at = Long.parseLong(cursor);
      if (at >= 0) {
        return at;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("cursor: not a cursor of this listing");
  }

  private static Dataset definition(Connection c, String project, String name) throws SQLException, IOException {
    try (PreparedStatement s = c.prepareStatement("SELECT definition FROM datasets WHERE project = ? AND name = ?")) {
      s.setString(1, project);
      s.setString(2, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? JSON.readValue(r.getString(1), Dataset.class) : null;
      }
    }
  }

  private static void require(Connection c, String project, String name) throws SQLException, IOException {
    if (definition(c, project, name) == null) {
      throw new Missing("the project has no dataset " + name);
    }
  }

  private static Optional<DatasetItem> select(Connection c, String project, String dataset, String id)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT body, archived FROM dataset_items"
        + " WHERE project = ? AND dataset = ? AND id = ?")) {
      s.setString(1, project);
      s.setString(2, dataset);
      s.setString(3, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(item(r)) : Optional.empty();
      }
    }
  }

  private static DatasetItem item(ResultSet r) throws SQLException {
    return StoredLines.readItemLine(r.getString(1).getBytes(StandardCharsets.UTF_8)).added()
        .withArchived(r.getBoolean(2));
  }

  private <R> R run(Postgres.Work<R> work) {
    return db.call("datasets", work);
  }
}
