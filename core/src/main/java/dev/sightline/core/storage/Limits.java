package dev.sightline.core.storage;

final class Limits {
  static final int MAX_PAGE = 1000;

  static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit: must be between 1 and " + MAX_PAGE);
    }
  }

  private Limits() {}
}
