package dev.keywarden.spring;

import dev.keywarden.InvalidConfigurationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@code keywarden.*} property that cannot be bound (a text where a list or a number
 * belongs) by its name, origin and expected type, never its value. Spring Boot's own report
 * prints the value and the converter's message, which quotes it too; a key pasted into
 * {@code keywarden.api-keys} or into {@code keywarden.api-keys[0].active} would be logged
 * (external finding). Runs before Spring Boot's analyzer, after the unknown-property one, and
 * leaves Keywarden's own validation failures to {@link KeywardenFailureAnalyzer}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class KeywardenBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
    String name = cause.getName().toString();
    if ((!name.equals("keywarden") && !name.startsWith("keywarden."))
        || findCause(cause, UnboundConfigurationPropertiesException.class) != null
        || findCause(cause, InvalidConfigurationException.class) != null) {
      return null; // not ours, or explained by another analyzer
    }
    ConfigurationProperty property = cause.getProperty();
    String origin = property == null || property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
    String failure = cause.getCause() == null ? "" : "; " + cause.getCause().getClass().getSimpleName();
    return new FailureAnalysis("Keywarden property " + name + origin + " cannot be bound: expected "
        + cause.getTarget().getType() + failure + ". The value is not shown since it may be a secret.",
        "Correct the property; see the keywarden.* properties in the README. A list such as keywarden.api-keys "
            + "takes entries (keywarden.api-keys[0].secret=..., keywarden.api-keys[0].client-type=...), not one text.",
        cause);
  }
}
