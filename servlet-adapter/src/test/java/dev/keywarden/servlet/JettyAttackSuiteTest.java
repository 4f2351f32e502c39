package dev.keywarden.servlet;

/** The attack suite on embedded Jetty 12 (ee10). */
class JettyAttackSuiteTest extends AttackSuiteTest {
  @Override
  String kind() {
    return "jetty";
  }
}
