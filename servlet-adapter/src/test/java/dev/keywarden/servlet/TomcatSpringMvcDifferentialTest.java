package dev.keywarden.servlet;

/** The differential suite against a Spring MVC application on embedded Tomcat 11. */
class TomcatSpringMvcDifferentialTest extends DifferentialSuiteTest {
  @Override
  String host() {
    return "tomcat-spring-mvc";
  }
}
