package dev.vmnet.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The MCP extension writes tool results with the application's ObjectMapper, whose snake_case
 * naming is the REST API's; MCP's own fields (isError, structuredContent) are camelCase.
 */
@Singleton
public class McpJson implements ObjectMapperCustomizer {

    @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
    private abstract static class CamelCase {}

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(ToolResponse.class, CamelCase.class);
        mapper.addMixIn(TextContent.class, CamelCase.class);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // after the naming strategy is set
    }
}
