package dev.keywarden.servlet;

/** The differential suite against servlet mappings on embedded Tomcat 11 with backslashes allowed and encoded slashes and backslashes decoded. */
class TomcatRelaxedServletsDifferentialTest extends DifferentialSuiteTest {
  @Override
  String host() {
    return "tomcat-servlets-relaxed";
  }
}
