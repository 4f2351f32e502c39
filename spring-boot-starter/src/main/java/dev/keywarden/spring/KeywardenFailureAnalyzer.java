package dev.keywarden.spring;

import dev.keywarden.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start refused for an invalid Keywarden configuration: every problem, and what to do. */
class KeywardenFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis("Keywarden's configuration (keywarden.* properties) is invalid: "
        + cause.getMessage(),
        "Fix the properties named above. Keywarden refuses to start rather than guess, since a "
            + "misread rule could open a route.", cause);
  }
}
