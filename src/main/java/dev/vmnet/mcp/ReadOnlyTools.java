package dev.vmnet.mcp;

import io.quarkiverse.mcp.server.FilterContext;
import io.quarkiverse.mcp.server.ToolFilter;
import io.quarkiverse.mcp.server.ToolManager;
import jakarta.inject.Singleton;

/** With mcp.read-only, tools that may change something are neither listed nor callable. */
@Singleton
public class ReadOnlyTools implements ToolFilter {

    private final McpConfig config;

    public ReadOnlyTools(McpConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ToolManager.ToolInfo tool, FilterContext context) {
        return !config.readOnly() || tool.annotations().map(ToolManager.ToolAnnotations::readOnlyHint).orElse(false);
    }
}
