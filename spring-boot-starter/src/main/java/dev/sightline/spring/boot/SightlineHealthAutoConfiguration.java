package dev.sightline.spring.boot;

import dev.sightline.Sightline;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The actuator health contributor {@code sightline} ({@link SightlineHealthIndicator}), when the
 * actuator is on the class path; {@code management.health.sightline.enabled=false} turns it off.
 */
@AutoConfiguration(after = SightlineAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(Sightline.class)
@ConditionalOnProperty(name = "management.health.sightline.enabled", matchIfMissing = true)
public class SightlineHealthAutoConfiguration {

  @Bean(name = "sightlineHealthIndicator")
  @ConditionalOnMissingBean(name = "sightlineHealthIndicator")
  public SightlineHealthIndicator sightlineHealthIndicator(Sightline sightline) {
    return new SightlineHealthIndicator(sightline);
  }
}
