package dev.vmnet.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategy;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedField;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The MCP extension writes its protocol types (ToolResponse, TextContent, ...) with the
 * application's ObjectMapper, whose snake_case naming is the REST API's; MCP names fields in
 * camelCase (isError, structuredContent, mimeType), as the extension's Java names are. So the naming
 * strategy leaves the extension's types alone. A mix-in would not do: Jackson keeps one mix-in per
 * class, and the extension's own, {@code @JsonInclude(NON_NULL)}, is what keeps an absent optional
 * field (_meta, annotations) off the wire instead of writing it as null, which MCP clients reject.
 */
@Singleton
public class McpJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        PropertyNamingStrategy rest = mapper.getPropertyNamingStrategy();
        if (rest != null) {
            mapper.setPropertyNamingStrategy(new ExceptMcpTypes(rest));
        }
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY; // after the naming strategy is set
    }

    /** {@code rest} for the application's types, the Java names for the MCP extension's. */
    static final class ExceptMcpTypes extends PropertyNamingStrategy {

        private static final String MCP_PACKAGE = "io.quarkiverse.mcp.";

        private final PropertyNamingStrategy rest;

        ExceptMcpTypes(PropertyNamingStrategy rest) {
            this.rest = rest;
        }

        @Override
        public String nameForField(MapperConfig<?> config, AnnotatedField field, String name) {
            return mcp(field) ? name : rest.nameForField(config, field, name);
        }

        @Override
        public String nameForGetterMethod(MapperConfig<?> config, AnnotatedMethod method, String name) {
            return mcp(method) ? name : rest.nameForGetterMethod(config, method, name);
        }

        @Override
        public String nameForSetterMethod(MapperConfig<?> config, AnnotatedMethod method, String name) {
            return mcp(method) ? name : rest.nameForSetterMethod(config, method, name);
        }

        @Override
        public String nameForConstructorParameter(MapperConfig<?> config, AnnotatedParameter parameter, String name) {
            return mcp(parameter) ? name : rest.nameForConstructorParameter(config, parameter, name);
        }

        private static boolean mcp(AnnotatedMember member) {
            return member.getDeclaringClass().getName().startsWith(MCP_PACKAGE);
        }
    }
}
