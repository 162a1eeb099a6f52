package dev.vmnet.mcp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The MCP server at /mcp. */
@ConfigMapping(prefix = "mcp")
public interface McpConfig {

    /** Serve only the tools that change nothing (MCP_READ_ONLY): an agent can look but not act. */
    @WithDefault("false")
    boolean readOnly();
}
