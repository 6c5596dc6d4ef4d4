package dev.sightline.core.storage;

/**
 * A read ran past the store's time limit and was stopped there (a network store's query
 * timeout), so that one expensive query cannot hold the store's capacity indefinitely. Nothing
 * changed; the same query will take as long again, so the server answers it as a timeout rather
 * than as a failure, and the caller narrows the query (a shorter time range, more filters).
 */
public final class QueryTimeoutException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public QueryTimeoutException(String message) {
    super(message);
  }
}
