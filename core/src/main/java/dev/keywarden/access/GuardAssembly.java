package dev.keywarden.access;

import dev.keywarden.ApiKey;
import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.Validated;
import dev.keywarden.expression.CompileMode;
import dev.keywarden.expression.GroupExpression;
import dev.keywarden.store.ApiKeyStore;
import dev.keywarden.store.InMemoryApiKeyStore;
import dev.keywarden.store.KeyResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Assembles what {@link AccessGuard.Builder#build()} needs from the builder's settings: checks
 * the configuration in one pass, merges its rules after those added in code, looks for duplicate
 * rules once, picks the key resolver (given, over a given store, or over the configuration's
 * keys) and compiles every expression before the guard serves a request.
 *
 * @param resolver the key resolver the guard uses
 * @param routes the route table: rules added in code first, then the configuration's endpoints
 */
record GuardAssembly(KeyResolver resolver, RouteTable routes) {

  /**
   * Checks and assembles; every argument but {@code codeRules} and {@code mode} may be null.
   *
   * @throws InvalidConfigurationException naming every problem: configuration, duplicate rules,
   *     keys given in the configuration and in a store
   */
  static GuardAssembly assemble(List<EndpointRule> codeRules, KeywardenConfig config, ApiKeyStore store,
      KeyResolver resolver, EndpointRule defaultRule, CompileMode mode) {
    List<Problem> problems = new ArrayList<>();
    List<EndpointRule> allRules = new ArrayList<>(codeRules);
    List<ApiKey> keys = List.of();
    if (config != null) {
      Validated<KeywardenConfig.Contents> checked = config.check();
      problems.addAll(checked.problems());
      if (checked.isValid()) {
        allRules.addAll(checked.value().rules());
        keys = checked.value().keys();
      }
      if (!config.apiKeys().isEmpty() && (store != null || resolver != null)) {
        problems.add(Problem.of(
            "apiKeys are given in the configuration and a key store is set too; put the keys in the store"));
      }
    }
    if (problems.isEmpty()) {
      // The configuration has no duplicates among its own endpoints (checked above); this finds
      // those among the rules added in code and between them and the configuration's.
      int inCode = codeRules.size();
      problems.addAll(DuplicateRules.problems(allRules,
          i -> i < inCode ? "rule added in code #" + (i + 1) : "endpoints[" + (i - inCode) + "]"));
    }
    if (!problems.isEmpty()) {
      throw InvalidConfigurationException.of(problems);
    }
    // InMemoryApiKeyStore.of looks for duplicate secrets and ids again. config.check() has reported
    // them, so it never fails here, and it costs a map entry per key (digests are already made);
    // a way around it would have to be public, open to callers whose keys nobody checked.
    KeyResolver keyResolver = resolver != null ? resolver
        : KeyResolver.of(store != null ? store : InMemoryApiKeyStore.of(keys));
    compile(allRules, defaultRule, mode);
    return new GuardAssembly(keyResolver, RouteTable.ofChecked(allRules));
  }

  /** Compiles here, at build time, never on a request thread. */
  private static void compile(List<EndpointRule> rules, EndpointRule defaultRule, CompileMode mode) {
    List<GroupExpression> expressions = new ArrayList<>();
    Stream.concat(rules.stream(), Stream.ofNullable(defaultRule)).forEach(rule -> {
      expressions.add(rule.userGroupPermission());
      rule.backofficeUserGroupPermission().ifPresent(expressions::add);
    });
    GroupExpression.compileAll(expressions, mode);
  }
}
