package dev.keywarden.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keywarden.expression.CompileMode;
import dev.keywarden.expression.EvaluatorStatus;
import org.junit.jupiter.api.Test;

/** {@link AccessGuard.Builder#compileMode}: expressions are compiled by build(), not by requests. */
class AccessGuardCompileModeTest {

  private static EndpointRule rule(String path, String expression) {
    return EndpointRule.builder("GET", path).userGroupPermission(expression)
        .backofficeUserGroupPermission("isBackoffice && groups.ops").build();
  }

  @Test
  void build_byDefault_compilesEveryRuleExpressionAndTheDefaultRule() {
    EndpointRule orders = rule("/orders/**", "groups.admin || (groups.users && clientType == 'web')");
    EndpointRule fallback = EndpointRule.builder("ALL", "/**").userGroupPermission("groups.staff").build();
    AccessGuard.builder().rule(orders).defaultRule(fallback).build();
    assertThat(orders.userGroupPermission().evaluator().compiled()).isTrue();
    assertThat(orders.backofficeUserGroupPermission().orElseThrow().evaluator().compiled()).isTrue();
    assertThat(fallback.userGroupPermission().evaluator().compiled()).isTrue();
  }

  @Test
  void build_withCompilationOff_leavesTheTreeEvaluator() {
    EndpointRule orders = rule("/orders/**", "groups.admin || clientType == 'web'");
    AccessGuard.builder().rule(orders).compileMode(CompileMode.OFF).build();
    EvaluatorStatus status = orders.userGroupPermission().evaluator();
    assertThat(status.compiled()).isFalse();
    assertThat(status.reason()).isEqualTo("not compiled (yet)");
  }

  @Test
  void compileMode_null_isRefused() {
    assertThatThrownBy(() -> AccessGuard.builder().compileMode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("mode");
  }
}
