package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.core.storage.TraceData;
import java.io.IOException;

/**
 * One export format: the lines a trace becomes (none, one or several, each a JSON value ended by
 * {@code \n}), and how many were written or skipped, reported at the end of the export. Not
 * thread-safe: one per export.
 */
abstract class ExportLines {
  private long written;
  private long skipped;

  /** Writes the trace's lines. */
  abstract void write(JsonGenerator g, TraceData trace) throws IOException;

  /** Lines written so far. */
  final long written() {
    return written;
  }

  /** What was left out so far, in the format's unit (a generation, a trace). */
  final long skipped() {
    return skipped;
  }

  /** Ends a line the subclass wrote. */
  final void endLine(JsonGenerator g) throws IOException {
    g.writeRaw('\n');
    written++;
  }

  final void skip() {
    skipped++;
  }
}
