package dev.keywarden.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pins the rendered message of every parser error in {@code parser-errors.golden}. A case is
 * {@code >>> input} followed by the exact message; an input may start with
 * {@code [maxLength=N]} or {@code [maxDepth=N]} to parse with other limits. Run with
 * {@code -Dgolden.update=true} to rewrite the file after a deliberate change, then review it.
 */
class ExpressionErrorGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/dev/keywarden/expression/parser-errors.golden");
  private static final Pattern LIMIT = Pattern.compile("^\\[(maxLength|maxDepth)=(\\d+)] ");

  record Case(String rawInput, String expected) {}

  @Test
  void everyBadInput_rendersItsPinnedMessage() throws IOException {
    List<String> header = new ArrayList<>();
    List<Case> cases = read(header);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
    List<String> regenerated = new ArrayList<>(header);
    List<String> mismatches = new ArrayList<>();
    for (Case c : cases) {
      String actual = messageFor(c.rawInput());
      regenerated.add(">>> " + c.rawInput());
      regenerated.add(actual);
      regenerated.add("");
      if (!actual.equals(c.expected())) {
        mismatches.add(">>> " + c.rawInput() + "\nexpected:\n" + c.expected() + "\nactual:\n" + actual);
      }
    }
    if (Boolean.getBoolean("golden.update")) {
      Files.write(GOLDEN, regenerated, StandardCharsets.UTF_8);
      return;
    }
    assertThat(mismatches).as("golden messages differ").isEmpty();
  }

  private static String messageFor(String rawInput) {
    String input = unescape(rawInput);
    ExpressionLimits limits = ExpressionLimits.DEFAULT;
    Matcher m = LIMIT.matcher(input);
    if (m.find()) {
      int value = Integer.parseInt(m.group(2));
      limits = m.group(1).equals("maxLength")
          ? new ExpressionLimits(value, limits.maxDepth())
          : new ExpressionLimits(limits.maxLength(), value);
      input = input.substring(m.end());
    }
    String finalInput = input;
    ExpressionLimits finalLimits = limits;
    ExpressionSyntaxException e = catchThrowableOfType(ExpressionSyntaxException.class,
        () -> GroupExpression.parse(finalInput, finalLimits));
    assertThat(e).as("'%s' must fail to parse", rawInput).isNotNull();
    assertThat(e.expression()).isEqualTo(finalInput);
    assertThat(e.getMessage()).startsWith(e.reason() + " (column " + e.column() + ")");
    assertThat(e.caretLine()).endsWith("^");
    return e.getMessage();
  }

  private static List<Case> read(List<String> header) throws IOException {
    List<String> lines = Files.readAllLines(GOLDEN, StandardCharsets.UTF_8);
    List<Case> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith(">>> ")) {
      header.add(lines.get(i++));
    }
    while (i < lines.size()) {
      String input = lines.get(i++).substring(4);
      StringBuilder expected = new StringBuilder();
      while (i < lines.size() && !lines.get(i).startsWith(">>> ")) {
        expected.append(lines.get(i++)).append('\n');
      }
      cases.add(new Case(input, expected.toString().replaceAll("\\n+$", "")));
    }
    return cases;
  }

  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        char next = raw.charAt(++i);
        out.append(next == 't' ? '\t' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
