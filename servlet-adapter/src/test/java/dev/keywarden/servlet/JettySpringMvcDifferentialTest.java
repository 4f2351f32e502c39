package dev.keywarden.servlet;

/** The differential suite against a Spring MVC application on embedded Jetty 12 (ee10). */
class JettySpringMvcDifferentialTest extends DifferentialSuiteTest {
  @Override
  String host() {
    return "jetty-spring-mvc";
  }
}
