package dev.keywarden.servlet;

/** The differential suite against servlet mappings on embedded Jetty 12 (ee10). */
class JettyServletsDifferentialTest extends DifferentialSuiteTest {
  @Override
  String host() {
    return "jetty-servlets";
  }
}
