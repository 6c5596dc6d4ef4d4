package dev.sightline.spring.boot;

import dev.sightline.Sightline;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;

/**
 * The {@link Sightline} client from the {@code sightline.*} properties, unless the application
 * defines its own. Without {@code sightline.endpoint} it is the SDK's disabled client: every call
 * works and records nothing, so the application starts (and its tests run) without a server.
 *
 * <p>The client is closed with the application context, which delivers what is still queued
 * (for up to {@code sightline.shutdown-timeout}); the SDK's own JVM shutdown hook is turned off,
 * since Spring Boot's hook closes the context.
 */
@AutoConfiguration
@EnableConfigurationProperties(SightlineProperties.class)
public class SightlineAutoConfiguration {

  /**
   * @throws IllegalArgumentException naming the property's field, if a value is invalid or an
   *     endpoint is set without an API key (the context then fails to start)
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Sightline sightline(SightlineProperties properties, ObjectProvider<SightlineMasking> masking) {
    Sightline.Builder builder = Sightline.builder().shutdownHook(false);
    PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
    // Empty values (an unset ${SIGHTLINE_ENDPOINT:} placeholder) count as unset.
    map.from(properties::getEndpoint).whenHasText().to(builder::endpoint);
    map.from(properties::getApiKey).whenHasText().to(builder::apiKey);
    map.from(properties::getSampleRate).to(builder::sampleRate);
    map.from(properties::getEnvironment).whenHasText().to(builder::environment);
    map.from(properties::getRelease).whenHasText().to(builder::release);
    map.from(properties::getFlushInterval).to(builder::flushInterval);
    map.from(properties::getShutdownTimeout).to(builder::shutdownTimeout);
    masking.ifAvailable(mask -> builder.mask(mask::mask));
    return builder.build();
  }
}
