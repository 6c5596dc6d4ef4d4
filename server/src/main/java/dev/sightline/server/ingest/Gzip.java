package dev.sightline.server.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Decompresses gzip request bodies with a size limit, so a small bomb cannot exhaust memory. */
public final class Gzip {

  /**
   * @throws IngestException 413 if the result would exceed {@code maxBytes}, 400 if not gzip
   */
  public static byte[] decompress(byte[] body, int maxBytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), 8192)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, body.length * 8 + 64));
      byte[] buf = new byte[16384];
      for (int n; (n = in.read(buf)) > 0; ) {
        if (out.size() + n > maxBytes) {
          throw new IngestException(413, "body: larger than " + maxBytes + " bytes once decompressed");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IngestException(400, "body: Content-Encoding is gzip but the body is not valid gzip");
    }
  }

  private Gzip() {}
}
