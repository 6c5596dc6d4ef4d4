package dev.sightline;

/**
 * Which managed prompt a generation was made from. Immutable and thread-safe.
 *
 * @param slug the prompt's slug; null makes the reference empty (nothing is recorded)
 * @param version a version such as {@code "1.2.0"}, or null for unspecified
 * @param tag a deployment tag such as {@code "production"}, or null
 */
public record PromptRef(String slug, String version, String tag) {

  /** A reference by slug only. */
  public static PromptRef of(String slug) {
    return new PromptRef(slug, null, null);
  }

  /** A copy pinned to a version. */
  public PromptRef withVersion(String version) {
    return new PromptRef(slug, version, tag);
  }

  /** A copy naming a deployment tag. */
  public PromptRef withTag(String tag) {
    return new PromptRef(slug, version, tag);
  }
}
