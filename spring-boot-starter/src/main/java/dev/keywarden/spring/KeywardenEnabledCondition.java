package dev.keywarden.spring;

import dev.keywarden.InvalidConfigurationException;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Keywarden is on unless {@code keywarden.enabled} is exactly {@code false} (ignoring case and
 * surrounding blanks). Fail closed: any value other than true or false ({@code 1}, {@code yes},
 * a typo, an empty value) refuses the start instead of silently leaving the application
 * unprotected, as {@code @ConditionalOnProperty(havingValue = "true")} would.
 */
class KeywardenEnabledCondition extends SpringBootCondition {
  static final String PROPERTY = "keywarden.enabled";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String value = context.getEnvironment().getProperty(PROPERTY);
    if (value == null) {
      return ConditionOutcome.match(PROPERTY + " is not set: Keywarden is on");
    }
    String flag = value.strip().toLowerCase(Locale.ROOT);
    if (flag.equals("false")) {
      return ConditionOutcome.noMatch(PROPERTY + "=false: Keywarden is off");
    }
    if (flag.equals("true")) {
      return ConditionOutcome.match(PROPERTY + "=true: Keywarden is on");
    }
    // The value is not a secret, but it is not echoed either: an empty or odd value is named by
    // its property, which is enough to find it.
    throw new InvalidConfigurationException(List.of(PROPERTY + " must be true or false (only false turns "
        + "Keywarden off); refusing to start rather than guess whether the application should be protected"));
  }
}
