package dev.sightline.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Handles of the fields that the SDK's lock-free code accesses atomically, made once per class. */
final class FieldHandles {

  /**
   * The handle of {@code holder}'s field {@code name} of {@code type}, looked up with the caller's
   * {@code lookup} (so private fields are found). Called from static initializers: a missing field
   * is a build error, and fails the initialization of the class.
   */
  static VarHandle of(MethodHandles.Lookup lookup, Class<?> holder, String name, Class<?> type) {
    try {
      return lookup.findVarHandle(holder, name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private FieldHandles() {}
}
