package dev.keywarden.servlet;

/** The attack suite on embedded Tomcat 11. */
class TomcatAttackSuiteTest extends AttackSuiteTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
