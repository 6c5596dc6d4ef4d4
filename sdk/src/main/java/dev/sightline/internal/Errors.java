package dev.sightline.internal;

import java.io.PrintWriter;
import java.io.StringWriter;

/** How an exception is recorded: {@code {"type", "message", "stacktrace"}}, plus a status message. */
final class Errors {
  /** Stack traces beyond this are cut: the tail of a deep stack rarely helps and the server caps the field. */
  static final int MAX_STACK_CHARS = 32 * 1024;

  /** The status message: the exception's message, or its type when it has none. */
  static String message(Throwable error) {
    String m = error.getMessage();
    return m != null ? m : error.getClass().getName();
  }

  /** Writes the error object; run on the exporter thread, so rendering the stack costs the caller nothing. */
  static void write(JsonWriter out, Throwable error) {
    StringWriter stack = new StringWriter();
    try (PrintWriter w = new PrintWriter(stack)) {
      error.printStackTrace(w);
    }
    out.beginObject();
    out.name("type").value(error.getClass().getName());
    out.name("message").value(error.getMessage());
    out.name("stacktrace").value(stack.toString(), MAX_STACK_CHARS);
    out.endObject();
  }

  private Errors() {}
}
