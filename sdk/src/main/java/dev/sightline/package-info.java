/**
 * The Sightline SDK's public API; start with {@link dev.sightline.Sightline}.
 *
 * <p>The whole API stays in this one package while the SDK is at version 0.x, so an application
 * needs a single import and no sub-package has to be designed before the API settles. Everything
 * else is in {@code dev.sightline.internal}, which is not API: its classes are public only where
 * this package needs them, and may change in any release.
 */
package dev.sightline;
