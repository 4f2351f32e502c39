package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Table-driven conformance to SPEC §7. A subject is written as {@code g=a+b p=x.y c=web bo}:
 * groups, permissions, client type ({@code c=} alone is the empty string), back-office; a dash
 * is the anonymous subject.
 */
class GroupExpressionConformanceTest {

  static Subject subject(String spec) {
    Set<String> groups = new HashSet<>();
    Set<String> permissions = new HashSet<>();
    String clientType = null;
    boolean backoffice = false;
    for (String part : spec.trim().split("\\s+")) {
      if (part.equals("-") || part.isEmpty()) {
        continue;
      } else if (part.startsWith("g=")) {
        groups.addAll(Set.of(part.substring(2).split("\\+")));
      } else if (part.startsWith("p=")) {
        permissions.addAll(Set.of(part.substring(2).split("\\+")));
      } else if (part.startsWith("c=")) {
        clientType = part.substring(2);
      } else if (part.equals("bo")) {
        backoffice = true;
      } else {
        throw new IllegalArgumentException(part);
      }
    }
    return Subject.of(groups, permissions, clientType, backoffice);
  }

  @ParameterizedTest(name = "[{index}] {0}  with {1}  -> {2}")
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      // literals
      "true                              => -              => true",
      "false                             => -              => false",
      "'x'                               => -              => true",
      "\"\"                              => -              => false",
      "''                                => -              => false",
      // groups: member access is TRUE or ABSENT
      "groups.admin                      => g=admin        => true",
      "groups.admin                      => g=users        => false",
      "groups.admin                      => -              => false",
      "groups[\"admin\"]                 => g=admin        => true",
      "groups['my-group']                => g=my-group     => true",
      "groups[\"a.b\"]                   => g=a.b          => true",
      "groups.my-group                   => g=my-group     => true",
      "groups.team:ops                   => g=team:ops     => true",
      "groups.$x_1                       => g=$x_1         => true",
      "groups.123                        => g=123          => true",
      "groups.a.b                        => g=a.b          => true",
      "groups.a.b                        => g=a+b          => false",
      "groups . admin                    => g=admin        => true",
      // permissions
      "permissions.api.users.get         => p=api.users.get => true",
      "permissions.api.users.get         => p=api.users    => false",
      "permissions['api.users.get']      => p=api.users.get => true",
      "permissions.read                  => g=read         => false",
      // in
      "\"admin\" in groups               => g=admin        => true",
      "\"admin\" in groups               => -              => false",
      "'x-y' in permissions              => p=x-y          => true",
      "'x' in permissions                => g=x            => false",
      // clientType
      "clientType                        => c=web          => true",
      "clientType                        => c=             => false",
      "clientType                        => -              => false",
      "clientType == \"web\"             => c=web          => true",
      "clientType == 'web'               => c=web          => true",
      "clientType === \"web\"            => c=web          => true",
      "clientType == \"web\"             => c=Web          => false",
      "clientType == \"web\"             => -              => false",
      "\"web\" == clientType             => c=web          => true",
      "clientType != \"web\"             => -              => true",
      "clientType !== \"web\"            => c=web          => false",
      "clientType != \"web\"             => c=mobile       => true",
      "clientType == ''                  => c=             => true",
      // back-office, both spellings
      "isBackoffice                      => bo             => true",
      "isBackOffice                      => bo             => true",
      "isBackoffice                      => -              => false",
      "!isBackoffice                     => -              => true",
      "isBackoffice == true              => bo             => true",
      "isBackoffice === false            => -              => true",
      // JavaScript corner cases of strict equality
      "groups.x === true                 => g=x            => true",
      "groups.x === true                 => -              => false",
      "groups.x === false                => g=x            => false",
      "groups.x === false                => -              => false",
      "groups.x == false                 => -              => false",
      "groups.x != true                  => -              => true",
      "!groups.x                         => -              => true",
      "!groups.x                         => g=x            => false",
      "!!groups.x                        => g=x            => true",
      "(\"x\" in groups) === false       => -              => true",
      "(\"x\" in groups) === false       => g=x            => false",
      "\"x\" in groups === false         => -              => true",
      "groups.x === groups.y             => -              => true",
      "groups.x == \"true\"              => g=x            => false",
      "true == 'true'                    => -              => false",
      "'a' == 'a'                        => -              => true",
      "'a' != 'b'                        => -              => true",
      "clientType == groups.x            => -              => true",
      // && and || short-circuit on truthiness and yield an operand (JavaScript)
      "groups.a && groups.b              => g=a+b          => true",
      "groups.a && groups.b              => g=a            => false",
      "groups.a || groups.b              => g=b            => true",
      "groups.a || groups.b              => -              => false",
      "(groups.a || groups.b) === false  => -              => false",
      "(groups.a || false) === false     => -              => true",
      "(groups.a || clientType) == 'web' => c=web          => true",
      "(groups.a && clientType) == 'web' => g=a c=web      => true",
      "(groups.a && clientType) == 'web' => c=web          => false",
      "('' || 'x') == 'x'                => -              => true",
      "('' && 'x') == ''                 => -              => true",
      "!(groups.a || groups.b)           => -              => true",
      // precedence: ! binds looser than ==, && tighter than ||
      "!groups.a == true                 => g=a            => false",
      "!clientType == 'web'              => c=web          => false",
      "!clientType == 'web'              => c=mobile       => true",
      "groups.a || groups.b && groups.c  => g=a            => true",
      "groups.a || groups.b && groups.c  => g=b            => false",
      "(groups.a || groups.b) && groups.c => g=b+c         => true",
      "groups.admin || (groups.users && clientType == \"web\") => g=users c=web => true",
      "groups.admin || (groups.users && clientType == \"web\") => g=users c=mobile => false",
      // whitespace and the tolerated trailing semicolon
      "  groups.admin   ||clientType=='web'  => c=web    => true",
      "groups.admin;                     => g=admin        => true",
      "groups.admin ;                    => g=admin        => true",
      "true;                             => -              => true",
      // escapes in strings
      "'it\\'s' in groups                => g=it's         => true",
      "\"\\u0041\" in groups             => g=A            => true",
      "'a\\\\b' == 'a\\\\b'              => -              => true",
      // case-sensitivity
      "groups.Admin                      => g=admin        => false",
      // the Mia-Platform worked example
      "groups.foo || clientType==\"bar\" => -              => false",
      "groups.foo || clientType==\"bar\" => g=foo          => true",
      "groups.foo || clientType==\"bar\" => c=bar          => true",
  })
  void test_matchesTheSpecifiedSemantics(String expression, String subject, boolean expected) throws Throwable {
    GroupExpression parsed = GroupExpression.parse(expression);
    // The tree evaluator, before compilation.
    assertThat(parsed.test(subject(subject))).as("tree").isEqualTo(expected);
    // The canonical form means the same.
    assertThat(GroupExpression.parse(parsed.toString()).test(subject(subject))).isEqualTo(expected);
    // The generated bytecode on its own, before validation could reject it.
    Node root = Parser.parse(expression, ExpressionLimits.DEFAULT);
    assertThat(BytecodeCompiler.compile(root).test(subject(subject))).as("bytecode").isEqualTo(expected);
    // And the validated expression.
    assertThat(parsed.compile().compiled()).isTrue();
    assertThat(parsed.active).isInstanceOf(GeneratedBase.class);
    assertThat(parsed.test(subject(subject))).as("compiled").isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      "groups.admin || (groups.users && clientType == \"web\") => groups.admin || groups.users && clientType == \"web\"",
      "clientType==='web'                       => clientType == \"web\"",
      "clientType!=='web'                       => clientType != \"web\"",
      "groups['a.b']                            => groups.a.b",
      "groups['a b']                            => groups[\"a b\"]",
      "groups['']                               => groups[\"\"]",
      "(groups.a)                               => groups.a",
      "((groups.a || groups.b)) && groups.c     => (groups.a || groups.b) && groups.c",
      "groups.a || groups.b && groups.c         => groups.a || groups.b && groups.c",
      "!(groups.a == true)                      => groups.a != true",
      "!groups.a == true                        => groups.a != true",
      "(!groups.a) == true                      => (!groups.a) == true",
      "!!(clientType != 'web')                  => clientType != \"web\"",
      "!!!(groups.a === 'x')                    => groups.a != \"x\"",
      "(!(groups.a == true)) == false           => (groups.a != true) == false",
      "!(groups.a || groups.b) && !!groups.c    => !(groups.a || groups.b) && !!groups.c",
      "'x' in groups;                           => \"x\" in groups",
      "isBackOffice                             => isBackoffice",
      "'tab\\there'                             => \"tab\\there\"",
      "'say \"hi\"'                             => \"say \\\"hi\\\"\"",
  })
  void toString_printsTheCanonicalForm(String expression, String canonical) {
    assertThat(GroupExpression.parse(expression).toString()).isEqualTo(canonical);
    assertThat(GroupExpression.parse(canonical).toString()).isEqualTo(canonical);
    assertThat(GroupExpression.parse(expression)).isEqualTo(GroupExpression.parse(canonical));
  }

  @org.junit.jupiter.api.Test
  void mentions_listGroupsPermissionsAndClientTypes() {
    GroupExpression e = GroupExpression.parse(
        "groups.admin || 'ops' in groups && permissions.api.read || clientType == 'web' || 'partner' != clientType"
            + " || (groups.admin && !permissions['x y'])");
    assertThat(e.groups()).containsExactly("admin", "ops");
    assertThat(e.permissions()).containsExactly("api.read", "x y");
    assertThat(e.clientTypes()).containsExactly("web", "partner");
    assertThat(e.source()).startsWith("groups.admin || 'ops'");
  }

  @org.junit.jupiter.api.Test
  void subjectWithMembershipFunctions_backsGroupTests() {
    GroupExpression e = GroupExpression.parse("groups.admin && !groups.banned");
    assertThat(e.test(Subject.of(g -> g.equals("admin"), p -> false, null, false))).isTrue();
    assertThat(e.test(Subject.of(g -> true, p -> false, null, false))).isFalse();
    assertThat(e.test(Subject.anonymous())).isFalse();
    assertThat(e.test(Subject.builder().groups("admin").clientType("web").backoffice(true).build())).isTrue();
  }
}
