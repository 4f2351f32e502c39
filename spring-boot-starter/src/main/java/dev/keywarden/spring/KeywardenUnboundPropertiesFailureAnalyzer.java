package dev.keywarden.spring;

import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a misspelt {@code keywarden.*} property by its name only. Spring Boot's own report
 * prints each unbound property's value, and a misspelt {@code secret} would put a key in the log;
 * this analyzer runs first for properties under {@code keywarden.} and never shows a value.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeywardenUnboundPropertiesFailureAnalyzer
    extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
    if (cause.getUnboundProperties().stream().noneMatch(p -> p.getName().toString().startsWith("keywarden."))) {
      return null; // not ours: Spring Boot's analyzer explains it
    }
    String properties = cause.getUnboundProperties().stream()
        .map(KeywardenUnboundPropertiesFailureAnalyzer::describe)
        .collect(Collectors.joining("\n"));
    return new FailureAnalysis("Unknown Keywarden properties (misspelt, or not Keywarden's); values are not "
        + "shown since they may be secrets:\n" + properties,
        "Correct or remove them; see the keywarden.* properties in the README. An unknown property is "
            + "refused rather than ignored, since a typo could open a route.", cause);
  }

  private static String describe(ConfigurationProperty property) {
    return "    " + property.getName() + (property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")");
  }
}
