package dev.keywarden.expression;

/**
 * The superclass of the classes {@link BytecodeCompiler} generates: they implement only
 * {@link #test}; values come from it, since generated code is used in truthiness contexts only.
 */
abstract class GeneratedBase extends Compiled {
  /** Subtrees the generated code calls into (general equality comparisons). */
  final Compiled[] fallbacks;

  GeneratedBase(Compiled[] fallbacks) {
    this.fallbacks = fallbacks;
  }

  @Override
  final Object value(Subject subject) {
    return test(subject) ? Boolean.TRUE : Boolean.FALSE;
  }

  /** Used by generated code for a bare {@code clientType} in a truthiness context. */
  static boolean present(String clientType) {
    return clientType != null && !clientType.isEmpty();
  }
}
