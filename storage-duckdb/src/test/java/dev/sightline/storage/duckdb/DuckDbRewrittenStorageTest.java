package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.Storage;
import dev.sightline.storage.tests.StorageContractTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;

/**
 * The storage contract again, with the database rewritten into a new file ({@link DatabaseRewrite})
 * after every batch written: what the suite reads and writes next meets a swapped-in copy.
 */
class DuckDbRewrittenStorageTest extends StorageContractTest {
  @Override
  protected Storage newStorage(Path dir) {
    DuckDbStorage storage = DuckDbStorage.open(dir.resolve("duckdb"),
        Map.of("memoryLimit", "256MB", "threads", "2", "rewriteDelay", "3600"));
    return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(storage, args);
            if (method.getName().equals("write")) {
              storage.rewriteNow();
            }
            return result;
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
