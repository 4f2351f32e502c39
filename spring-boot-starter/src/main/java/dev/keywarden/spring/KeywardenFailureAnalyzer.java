package dev.keywarden.spring;

import dev.keywarden.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start refused for an invalid Keywarden configuration: every problem, and what to do. */
class KeywardenFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis("Keywarden refused to start: " + cause.getMessage(),
        "Fix the keywarden.* properties (or the keywarden.config-location file) named above. Keywarden refuses "
            + "to start rather than guess, since a misread rule could open a route.", cause);
  }
}
