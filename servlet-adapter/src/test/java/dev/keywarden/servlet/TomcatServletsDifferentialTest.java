package dev.keywarden.servlet;

/** The differential suite against servlet mappings on embedded Tomcat 11. */
class TomcatServletsDifferentialTest extends DifferentialSuiteTest {
  @Override
  String host() {
    return "tomcat-servlets";
  }
}
