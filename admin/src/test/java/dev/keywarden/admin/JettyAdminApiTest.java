package dev.keywarden.admin;

/** The admin API contract on Jetty 12 (ee10). */
class JettyAdminApiTest extends AdminApiContractTest {
  @Override
  String container() {
    return "jetty";
  }
}
