package dev.sightline.internal;

import dev.sightline.Scope;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * SLF4J's {@code org.slf4j.MDC}, reached by reflection so that the SDK needs no SLF4J at compile
 * or run time: looked up once, through the SDK's class loader, else the thread's context class
 * loader; absent, every call does nothing. A failing MDC call is reported, never thrown.
 * Thread-safe.
 */
public final class Slf4jMdc {
  public static final Slf4jMdc INSTANCE = find();
  private static final Scope NOTHING = () -> {};

  /** {@code MDC.get(String)}, {@code put(String, String)}, {@code remove(String)}; null when absent. */
  private final MethodHandle get;
  private final MethodHandle put;
  private final MethodHandle remove;

  private Slf4jMdc(MethodHandle get, MethodHandle put, MethodHandle remove) {
    this.get = get;
    this.put = put;
    this.remove = remove;
  }

  private static Slf4jMdc find() {
    ClassLoader[] loaders = {Slf4jMdc.class.getClassLoader(), Thread.currentThread().getContextClassLoader()};
    for (ClassLoader loader : loaders) {
      try {
        Class<?> mdc = Class.forName("org.slf4j.MDC", true, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Slf4jMdc(
            lookup.findStatic(mdc, "get", MethodType.methodType(String.class, String.class)),
            lookup.findStatic(mdc, "put", MethodType.methodType(void.class, String.class, String.class)),
            lookup.findStatic(mdc, "remove", MethodType.methodType(void.class, String.class)));
      } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
        // not on this loader's class path: try the next, else run without
      }
    }
    return new Slf4jMdc(null, null, null);
  }

  public boolean isAvailable() {
    return put != null;
  }

  /**
   * Sets two keys (a null value removes the key) until the returned scope closes, which restores
   * their previous values.
   */
  public Scope put(String key1, String value1, String key2, String value2) {
    if (!isAvailable()) {
      return NOTHING;
    }
    try {
      String previous1 = (String) get.invokeExact(key1);
      String previous2 = (String) get.invokeExact(key2);
      set(key1, value1);
      set(key2, value2);
      return () -> {
        try {
          set(key1, previous1);
          set(key2, previous2);
        } catch (Throwable e) {
          Recorder.NOOP.problems.report("SLF4J MDC could not be restored", e);
        }
      };
    } catch (Throwable e) {
      Recorder.NOOP.problems.report("SLF4J MDC could not be set", e);
      return NOTHING;
    }
  }

  private void set(String key, String value) throws Throwable {
    if (value == null) {
      remove.invokeExact(key);
    } else {
      put.invokeExact(key, value);
    }
  }
}
