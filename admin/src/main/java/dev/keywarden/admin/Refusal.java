package dev.keywarden.admin;

import java.util.List;

/**
 * A request the admin servlet refuses, with the problem+json it answers with. Thrown where the
 * problem is found (deep inside body parsing, say) and written in one place, {@link AdminServlet}.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final String title;
  final transient List<String> errors;

  Refusal(int status, String code, String title, String detail) {
    this(status, code, title, detail, List.of());
  }

  Refusal(int status, String code, String title, String detail, List<String> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  static Refusal badRequest(String detail) {
    return new Refusal(400, "invalid-request", "Invalid request", detail);
  }

  static Refusal invalidKey(List<String> problems) {
    return new Refusal(400, "invalid-key", "Invalid key", String.join("; ", problems), problems);
  }

  static Refusal notFound(String detail) {
    return new Refusal(404, "not-found", "Not found", detail);
  }
}
