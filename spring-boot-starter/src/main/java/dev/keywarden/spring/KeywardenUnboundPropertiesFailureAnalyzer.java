package dev.keywarden.spring;

import java.beans.PropertyDescriptor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;

/**
 * Explains an unbound {@code keywarden.*} property by its name only. Spring Boot's own report
 * prints each unbound property's value, and a misspelt {@code secret} would put a key in the log;
 * this analyzer runs first for properties under {@code keywarden.} and never shows a value.
 *
 * <p>Not every unbound name is misspelt: Spring Boot binds a list from the one property source that
 * has any of its elements, so {@code keywarden.endpoints[1].public} on the command line, with the
 * endpoints in {@code application.yml}, is left unbound although it is a Keywarden property. Such a
 * name is told apart (a list index on a path of {@link KeywardenProperties}) and explained as that.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeywardenUnboundPropertiesFailureAnalyzer
    extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

  private static final String NO_VALUES = "values are not shown since they may be secrets:\n";

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
    if (cause.getUnboundProperties().stream().noneMatch(p -> p.getName().toString().startsWith("keywarden."))) {
      return null; // not ours: Spring Boot's analyzer explains it
    }
    Map<Boolean, List<ConfigurationProperty>> byKind = cause.getUnboundProperties().stream()
        .collect(Collectors.partitioningBy(p -> listOf(p.getName()) != null));
    List<ConfigurationProperty> unknown = byKind.get(false);
    List<ConfigurationProperty> inAnotherSource = byKind.get(true);
    StringBuilder description = new StringBuilder();
    StringBuilder action = new StringBuilder();
    if (!unknown.isEmpty()) {
      description.append("Unknown Keywarden properties (misspelt, or not Keywarden's); ").append(NO_VALUES)
          .append(unknown.stream().map(p -> "    " + p.getName() + origin(p)).collect(Collectors.joining("\n")));
      action.append("Correct or remove them; see the keywarden.* properties in the README. An unknown property is "
          + "refused rather than ignored, since a typo could open a route.");
    }
    if (!inAnotherSource.isEmpty()) {
      description.append(description.isEmpty() ? "" : "\n").append("Keywarden list elements not bound; ")
          .append(NO_VALUES).append(inAnotherSource.stream()
              .map(p -> "    " + p.getName() + origin(p) + " is a valid name but was not bound: Spring Boot takes a "
                  + "list (" + listOf(p.getName()) + ") from one property source only, numbered from [0] without "
                  + "gaps; give the whole list in one source")
              .collect(Collectors.joining("\n")));
      action.append(action.isEmpty() ? "" : "\n").append("Write each list whole in one place (application.yml, "
          + "the command line or the environment): a list in a source of higher precedence replaces the whole "
          + "list of the others, so its elements cannot be overridden one by one.");
    }
    return new FailureAnalysis(description.toString(), action.toString(), cause);
  }

  private static String origin(ConfigurationProperty property) {
    return property.getOrigin() == null ? "" : " (from " + property.getOrigin() + ")";
  }

  /**
   * The list holding {@code name} ({@code keywarden.endpoints} for
   * {@code keywarden.endpoints[1].user-group-permission}) when {@code name} is a list element, or
   * inside one, on a valid path of {@link KeywardenProperties}; otherwise {@code null}. Names are
   * compared in Spring Boot's uniform form, so kebab-case, camelCase and upper case all match.
   */
  static ConfigurationPropertyName listOf(ConfigurationPropertyName name) {
    if (name.getNumberOfElements() < 2 || !name.getElement(0, ConfigurationPropertyName.Form.UNIFORM)
        .equals("keywarden")) {
      return null;
    }
    ResolvableType type = ResolvableType.forClass(KeywardenProperties.class);
    ConfigurationPropertyName list = null;
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      Class<?> raw = type.resolve(Object.class);
      if (Map.class.isAssignableFrom(raw)) {
        type = type.asMap().getGeneric(1);
      } else if (List.class.isAssignableFrom(raw)) {
        if (!name.isNumericIndex(i)) {
          return null;
        }
        list = list == null ? name.chop(i) : list;
        type = type.asCollection().getGeneric(0);
      } else if (raw == KeywardenProperties.class || raw.getEnclosingClass() == KeywardenProperties.class) {
        type = property(raw, name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
        if (type == null) {
          return null;
        }
      } else {
        return null; // below a value: a String or a number has no properties
      }
    }
    return list;
  }

  /** The type of {@code bean}'s property whose lower-case name is {@code uniform}, or {@code null}. */
  private static ResolvableType property(Class<?> bean, String uniform) {
    for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean)) {
      if (descriptor.getReadMethod() != null && !descriptor.getName().equals("class")
          && descriptor.getName().toLowerCase(Locale.ROOT).equals(uniform)) {
        return ResolvableType.forMethodReturnType(descriptor.getReadMethod());
      }
    }
    return null;
  }
}
