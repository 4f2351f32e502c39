package dev.keywarden.access;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keywarden.ApiKey;
import dev.keywarden.ApiKeyDefinition;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.KeyDigest;
import dev.keywarden.Problem;
import dev.keywarden.Validated;
import dev.keywarden.internal.KeyDefinitions;
import dev.keywarden.internal.ProblemText;
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
 * Validated<KeywardenConfig.Contents> checked = config.check(); // every problem, with its location
 * checked.problems().forEach(System.err::println);
 * AccessGuard guard = AccessGuard.builder().config(config).build();
 * }</pre>
 *
 * <p>Binding never fails on invalid values: it keeps the raw definitions so that
 * {@link #check()} can name every problem and where it is (a bad expression, a duplicate
 * secret, a duplicate rule, a bad client type, an unknown or misspelt field, ...).
 * {@link #toString()} redacts secrets. A value of the wrong type (a key written where an object
 * belongs) still stops Jackson itself, whose exception message quotes the value: do not log it
 * (SECURITY.md).
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
   * The canonical constructor; copies the lists, keeping {@code null} elements for
   * {@link #check()} to name.
   *
   * @param apiKeys the key definitions; {@code null} means none
   * @param endpoints the endpoint definitions; {@code null} means none
   * @param unknownFields names of unknown top-level fields; {@code null} means none
   */
  public KeywardenConfig {
    // Null elements are kept (not rejected) so that check() can name them.
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
   */
  @JsonCreator
  public static KeywardenConfig bind(
      @JsonProperty("apiKeys") List<ApiKeyDefinition> apiKeys,
      @JsonProperty("endpoints") List<EndpointDefinition> endpoints,
      @JsonAnySetter Map<String, Object> unknown) {
    return new KeywardenConfig(apiKeys, endpoints, unknown == null ? null : List.copyOf(unknown.keySet()));
  }

  /**
   * {@return the names of the top-level fields of the source that this model does not know,
   * sorted; unmodifiable, empty for a clean configuration} Each one is reported by
   * {@link #check()}.
   */
  @Override
  @JsonIgnore
  public List<String> unknownFields() {
    return unknownFields;
  }

  /**
   * The keys and rules of a valid configuration, built: secrets hashed, paths parsed,
   * expressions parsed. Immutable.
   *
   * @param keys the keys, in configuration order
   * @param rules the rules, in configuration order
   */
  public record Contents(List<ApiKey> keys, List<EndpointRule> rules) {
    /** Copies both lists, which may not be {@code null} nor hold {@code null}. */
    public Contents {
      keys = List.copyOf(keys);
      rules = List.copyOf(rules);
    }
  }

  /**
   * Checks the whole configuration and builds its keys and rules in one pass: each secret is
   * hashed once, each path and expression parsed once, duplicates looked for once. Problems come
   * in this order: unknown top-level fields, then each key's problems and duplicate secrets or
   * ids as found (among every entry whose secret and id are well formed, valid or not), then
   * each endpoint's problems, then duplicate rules. Each is located as
   * {@link Problem} describes: {@code top level}, {@code apiKeys[i]} (with {@code (id "x")} when
   * the key has an id), {@code endpoints[i] (METHOD path)}; a duplicate, relating two entries,
   * has no location and names both in its message.
   */
  public Validated<Contents> check() {
    List<Problem> problems = new ArrayList<>();
    for (String field : unknownFields) {
      problems.add(new Problem("top level", ProblemText.unknownField(field, FIELDS)));
    }
    List<ApiKey> keys = checkKeys(problems);
    List<EndpointRule> rules = checkEndpoints(problems);
    return problems.isEmpty() ? Validated.valid(new Contents(keys, rules)) : Validated.invalid(problems);
  }

  private List<ApiKey> checkKeys(List<Problem> problems) {
    List<ApiKey> keys = new ArrayList<>();
    Map<KeyDigest, Integer> digests = new HashMap<>();
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < apiKeys.size(); i++) {
      ApiKeyDefinition definition = apiKeys.get(i);
      if (definition == null) {
        problems.add(new Problem("apiKeys[" + i + "]", "must be an object, not null"));
        continue;
      }
      KeyDefinitions.Checked checked = KeyDefinitions.check(definition);
      String location = "apiKeys[" + i + "]" + label(definition);
      checked.key().problems().forEach(problem -> problems.add(problem.at(location)));
      if (checked.key().isValid()) {
        keys.add(checked.key().value());
      }
      // Every entry whose secret (or digest) is well formed counts, valid or not: a duplicate
      // must not hide behind another problem of one of the pair.
      Integer sameSecret = checked.digestOrNull() == null ? null : digests.putIfAbsent(checked.digestOrNull(), i);
      if (sameSecret != null) {
        problems.add(Problem.of("apiKeys[" + sameSecret + "] and apiKeys[" + i
            + "] have the same secret; each key needs its own"));
      }
      Integer sameId = checked.idOrNull() == null ? null : ids.putIfAbsent(checked.idOrNull(), i);
      if (sameId != null && sameSecret == null) {
        problems.add(Problem.of("apiKeys[" + sameId + "] and apiKeys[" + i + "] have the same id "
            + checked.idOrNull()));
      }
    }
    return keys;
  }

  private List<EndpointRule> checkEndpoints(List<Problem> problems) {
    List<EndpointRule> rules = new ArrayList<>();
    Map<String, Integer> shapes = new HashMap<>();
    List<Problem> duplicates = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointDefinition definition = endpoints.get(i);
      if (definition == null) {
        problems.add(new Problem("endpoints[" + i + "]", "must be an object, not null"));
        continue;
      }
      EndpointDefinition.Checked checked = definition.checkWithShape();
      String location = "endpoints[" + i + "] (" + definition.label() + ")";
      checked.rule().problems().forEach(problem -> problems.add(problem.at(location)));
      if (checked.rule().isValid()) {
        rules.add(checked.rule().value());
      }
      Integer first = checked.shapeKey() == null ? null : shapes.putIfAbsent(checked.shapeKey(), i);
      if (first != null) {
        duplicates.add(Problem.of(DuplicateRules.message(
            "endpoints[" + first + "] (" + endpoints.get(first).label() + ")", location)));
      }
    }
    problems.addAll(duplicates);
    return rules;
  }

  /**
   * Checks the whole configuration: {@code check().value()}, for callers that only want to fail.
   *
   * @throws InvalidConfigurationException naming every problem and where it is
   */
  public void validate() {
    check().value();
  }

  /**
   * Validates the configuration and returns its keys, secrets hashed:
   * {@code check().value().keys()}.
   *
   * @throws InvalidConfigurationException naming every problem of the configuration
   */
  public List<ApiKey> keys() {
    return check().value().keys();
  }

  /**
   * Validates the configuration and returns its rules, expressions parsed:
   * {@code check().value().rules()}.
   *
   * @throws InvalidConfigurationException naming every problem of the configuration
   */
  public List<EndpointRule> rules() {
    return check().value().rules();
  }

  /** {@return counts and rule labels; never a secret} */
  @Override
  public String toString() {
    return "KeywardenConfig[" + apiKeys.size() + " apiKeys, endpoints="
        + endpoints.stream().map(e -> e == null ? "null" : e.label()).toList()
        + (unknownFields.isEmpty() ? "" : ", unknownFields=" + unknownFields) + "]";
  }

  private static String label(ApiKeyDefinition definition) {
    return definition.id() == null ? "" : " (id " + ProblemText.quote(definition.id()) + ")";
  }

  /** {@return a configuration with no keys and no endpoints} */
  public static KeywardenConfig empty() {
    return new KeywardenConfig(List.of(), List.of());
  }
}
