package dev.keywarden.expression;

import java.util.Arrays;

/**
 * Generation and validation measured separately, per expression, on many distinct cold classes:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.keywarden.expression.CompileCost [count]}.
 * Prints the medians for rules S, L and X14 of {@link CompileCostBenchmark}.
 */
public final class CompileCost {
  private CompileCost() {}

  public static void main(String[] args) throws Throwable {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    for (String rule : new String[] {"S", "L", "X14"}) {
      String text = switch (rule) {
        case "S" -> CompileCostBenchmark.S;
        case "L" -> CompileCostBenchmark.L;
        default -> CompileCostBenchmark.X14;
      };
      long[] generate = new long[count];
      long[] validate = new long[count];
      TranslationValidator.Outcome outcome = null;
      for (int i = 0; i < count; i++) {
        Node root = Parser.parse(text.replace("groups.admin", "groups.admin" + i), ExpressionLimits.DEFAULT);
        Compiled tree = Compiled.compile(root);
        long start = System.nanoTime();
        Compiled generated = BytecodeCompiler.compile(root);
        long generatedAt = System.nanoTime();
        outcome = TranslationValidator.validate(root, tree, generated);
        long validatedAt = System.nanoTime();
        if (!outcome.agreed()) {
          throw new IllegalStateException(outcome.toString());
        }
        generate[i] = generatedAt - start;
        validate[i] = validatedAt - generatedAt;
      }
      Arrays.sort(generate);
      Arrays.sort(validate);
      System.out.printf("rule %-3s: %,d of %,d assignments checked (%s); per expression, median of %d: "
              + "generate and define %,d us, validate %,d us%n", rule, outcome.checked(), outcome.assignments(),
          outcome.exhaustive() ? "exhaustive" : "corner cases and sample", count, generate[count / 2] / 1_000,
          validate[count / 2] / 1_000);
    }
  }
}
