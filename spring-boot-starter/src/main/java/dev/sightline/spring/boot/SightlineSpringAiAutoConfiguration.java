package dev.sightline.spring.boot;

import dev.sightline.Sightline;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Spring AI's observations recorded as Sightline spans ({@link SightlineObservationHandler}), when
 * Spring AI is on the class path and {@code sightline.spring-ai.enabled} is not false. The handler
 * is added to every {@link ObservationRegistry} bean; if the application has none (no actuator),
 * one is defined, which Spring AI's auto-configured models then observe through. The handler is
 * deliberately not an {@code ObservationHandler} bean, so the actuator's observation
 * auto-configuration does not register (or group) it a second time.
 */
@AutoConfiguration(after = SightlineAutoConfiguration.class,
    afterName = "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, org.springframework.ai.model.observation.ModelObservationContext.class})
@ConditionalOnBean(Sightline.class)
@ConditionalOnProperty(name = "sightline.spring-ai.enabled", matchIfMissing = true)
public class SightlineSpringAiAutoConfiguration {
  private static final String CHAT_CLIENT =
      "org.springframework.ai.chat.client.observation.ChatClientObservationContext";
  private static final String VECTOR_STORE =
      "org.springframework.ai.vectorstore.observation.VectorStoreObservationContext";

  @Bean
  @ConditionalOnMissingBean
  public SightlineObservationHandler sightlineObservationHandler(Sightline sightline,
      SightlineProperties properties, Environment environment) {
    SightlineProperties.SpringAi springAi = properties.getSpringAi();
    String feature = springAi.getFeature() != null ? springAi.getFeature()
        : environment.getProperty("spring.application.name", "spring-ai");
    return new SightlineObservationHandler(sightline, feature, springAi.isCaptureContent(),
        mappers(SightlineSpringAiAutoConfiguration.class.getClassLoader()));
  }

  @Bean
  @ConditionalOnMissingBean
  public ObservationRegistry observationRegistry() {
    return ObservationRegistry.create();
  }

  /** Static, so that registries made early still get the handler (it is looked up lazily). */
  @Bean
  public static BeanPostProcessor sightlineObservationRegistrar(ObjectProvider<SightlineObservationHandler> handler) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ObservationRegistry registry && registry != ObservationRegistry.NOOP) {
          registry.observationConfig().observationHandler(handler.getObject());
        }
        return bean;
      }
    };
  }

  /** A mapper for every observation context of the Spring AI modules present. */
  static List<ObservationMapper<?>> mappers(ClassLoader classLoader) {
    List<ObservationMapper<?>> mappers = new ArrayList<>(
        List.of(new ChatModelMapper(), new EmbeddingModelMapper(), new ToolCallingMapper()));
    if (ClassUtils.isPresent(CHAT_CLIENT, classLoader)) {
      mappers.add(new ChatClientMapper());
      mappers.add(new AdvisorMapper());
    }
    if (ClassUtils.isPresent(VECTOR_STORE, classLoader)) {
      mappers.add(new VectorStoreMapper());
    }
    return mappers;
  }
}
