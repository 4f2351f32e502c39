package dev.keywarden.expression;

/**
 * When expressions are compiled to validated bytecode; see {@link GroupExpression#compile()}.
 * Compilation never happens on a request thread: until it is done, an expression runs on the
 * tree evaluator, which gives the same answers.
 */
public enum CompileMode {
  /** Compile while the guard is built, before it answers any request (the default). */
  EAGER,
  /** Compile on a background daemon thread after the guard is built; the guard is usable at once. */
  LAZY,
  /** Never compile: every expression runs on the tree evaluator. */
  OFF
}
