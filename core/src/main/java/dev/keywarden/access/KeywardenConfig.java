package dev.keywarden.access;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration model of SPEC §8: API keys and endpoint rules, bindable from JSON or YAML
 * by the host's own Jackson {@code ObjectMapper} through annotations only.
 *
 * <pre>{@code
 * KeywardenConfig config = new ObjectMapper().readValue(file, KeywardenConfig.class);
 * config.validate();                     // every problem, with its location, in one exception
 * AccessGuard guard = AccessGuard.builder().config(config).build();
 * }</pre>
 *
 * <p>Binding never fails on invalid values: it keeps the raw definitions so that
 * {@link #problems()} can name every problem and where it is (a bad expression, a duplicate
 * secret, a duplicate rule, a bad client type, ...). {@link #toString()} redacts secrets.
 *
 * @param apiKeys the key definitions; {@code null} binds as empty
 * @param endpoints the endpoint definitions; {@code null} binds as empty
 */
public record KeywardenConfig(List<ApiKeyDefinition> apiKeys, List<EndpointDefinition> endpoints) {

  /**
   * Creates a configuration.
   *
   * @param apiKeys the key definitions; {@code null} means none
   * @param endpoints the endpoint definitions; {@code null} means none
   */
  @JsonCreator
  public KeywardenConfig(
      @JsonProperty("apiKeys") List<ApiKeyDefinition> apiKeys,
      @JsonProperty("endpoints") List<EndpointDefinition> endpoints) {
    // Null elements are kept (not rejected) so that problems() can name them.
    this.apiKeys = apiKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(apiKeys));
    this.endpoints = endpoints == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(endpoints));
  }

  /**
   * Lists every problem of the configuration, each naming where it is: {@code apiKeys[i]} or
   * {@code endpoints[i] (METHOD path)}.
   *
   * @return the problems; empty for a valid configuration
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    Map<KeyDigest, Integer> digests = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < apiKeys.size(); i++) {
      ApiKeyDefinition definition = apiKeys.get(i);
      if (definition == null) {
        problems.add("apiKeys[" + i + "]: must be an object, not null");
        continue;
      }
      List<String> keyProblems = definition.problems();
      for (String problem : keyProblems) {
        problems.add("apiKeys[" + i + "]" + label(definition) + ": " + problem);
      }
      if (keyProblems.isEmpty()) {
        ApiKey key = definition.toApiKey();
        Integer sameSecret = digests.putIfAbsent(key.digest(), i);
        if (sameSecret != null) {
          problems.add("apiKeys[" + sameSecret + "] and apiKeys[" + i + "] have the same secret; each key needs its own");
        }
        Integer sameId = ids.putIfAbsent(key.id(), i);
        if (sameId != null && sameSecret == null) {
          problems.add("apiKeys[" + sameId + "] and apiKeys[" + i + "] have the same id " + key.id());
        }
      }
    }
    Map<String, Integer> shapes = new HashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointDefinition definition = endpoints.get(i);
      if (definition == null) {
        problems.add("endpoints[" + i + "]: must be an object, not null");
        continue;
      }
      for (String problem : definition.problems()) {
        problems.add("endpoints[" + i + "] (" + definition.label() + "): " + problem);
      }
      String shape = definition.shapeKey();
      Integer first = shape == null ? null : shapes.putIfAbsent(shape, i);
      if (first != null) {
        duplicates.add(RouteTable.duplicateMessage(first, endpoints.get(first).label(), i, definition.label()));
      }
    }
    problems.addAll(duplicates);
    return problems;
  }

  /**
   * Checks the whole configuration.
   *
   * @throws InvalidConfigurationException naming every problem and where it is
   */
  public void validate() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
  }

  /**
   * Validates the configuration and returns its keys, secrets hashed.
   *
   * @return the keys
   * @throws InvalidConfigurationException naming every problem of the configuration
   */
  public List<ApiKey> keys() {
    validate();
    return apiKeys.stream().map(ApiKeyDefinition::toApiKey).toList();
  }

  /**
   * Validates the configuration and returns its rules, expressions compiled.
   *
   * @return the rules
   * @throws InvalidConfigurationException naming every problem of the configuration
   */
  public List<EndpointRule> rules() {
    validate();
    return endpoints.stream().map(EndpointDefinition::toRule).toList();
  }

  /** Prints counts and rule labels; never a secret. */
  @Override
  public String toString() {
    return "KeywardenConfig[" + apiKeys.size() + " apiKeys, endpoints="
        + endpoints.stream().map(e -> e == null ? "null" : e.label()).toList() + "]";
  }

  private static String label(ApiKeyDefinition definition) {
    return definition.id() == null ? "" : " (id " + InvalidConfigurationException.quote(definition.id()) + ")";
  }

  /**
   * Returns an empty configuration.
   *
   * @return a configuration with no keys and no endpoints
   */
  public static KeywardenConfig empty() {
    return new KeywardenConfig(List.of(), List.of());
  }
}
