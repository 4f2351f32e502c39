package dev.keywarden.spring;

import dev.keywarden.access.DenyCode;
import dev.keywarden.access.EndpointRule;
import dev.keywarden.access.KeywardenConfig;
import dev.keywarden.extract.KeyExtractor;
import java.util.Map;

/**
 * The {@code keywarden.*} properties (and the file they name) once validated: everything the
 * auto-configuration builds the guard and the filter from.
 *
 * @param config the keys and endpoint rules, file entries first
 * @param defaultRule the default rule, or {@code null}
 * @param extractor the key extractor
 * @param statuses the status overrides
 * @param realm the realm
 */
record ResolvedConfiguration(KeywardenConfig config, EndpointRule defaultRule, KeyExtractor extractor,
    Map<DenyCode, Integer> statuses, String realm) {}
