package dev.vmnet.common;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * What holds for every operation, so that endpoints added later are documented like the others
 * and generated clients can read every answer, applied when the document is built:
 * <ul>
 * <li>every operation may answer 429 (the rate limiter runs before any endpoint, with or without
 * credentials); every protected one (any but those marked public by an empty security
 * requirement) 401 and 403;</li>
 * <li>an error declared without a body answers problem+json (the 400 the scanner adds to
 * operations with a body is MALFORMED_JSON);</li>
 * <li>a header or parameter without a schema is a string (openapi-generator logs an error for it);</li>
 * <li>a $ref carries no type beside it.</li>
 * </ul>
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocumentationFilter implements OASFilter {

    /** Spec 004's paths answer errors as {"status": "error", "error": {code, message, details}}, not problem+json. */
    static final String ENVELOPE_PATHS = "/api/v1/";
    static final String ENVELOPE_ERROR = "VBoxError";

    @Override
    public void filterOpenAPI(OpenAPI document) {
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> complete(operation, path.startsWith(ENVELOPE_PATHS))));
        document.getComponents().addSchema(ENVELOPE_ERROR, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("Spec 004's error answer (the paths under /api/v1)")
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.STRING).addExample("error"))
                .addProperty("error", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                        .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING).addExample("vm_not_found"))
                        .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                                .addExample("The specified VM was not found"))
                        .addProperty("details", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                                .additionalPropertiesBoolean(true))));
    }

    /** The scanner writes a field's type beside its $ref, which generators drop with a warning each. */
    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getRef() != null) {
            schema.setType(null);
        }
        return schema;
    }

    private static void complete(Operation operation, boolean envelope) {
        APIResponses responses = operation.getResponses();
        if (envelope) {
            if (!responses.hasAPIResponse("429")) {
                responses.addAPIResponse("429", OASFactory.createAPIResponse().description("rate_limited"));
            }
        } else {
            if (!isPublic(operation)) {
                addIfAbsent(responses, "401", "Unauthorized");
                addIfAbsent(responses, "403", "Forbidden");
            }
            addIfAbsent(responses, "429", "TooManyRequests");
            APIResponse badRequest = responses.getAPIResponse("400");
            if (badRequest != null && badRequest.getRef() == null && badRequest.getContent() == null) {
                responses.addAPIResponse("400", OASFactory.createAPIResponse().ref("BadRequest"));
            }
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.matches("[45]\\d\\d") && response.getRef() == null && response.getContent() == null) {
                response.setContent(envelope
                        ? OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ENVELOPE_ERROR)))
                        : OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
            }
            headers(response.getHeaders()).filter(header -> header.getRef() == null && header.getContent() == null)
                    .forEach(header -> header.setSchema(stringIfAbsent(header.getSchema())));
        });
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(parameter -> parameter.getRef() == null && parameter.getContent() == null)
                    .forEach(parameter -> parameter.setSchema(stringIfAbsent(parameter.getSchema())));
        }
    }

    /** An operation marked {@code security: [{}]} (@SecurityRequirementsSet with none) needs no credentials. */
    private static boolean isPublic(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && !security.isEmpty()
                && security.stream().allMatch(requirement -> requirement.getSchemes() == null || requirement.getSchemes().isEmpty());
    }

    private static void addIfAbsent(APIResponses responses, String status, String component) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }

    private static Stream<Header> headers(Map<String, Header> headers) {
        return headers == null ? Stream.empty() : headers.values().stream();
    }

    private static Schema stringIfAbsent(Schema schema) {
        return schema != null ? schema : OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }
}
