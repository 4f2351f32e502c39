package dev.keywarden.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keywarden.Problem;
import dev.keywarden.access.KeywardenConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The config-location file is decoded once, as strict UTF-8, for both the alias scan and the
 * mapper: bytes that one reader refuses and another accepts cannot hide an alias from the scan.
 */
class ConfigFileBytesTest {

  private static Optional<KeywardenConfig> read(byte[] bytes, List<Problem> problems) {
    ByteArrayResource resource = new ByteArrayResource(bytes, "rules.yml") {
      @Override
      public String getFilename() {
        return "rules.yml";
      }
    };
    return ConfigFileReader.read(resource, "keywarden.config-location", problems);
  }

  /** A YAML file with the given bytes in a comment, then a key whose secret is an alias. */
  private static byte[] aliasAfterCommentBytes(String hex) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("# note ".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(HexFormat.of().parseHex(hex));
    out.writeBytes(("\napiKeys:\n  - { secret: *webSecret, clientType: web }\n"
        + "endpoints:\n  - { method: GET, path: /a, public: true, apiKeyRequired: true }\n")
        .getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"eda0bdedb880", "c1a1", "e080e1", "f4908080", "ff", "c3"})
  void bytesThatAreNotUtf8_refuseTheFile_neverBindingTheAlias(String hex) {
    List<Problem> problems = new ArrayList<>();
    assertThat(read(aliasAfterCommentBytes(hex), problems)).isEmpty();
    assertThat(problems).extracting(Problem::toString)
        .containsExactly("keywarden.config-location: the file is not valid UTF-8");
  }

  @Test
  void plainUtf8_theAliasIsRefusedAtItsPlace() {
    List<Problem> problems = new ArrayList<>();
    assertThat(read(aliasAfterCommentBytes("c3a9"), problems)).isEmpty(); // "é", valid UTF-8
    assertThat(problems).singleElement().asString().contains("a YAML alias (*) at line 3");
  }

  @Test
  void aByteOrderMark_isReadAsUtf8() {
    List<Problem> problems = new ArrayList<>();
    byte[] bytes = ("\uFEFFapiKeys:\n  - { secret: bom-key-0001, clientType: web }\n").getBytes(StandardCharsets.UTF_8);
    assertThat(read(bytes, problems)).hasValueSatisfying(config ->
        assertThat(config.apiKeys()).singleElement().satisfies(key -> assertThat(key.secret()).isEqualTo("bom-key-0001")));
    assertThat(problems).isEmpty();
  }

  @Test
  void aFileTooLongForTheScan_isRefused() {
    String padding = "# " + "x".repeat(3 * 1024 * 1024 + 10) + "\n";
    byte[] bytes = (padding + "apiKeys:\n  - { secret: *webSecret, clientType: web }\n").getBytes(StandardCharsets.US_ASCII);
    List<Problem> problems = new ArrayList<>();
    assertThat(read(bytes, problems)).isEmpty();
    assertThat(problems).singleElement().asString().contains("malformed YAML");
  }
}
