package dev.keywarden.admin;

/** The admin API contract on Tomcat 11. */
class TomcatAdminApiTest extends AdminApiContractTest {
  @Override
  String container() {
    return "tomcat";
  }
}
