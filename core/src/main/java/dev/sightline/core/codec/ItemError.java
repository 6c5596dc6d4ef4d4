package dev.sightline.core.codec;

/**
 * Why one item of a batch was rejected.
 *
 * @param index the item's position in {@code batch}, from 0
 * @param message names the field at fault, e.g. {@code body.traceId: must be 32 hex characters}
 */
public record ItemError(int index, String message) {}
