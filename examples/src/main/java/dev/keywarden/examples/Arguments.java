package dev.keywarden.examples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small strict parser for {@code --name value} and {@code --flag} options. */
final class Arguments {
  final List<String> positional = new ArrayList<>();
  final Map<String, String> options = new HashMap<>();

  private Arguments() {}

  /** Thrown for a command line that cannot be understood. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static Arguments parse(String[] args, Set<String> valued, Set<String> flags) throws UsageException {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        if (flags.contains(arg)) {
          parsed.options.put(arg, "true");
        } else if (valued.contains(arg)) {
          if (i + 1 >= args.length) {
            throw new UsageException("option " + arg + " needs a value");
          }
          if (parsed.options.put(arg, args[++i]) != null) {
            throw new UsageException("option " + arg + " is given twice");
          }
        } else {
          throw new UsageException("unknown option " + arg);
        }
      } else {
        parsed.positional.add(arg);
      }
    }
    return parsed;
  }

  String option(String name) {
    return options.get(name);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }
}
