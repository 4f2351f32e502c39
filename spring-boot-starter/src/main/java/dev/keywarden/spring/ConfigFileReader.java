package dev.keywarden.spring;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keywarden.Problem;
import dev.keywarden.access.KeywardenConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ResourceUtils;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Reads the file named by {@code keywarden.config-location} with a mapper of its own, strict
 * whatever the host's {@code ObjectMapper} settings are: unknown fields, duplicate fields and
 * wrong types are problems. Messages name the place (field path, line and column) but never
 * echo a value, since the file may hold secrets.
 */
final class ConfigFileReader {
  private static final ObjectMapper JSON = strict(new ObjectMapper());
  private static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()));

  private ConfigFileReader() {}

  private static ObjectMapper strict(ObjectMapper mapper) {
    return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * The file {@code location} names. With a resource prefix ({@code classpath:}, {@code file:}, a URL)
   * the application's loader finds it; without one it is a file path, relative to the working
   * directory, as {@code spring.config.location} and {@code logging.config} read theirs. The web
   * application's loader alone would look for a bare path inside the servlet context instead.
   */
  static Resource locate(String location, ResourceLoader loader) {
    if (ResourceUtils.isUrl(location)) {
      return loader.getResource(location);
    }
    try {
      return new FileSystemResource(Path.of(location).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      // Not a path on this system either: the loader's resource will say it does not exist.
      return loader.getResource(location);
    }
  }

  static Optional<KeywardenConfig> read(Resource resource, String where, List<Problem> problems) {
    String name = resource.getFilename() == null ? "" : resource.getFilename().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yml") || name.endsWith(".yaml") ? YAML : JSON;
    if (!resource.exists()) {
      problems.add(new Problem(where, "the file does not exist" + lookedFor(resource)));
      return Optional.empty();
    }
    try (InputStream in = resource.getInputStream()) {
      // One strict decoding, read by both the alias scan and the mapper: were each to decode the
      // bytes its own way, a byte sequence one rejects and the other accepts could hide an alias.
      Optional<String> text = strictUtf8(in.readAllBytes());
      if (text.isEmpty()) {
        problems.add(new Problem(where, "the file is not valid UTF-8"));
        return Optional.empty();
      }
      Optional<String> reference = mapper == YAML ? anchorOrAlias(text.get()) : Optional.empty();
      if (reference.isPresent()) {
        problems.add(new Problem(where, reference.get()));
        return Optional.empty();
      }
      KeywardenConfig config = mapper.readValue(text.get(), KeywardenConfig.class);
      if (config == null) {
        problems.add(new Problem(where, "the file is empty"));
        return Optional.empty();
      }
      return Optional.of(config);
    } catch (JsonProcessingException e) {
      problems.add(new Problem(where, describe(e)));
      return Optional.empty();
    } catch (IOException e) {
      problems.add(new Problem(where, "cannot be read (" + e.getClass().getSimpleName() + ")"));
      return Optional.empty();
    }
  }

  /**
   * The absolute path of a missing file when the resource's description does not show it already
   * ({@code file:config/x.yml} is described as written): the user must see where it was looked for.
   */
  private static String lookedFor(Resource resource) {
    if (resource instanceof FileSystemResource || !resource.isFile()) {
      return "";
    }
    try {
      return " (looked for " + resource.getFile().toPath().toAbsolutePath().normalize() + ")";
    } catch (IOException | InvalidPathException e) {
      return "";
    }
  }

  /**
   * The first YAML anchor ({@code &name}) or alias ({@code *name}) of the file, described by its
   * place but not its name. Jackson does not resolve an alias to a scalar: it reads
   * {@code secret: *webSecret} as the text {@code webSecret}, a guessable working key, and an
   * alias to no anchor the same way (external finding). The file takes neither; a quoted
   * {@code "*text"} is plain text. SnakeYAML's events, as Jackson's parser reads them, show both
   * (Jackson's tokens hide a scalar's anchor). YAML this scan cannot read is refused as malformed.
   */
  private static Optional<String> anchorOrAlias(String text) {
    try {
      for (Event event : new Yaml().parse(new StringReader(text))) {
        boolean alias = event instanceof AliasEvent;
        if (alias || event instanceof NodeEvent node && node.getAnchor() != null) {
          Mark mark = event.getStartMark();
          return Optional.of("a YAML " + (alias ? "alias (*)" : "anchor (&)") + " at line " + (mark.getLine() + 1)
              + ", column " + (mark.getColumn() + 1) + ", which the Keywarden file does not take (an alias would "
              + "be read as its name, not the value it refers to); write the value out, quoted if it starts with "
              + "* or &");
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      // Refused, not left to the mapper: what this scan cannot read it cannot clear of aliases.
      return Optional.of("malformed YAML" + (mark == null ? ""
          : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")"));
    } catch (YAMLException e) {
      return Optional.of("malformed YAML");
    }
    return Optional.empty();
  }

  /** The file's text, read as strict UTF-8 without a leading byte order mark, or empty if it is not UTF-8. */
  private static Optional<String> strictUtf8(byte[] content) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
      return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String describe(JsonProcessingException e) {
    String at = at(e.getLocation());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamReadException syntax) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
            ? path(mapping) + ": "
            : "";
        return where + "malformed " + (syntax.getClass().getName().contains("yaml") ? "YAML" : "JSON")
            + at(syntax.getLocation());
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return path(unknown) + ": unknown field " + PropertyText.quote(unknown.getPropertyName())
          + "; expected one of " + unknown.getKnownPropertyIds() + at;
    }
    if (e instanceof ValueInstantiationException refused && refused.getCause() instanceof IllegalArgumentException why
        && refused.getType() != null && refused.getType().getRawClass().getName().startsWith("dev.keywarden.")) {
      // The model refused a value and said why without showing it ("an API key must be an object ...").
      return path(refused) + ": " + why.getMessage() + at;
    }
    if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      MismatchedInputException mismatch = (MismatchedInputException) e;
      String type = mismatch.getTargetType() == null ? "another type" : mismatch.getTargetType().getSimpleName();
      return path(mismatch) + ": wrong type, expected " + type + at;
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return path(mapping) + ": cannot be bound" + at;
    }
    return "cannot be read" + at;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(top level)" : path.toString();
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
