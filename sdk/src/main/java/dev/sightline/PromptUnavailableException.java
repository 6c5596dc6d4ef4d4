package dev.sightline;

/**
 * Thrown by {@link Prompts#get} only when a prompt could not be fetched (the server is unreachable,
 * answers an error such as 404 for an unknown name, version or label, or no endpoint is
 * configured), no copy of it is cached, and the request gave no fallback. Give a fallback
 * ({@link PromptRequest#fallback(String)}) and it is never thrown. Unchecked, so that code with a
 * fallback need not catch it.
 */
public final class PromptUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PromptUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
