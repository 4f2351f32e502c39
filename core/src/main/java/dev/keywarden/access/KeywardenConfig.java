package dev.keywarden.access;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
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
import java.util.TreeSet;

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
 * secret, a duplicate rule, a bad client type, an unknown or misspelt field, ...).
 * {@link #toString()} redacts secrets.
 *
 * <p>Unknown fields, at the top level and in every key and endpoint, are problems whatever the
 * host's {@code ObjectMapper} settings: a mapper that ignores unknown properties (Spring Boot's
 * default) still cannot turn {@code "userGroupPermision"} into an open route. Collecting them
 * needs jackson-databind 2.18 or later.
 *
 * @param apiKeys the key definitions; {@code null} binds as empty
 * @param endpoints the endpoint definitions; {@code null} binds as empty
 * @param unknownFields the names of the top-level fields this model does not know; each is a
 *     problem
 */
public record KeywardenConfig(
    @JsonProperty("apiKeys") List<ApiKeyDefinition> apiKeys,
    @JsonProperty("endpoints") List<EndpointDefinition> endpoints,
    List<String> unknownFields) {

  private static final List<String> FIELDS = List.of("apiKeys", "endpoints");

  /**
   * Creates a configuration.
   *
   * @param apiKeys the key definitions; {@code null} means none
   * @param endpoints the endpoint definitions; {@code null} means none
   * @param unknownFields names of unknown top-level fields; {@code null} means none
   */
  public KeywardenConfig {
    // Null elements are kept (not rejected) so that problems() can name them.
    apiKeys = apiKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(apiKeys));
    endpoints = endpoints == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(endpoints));
    // Sorted: Jackson collects them in no particular order, and messages should be stable.
    unknownFields = unknownFields == null ? List.of() : List.copyOf(new TreeSet<>(unknownFields));
  }

  /**
   * Creates a configuration with no unknown fields.
   *
   * @param apiKeys the key definitions; {@code null} means none
   * @param endpoints the endpoint definitions; {@code null} means none
   */
  public KeywardenConfig(List<ApiKeyDefinition> apiKeys, List<EndpointDefinition> endpoints) {
    this(apiKeys, endpoints, null);
  }

  /**
   * Jackson's creator: every top-level field it does not map to a parameter lands in
   * {@code unknown}, whatever the mapper's {@code FAIL_ON_UNKNOWN_PROPERTIES}; only the names
   * are kept.
   *
   * @param apiKeys the key definitions
   * @param endpoints the endpoint definitions
   * @param unknown the unknown fields; {@code null} means none
   * @return the configuration
   */
  @JsonCreator
  public static KeywardenConfig bind(
      @JsonProperty("apiKeys") List<ApiKeyDefinition> apiKeys,
      @JsonProperty("endpoints") List<EndpointDefinition> endpoints,
      @JsonAnySetter Map<String, Object> unknown) {
    return new KeywardenConfig(apiKeys, endpoints, unknown == null ? null : List.copyOf(unknown.keySet()));
  }

  /**
   * Returns the names of the top-level fields of the source that this model does not know,
   * sorted. Each one is reported by {@link #problems()}.
   *
   * @return an unmodifiable list, empty for a clean configuration
   */
  @Override
  @JsonIgnore
  public List<String> unknownFields() {
    return unknownFields;
  }

  /**
   * Lists every problem of the configuration, each naming where it is: {@code apiKeys[i]} or
   * {@code endpoints[i] (METHOD path)}.
   *
   * @return the problems; empty for a valid configuration
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (String field : unknownFields) {
      problems.add("top level: " + InvalidConfigurationException.unknownField(field, FIELDS));
    }
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
        duplicates.add(RouteTable.duplicateMessage("endpoints[" + first + "] (" + endpoints.get(first).label() + ")",
            "endpoints[" + i + "] (" + definition.label() + ")"));
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
        + endpoints.stream().map(e -> e == null ? "null" : e.label()).toList()
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields) + "]";
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
