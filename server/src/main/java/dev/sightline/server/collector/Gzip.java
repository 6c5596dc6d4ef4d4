package dev.sightline.server.collector;

import dev.sightline.core.codec.IngestException;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip request bodies (RFC 1952) with a size limit, so a small bomb cannot exhaust
 * memory, and strictly: every member's header, deflate data, CRC-32 and length must be right, and
 * the body must end where its last member ends. Several members one after the other
 * ({@code cat a.gz b.gz}) are one valid gzip body, decompressed to their contents in order, as
 * gzip itself reads them; anything else after a member (the JDK's {@code GZIPInputStream}
 * silently ignores such bytes) is refused. Stateless and thread-safe.
 */
public final class Gzip {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xE0;
  private static final String INVALID = "body: Content-Encoding is gzip but the body is not valid gzip";

  /**
   * @throws IngestException 413 if the result would exceed {@code maxBytes}; 400 if the body is not
   *     gzip or has bytes after its last member
   */
  public static byte[] decompress(byte[] body, int maxBytes) {
    return decompress(body, maxBytes, false);
  }

  /**
   * Decompresses a body taken from the write-ahead log. Servers before strict decompression took
   * bodies with bytes after the gzip data that do not begin another member, and acknowledged them;
   * such bytes are ignored here, exactly as those servers ignored them, so that the logged request
   * replays into the rows it was acknowledged with.
   *
   * @throws IngestException as {@link #decompress}, but never for such trailing bytes
   */
  public static byte[] decompressLogged(byte[] body, int maxBytes) {
    return decompress(body, maxBytes, true);
  }

  private static byte[] decompress(byte[] body, int maxBytes, boolean ignoreTrailing) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 8 + 64));
    Inflater inflater = new Inflater(true);
    try {
      int pos = 0;
      do {
        if (pos > 0 && !startsMember(body, pos)) {
          if (ignoreTrailing) {
            break;
          }
          throw new IngestException(400, INVALID + ": " + (body.length - pos)
              + " bytes follow the end of the gzip data and do not begin another gzip member");
        }
        pos = member(body, pos, inflater, out, maxBytes);
        inflater.reset();
      } while (pos < body.length);
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  /** Decompresses the member at {@code pos} into {@code out}; returns where the member ends. */
  private static int member(byte[] body, int pos, Inflater inflater, ByteArrayOutputStream out, int maxBytes) {
    int data = header(body, pos);
    inflater.setInput(body, data, body.length - data);
    CRC32 crc = new CRC32();
    long size = 0;
    byte[] buf = new byte[16384];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IngestException(400, INVALID + " (it ends inside its compressed data)");
        }
        if (out.size() + (long) n > maxBytes) {
          throw new IngestException(413, "body: larger than " + maxBytes + " bytes once decompressed");
        }
        out.write(buf, 0, n);
        crc.update(buf, 0, n);
        size += n;
      }
    } catch (DataFormatException e) {
      throw new IngestException(400, INVALID + " (" + e.getMessage() + ")");
    }
    int trailer = body.length - inflater.getRemaining();
    if (body.length - trailer < 8 || int32(body, trailer) != (int) crc.getValue()
        || int32(body, trailer + 4) != (int) size) {
      throw new IngestException(400, INVALID + " (its CRC-32 or length trailer is missing or wrong)");
    }
    return trailer + 8;
  }

  /** Checks a member header at {@code pos}; returns where its compressed data starts. */
  private static int header(byte[] body, int pos) {
    if (body.length - pos < 10 || !startsMember(body, pos) || (body[pos + 2] & 0xFF) != 8
        || (body[pos + 3] & RESERVED) != 0) {
      throw new IngestException(400, INVALID);
    }
    int flags = body[pos + 3] & 0xFF;
    int p = pos + 10;
    if ((flags & FEXTRA) != 0) {
      p = require(body, p, 2);
      p = require(body, p, (body[p - 2] & 0xFF) | (body[p - 1] & 0xFF) << 8);
    }
    if ((flags & FNAME) != 0) {
      p = afterZero(body, p);
    }
    if ((flags & FCOMMENT) != 0) {
      p = afterZero(body, p);
    }
    if ((flags & FHCRC) != 0) {
      p = require(body, p, 2);
    }
    return p;
  }

  private static boolean startsMember(byte[] body, int pos) {
    return body.length - pos >= 2 && body[pos] == (byte) 0x1F && body[pos + 1] == (byte) 0x8B;
  }

  private static int require(byte[] body, int p, int n) {
    if (body.length - p < n) {
      throw new IngestException(400, INVALID);
    }
    return p + n;
  }

  private static int afterZero(byte[] body, int p) {
    for (int i = p; i < body.length; i++) {
      if (body[i] == 0) {
        return i + 1;
      }
    }
    throw new IngestException(400, INVALID);
  }

  /** A little-endian 32-bit value. */
  private static int int32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  private Gzip() {}
}
