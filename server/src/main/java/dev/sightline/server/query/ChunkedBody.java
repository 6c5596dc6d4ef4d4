package dev.sightline.server.query;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponseWriter;
import java.io.OutputStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The body of a streamed response as an {@link OutputStream}: bytes gathered into chunks of 64 KiB,
 * each handed to the response and waited for until the connection has taken it, so an export holds
 * one chunk in memory however large it is and however slow the client reads. {@link #flush()} does
 * nothing (a JSON generator flushes often); {@link #send()} hands over what is gathered. Not
 * thread-safe: one exporting thread writes.
 */
public final class ChunkedBody extends OutputStream {
  private static final int CHUNK = 64 << 10;
  /** How long a client may take to read one chunk before the export gives up on it. */
  private static final long READ_TIMEOUT_SECONDS = 300;

  private final HttpResponseWriter out;
  private byte[] buffer = new byte[CHUNK];
  private int length;

  public ChunkedBody(HttpResponseWriter out) {
    this.out = out;
  }

  /** The client went away or stopped reading: the export stops. */
  public static final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
      super("the client stopped reading the export", cause);
    }
  }

  @Override
  public void write(int b) {
    if (length == CHUNK) {
      send();
    }
    buffer[length++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int count) {
    while (count > 0) {
      if (length == CHUNK) {
        send();
      }
      int n = Math.min(count, CHUNK - length);
      System.arraycopy(bytes, offset, buffer, length, n);
      length += n;
      offset += n;
      count -= n;
    }
  }

  @Override
  public void flush() {
    // Chunks are sent when full or by send(): a generator's flush after every line would make
    // one tiny chunk per line.
  }

  /** Hands what is gathered to the response and waits until the connection has taken it. */
  public void send() {
    if (length == 0) {
      return;
    }
    // Handed over, not copied: the connection may still hold it after whenConsumed, so the next
    // chunk gathers in a new buffer.
    if (!out.tryWrite(HttpData.wrap(buffer, 0, length))) {
      throw new ClientGone(null);
    }
    buffer = new byte[CHUNK];
    length = 0;
    try {
      out.whenConsumed().orTimeout(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    } catch (CompletionException e) {
      throw new ClientGone(e.getCause());
    }
  }
}
