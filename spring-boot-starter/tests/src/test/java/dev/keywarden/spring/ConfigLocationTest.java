package dev.keywarden.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.keywarden.InvalidConfigurationException;
import dev.keywarden.Problem;
import dev.keywarden.access.EndpointDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.support.GenericWebApplicationContext;

/**
 * {@code keywarden.config-location} is a file path, absolute or relative to the working directory,
 * unless it has a resource prefix ({@code classpath:}, {@code file:}, a URL). A web application's
 * own loader would read a bare path inside the servlet context: the tests load through one.
 */
class ConfigLocationTest {
  private static final String RULES = """
      { "endpoints": [ { "method": "GET", "path": "/from-file/**", "public": true } ] }
      """;

  @TempDir
  Path directory;

  /** Under the working directory (in Maven's target when there is one), for relative paths; removed after each test. */
  Path local;

  GenericWebApplicationContext web;

  @BeforeEach
  void setUp() throws IOException {
    Path target = Path.of("target").toAbsolutePath();
    local = Files.createTempDirectory(Files.isDirectory(target) ? target : target.getParent(), "config-location-test");
    web = new GenericWebApplicationContext(new MockServletContext(new DefaultResourceLoader()));
  }

  @AfterEach
  void tearDown() throws IOException {
    try (var files = Files.walk(local)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  @Test
  void resolve_absolutePath_readsTheFile() throws IOException {
    Path file = Files.writeString(directory.resolve("good.json"), RULES);

    assertThat(paths(resolve(file.toString(), web))).containsExactly("/from-file/**");
  }

  @Test
  void resolve_relativePath_readsTheFileUnderTheWorkingDirectory() throws IOException {
    Files.createDirectories(local.resolve("cfg"));
    Files.writeString(local.resolve("cfg/rules.yml"), "endpoints:\n  - { path: /from-yaml, public: true }\n");
    String relative = Path.of("").toAbsolutePath().relativize(local.resolve("cfg/rules.yml")).toString();
    assertThat(Path.of(relative).isAbsolute()).isFalse();

    assertThat(paths(resolve(relative, web))).containsExactly("/from-yaml");
  }

  @Test
  void resolve_fileUrl_isStillASpringResource() throws IOException {
    Path file = Files.writeString(directory.resolve("good.json"), RULES);

    assertThat(paths(resolve(file.toUri().toString(), web))).containsExactly("/from-file/**");
    assertThat(paths(resolve("file:" + file, web))).containsExactly("/from-file/**");
  }

  @Test
  void resolve_classpathLocation_isStillASpringResource() {
    assertThat(paths(resolve("classpath:keywarden-rules.yml", web)))
        .containsExactly("/api/orders/**", "/api/admin/**", "/actuator/**");
  }

  @Test
  void resolve_blankLocation_meansNoFile() {
    assertThat(paths(resolve("  ", web))).isEmpty();
  }

  @Test
  void resolve_missingRelativePath_namesTheAbsolutePathLookedFor() {
    Path expected = Path.of("").toAbsolutePath().resolve("cfg/typo.json");

    Problem problem = failure("cfg/typo.json");

    assertThat(problem.location()).isEqualTo("keywarden.config-location (file [" + expected + "])");
    assertThat(problem.message()).isEqualTo("the file does not exist");
    assertThat(problem.location()).doesNotContain("ServletContext");
  }

  @Test
  void resolve_missingAbsolutePath_namesIt() {
    Path missing = directory.resolve("x/../missing.json");

    assertThat(failure(missing.toString()).location())
        .isEqualTo("keywarden.config-location (file [" + directory.resolve("missing.json") + "])");
  }

  @Test
  void resolve_missingRelativeFileUrl_namesTheAbsolutePathLookedFor() {
    Path expected = Path.of("").toAbsolutePath().resolve("cfg/typo.json");

    assertThat(failure("file:cfg/typo.json").message())
        .isEqualTo("the file does not exist (looked for " + expected + ")");
  }

  @Test
  void resolve_missingClasspathResource_saysSo() {
    Problem problem = failure("classpath:no-such-file.yml");

    assertThat(problem.location()).isEqualTo("keywarden.config-location (class path resource [no-such-file.yml])");
    assertThat(problem.message()).isEqualTo("the file does not exist");
  }

  private static ResolvedConfiguration resolve(String location, ResourceLoader loader) {
    KeywardenProperties properties = new KeywardenProperties();
    properties.setConfigLocation(location);
    return ConfigurationResolver.resolve(properties, loader);
  }

  private static java.util.List<String> paths(ResolvedConfiguration resolved) {
    return resolved.config().endpoints().stream().map(EndpointDefinition::path).toList();
  }

  private Problem failure(String location) {
    InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
        () -> resolve(location, web));
    assertThat(e).as("the configuration is refused").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }
}
