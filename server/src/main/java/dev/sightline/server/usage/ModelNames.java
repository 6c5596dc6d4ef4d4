package dev.sightline.server.usage;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normal form of a model name, so that one price pattern covers the ids providers and clouds
 * give the same model: lower case; no provider or path prefix ({@code openai/gpt-4o},
 * {@code publishers/google/models/gemini-2.5-pro}); no Amazon Bedrock region, vendor and version
 * parts ({@code us.anthropic.claude-sonnet-4-20250514-v1:0}); Vertex AI's {@code @} before a date
 * made a dash ({@code claude-sonnet-4@20250514}); Azure's {@code gpt-35} spelled {@code gpt-3.5}.
 * Stateless and thread-safe.
 */
final class ModelNames {
  private static final Pattern BEDROCK_REGION = Pattern.compile("^(us|eu|apac|global|us-gov|jp|au|ca)\\.");
  private static final Pattern BEDROCK_VENDOR =
      Pattern.compile("^(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|openai|google)\\.");
  private static final Pattern BEDROCK_VERSION = Pattern.compile("(-v\\d+)?:\\d+$");

  private ModelNames() {}

  /** The normal form of a model name as sent (not null). */
  static String normalize(String model) {
    String name = model.trim().toLowerCase(Locale.ROOT);
    name = name.substring(name.lastIndexOf('/') + 1);
    name = BEDROCK_REGION.matcher(name).replaceFirst("");
    name = BEDROCK_VENDOR.matcher(name).replaceFirst("");
    name = BEDROCK_VERSION.matcher(name).replaceFirst("");
    name = name.replace('@', '-');
    return name.startsWith("gpt-35") ? "gpt-3.5" + name.substring(6) : name;
  }
}
