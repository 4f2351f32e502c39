package dev.keywarden.servlet;

/** The differential suite against servlet mappings on embedded Jetty 12 with UriCompliance.UNSAFE and ambiguous URIs decoded (the container refuses almost nothing). */
class JettyUnsafeUriServletsDifferentialTest extends DifferentialSuiteTest {
  @Override
  String host() {
    return "jetty-servlets-unsafe-uri";
  }
}
