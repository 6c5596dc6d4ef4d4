package dev.sightline.spring.boot;

/**
 * A bean of this type masks free text before it leaves the application: the auto-configured
 * client passes it to {@code Sightline.Builder.mask}, which applies it on the exporter thread to
 * every string value of inputs, outputs, metadata, attributes and errors (never to names, ids or
 * tags). It must be thread-safe; if it throws or returns null, {@code [MASKING_FAILED]} is sent
 * instead of the text.
 */
@FunctionalInterface
public interface SightlineMasking {

  /** The text to send in place of {@code text} (never null). */
  String mask(String text);
}
