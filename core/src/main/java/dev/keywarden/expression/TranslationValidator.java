package dev.keywarden.expression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Checks generated code against the tree evaluator on assignments of the expression's atoms.
 *
 * <p>Design note. An expression reads the subject only through {@code hasGroup} and
 * {@code hasPermission} of the names it mentions, {@code clientType()} and {@code isBackoffice()}.
 * A client type matters only through truthiness and strict equality with the expression's string
 * literals, so its values fall into the classes absent, empty, each literal, and any other string.
 * Two subjects that agree on all atoms therefore get the same answer from either evaluator, and
 * checking every assignment of the atoms is a proof of equivalence for every subject. That costs
 * {@code 2^(groups + permissions) * (literals + 3) * 2} evaluations; up to
 * {@value #EXHAUSTIVE_LIMIT} assignments are all checked (a rule with ten names, four client
 * types and the back-office flag is 2^10 * 7 * 2 = 14,336); beyond, a fixed set of corner cases
 * (all in, all out, each atom alone in or alone out) plus a seeded random sample of
 * {@value #SAMPLE} assignments, which is evidence rather than proof and is reported as such.
 */
final class TranslationValidator {
  /** Exhaustive up to this many assignments. */
  static final int EXHAUSTIVE_LIMIT = 1 << 14;
  /** Random assignments checked beyond the exhaustive limit. */
  static final int SAMPLE = 1 << 12;
  /** Up to this many names, beyond the exhaustive limit, each one alone in and alone out is checked. */
  static final int MAX_CORNER_NAMES = 256;

  private TranslationValidator() {}

  /**
   * The outcome: {@code counterexample} is {@code null} when the evaluators agreed on every
   * assignment checked.
   */
  record Outcome(long checked, long assignments, boolean exhaustive, String counterexample) {
    boolean agreed() {
      return counterexample == null;
    }
  }

  static Outcome validate(Node root, Compiled tree, Compiled generated) {
    Atoms atoms = Atoms.of(root);
    Assignment subject = new Assignment(atoms);
    int names = subject.in.length;
    int clientTypes = subject.clientTypes.length;
    // 2^names * clientTypes * 2, saturating: names can be in the thousands.
    long assignments = names >= 40 ? Long.MAX_VALUE : (1L << names) * clientTypes * 2;
    return assignments <= EXHAUSTIVE_LIMIT
        ? exhaustive(subject, tree, generated, assignments)
        : cornersAndSample(subject, tree, generated, assignments);
  }

  /** Every assignment of the atoms. */
  private static Outcome exhaustive(Assignment subject, Compiled tree, Compiled generated, long assignments) {
    int names = subject.in.length;
    int clientTypes = subject.clientTypes.length;
    long checked = 0;
    for (long mask = 0; mask < 1L << names; mask++) {
      for (int bit = 0; bit < names; bit++) {
        subject.in[bit] = (mask >>> bit & 1) != 0;
      }
      String failure = allClientTypesAndBackoffice(subject, tree, generated);
      checked += clientTypes * 2L;
      if (failure != null) {
        return new Outcome(checked, assignments, true, failure);
      }
    }
    return new Outcome(checked, assignments, true, null);
  }

  /** Too many assignments to try them all: corner cases, then a seeded sample. */
  private static Outcome cornersAndSample(Assignment subject, Compiled tree, Compiled generated, long assignments) {
    int names = subject.in.length;
    int clientTypes = subject.clientTypes.length;
    long checked = 0;
    // Corner cases: all out, all in, each atom alone in, each atom alone out (the last two only up
    // to MAX_CORNER_NAMES names: their cost grows with the square of the expression's size).
    int patterns = names <= MAX_CORNER_NAMES ? 2 + 2 * names : 2;
    for (int pattern = 0; pattern < patterns; pattern++) {
      for (int bit = 0; bit < names; bit++) {
        subject.in[bit] = pattern == 1 || pattern >= 2 && (bit == (pattern - 2) / 2) == (pattern % 2 == 0);
      }
      String failure = allClientTypesAndBackoffice(subject, tree, generated);
      checked += clientTypes * 2L;
      if (failure != null) {
        return new Outcome(checked, assignments, false, failure);
      }
    }
    Random random = new Random(0x5eed_c0deL ^ names);
    for (int n = 0; n < SAMPLE; n++) {
      for (int bit = 0; bit < names; bit++) {
        subject.in[bit] = random.nextBoolean();
      }
      subject.clientType = subject.clientTypes[random.nextInt(clientTypes)];
      subject.backoffice = random.nextBoolean();
      checked++;
      if (tree.test(subject) != generated.test(subject)) {
        return new Outcome(checked, assignments, false, subject.toString());
      }
    }
    return new Outcome(checked, assignments, false, null);
  }

  private static String allClientTypesAndBackoffice(Assignment subject, Compiled tree, Compiled generated) {
    for (String clientType : subject.clientTypes) {
      subject.clientType = clientType;
      for (int backoffice = 0; backoffice < 2; backoffice++) {
        subject.backoffice = backoffice == 1;
        if (tree.test(subject) != generated.test(subject)) {
          return subject.toString();
        }
      }
    }
    return null;
  }

  /** A mutable subject over the atoms: one flag per mentioned group and permission. */
  private static final class Assignment implements Subject {
    final Map<String, Integer> groups = new HashMap<>();
    final Map<String, Integer> permissions = new HashMap<>();
    final boolean[] in;
    final String[] clientTypes;
    String clientType;
    boolean backoffice;

    Assignment(Atoms atoms) {
      int index = 0;
      for (String group : atoms.groups) {
        groups.put(group, index++);
      }
      for (String permission : atoms.permissions) {
        permissions.put(permission, index++);
      }
      in = new boolean[index];
      List<String> types = new ArrayList<>();
      types.add(null);
      types.add("");
      for (String literal : atoms.strings) {
        if (!literal.isEmpty()) {
          types.add(literal);
        }
      }
      String other = "other";
      while (atoms.strings.contains(other)) {
        other += "'";
      }
      types.add(other);
      clientTypes = types.toArray(new String[0]);
    }

    @Override
    public boolean hasGroup(String group) {
      Integer index = groups.get(group);
      return index != null && in[index];
    }

    @Override
    public boolean hasPermission(String permission) {
      Integer index = permissions.get(permission);
      return index != null && in[index];
    }

    @Override
    public String clientType() {
      return clientType;
    }

    @Override
    public boolean isBackoffice() {
      return backoffice;
    }

    @Override
    public String toString() {
      List<String> inGroups = new ArrayList<>();
      groups.forEach((name, index) -> {
        if (in[index]) {
          inGroups.add(name);
        }
      });
      List<String> inPermissions = new ArrayList<>();
      permissions.forEach((name, index) -> {
        if (in[index]) {
          inPermissions.add(name);
        }
      });
      return "groups " + inGroups + ", permissions " + inPermissions + ", clientType "
          + (clientType == null ? "absent" : Printer.quote(clientType)) + ", backoffice " + backoffice;
    }
  }
}
