package dev.sightline.server.testing;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.StorageWriter;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A store's write role that hands every call to another one; tests override what they watch or
 * change (a write that waits or fails, a store that says it is shared or packs verdicts).
 */
public class ForwardingStorageWriter implements StorageWriter {
  private final StorageWriter delegate;

  public ForwardingStorageWriter(StorageWriter delegate) {
    this.delegate = delegate;
  }

  @Override
  public LogPosition appliedPosition() {
    return delegate.appliedPosition();
  }

  @Override
  public void write(WriteBatch batch) {
    delegate.write(batch);
  }

  @Override
  public boolean sharedByServers() {
    return delegate.sharedByServers();
  }

  @Override
  public boolean packsVerdicts() {
    return delegate.packsVerdicts();
  }

  @Override
  public Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    return delegate.fetch(keys);
  }

  @Override
  public void forEachKey(Table table, Consumer<RowKey> consumer) {
    delegate.forEachKey(table, consumer);
  }

  @Override
  public void snapshot(Path target, Runnable whileFrozen, LongConsumer copied) throws IOException {
    delegate.snapshot(target, whileFrozen, copied);
  }
}
