package dev.sightline.core.codec;

/**
 * The bytes of a request being decoded, so JSON values can be sliced out of them as they are, and
 * whether they were all found well-formed UTF-8 in one pass first: then no value needs checking
 * again (the common case); otherwise each field is checked on its own, so the error names it.
 *
 * @param bytes the whole body, from offset 0 of the parser
 * @param wellFormed whether all of {@code bytes} is well-formed UTF-8 ({@link Utf8})
 */
record Source(byte[] bytes, boolean wellFormed) {

  static Source of(byte[] body) {
    return new Source(body, Utf8.isWellFormed(body, 0, body.length));
  }

  /** Whether values read from this source need their own UTF-8 check; false without a source. */
  static boolean needsCheck(Source source) {
    return source != null && !source.wellFormed;
  }
}
