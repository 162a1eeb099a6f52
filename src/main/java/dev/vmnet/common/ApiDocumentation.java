package dev.vmnet.common;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header: API key security and the problem responses operations refer to.
 * ApiDocumentationFilter adds the ones every operation has (401, 403, 429).
 */
@OpenAPIDefinition(
        info = @Info(title = "VyOS VM Network Automation API", version = "1.0",
                description = "Internal IPs (static DHCP mappings) and port forwards (NAT destination rules) for "
                        + "virtual machines on a VyOS router. Errors are RFC 9457 problem+json with a stable 'code'."),
        security = {@SecurityRequirement(name = "ApiKey"), @SecurityRequirement(name = "BearerAuth")},
        components = @Components(
                securitySchemes = {
                        @SecurityScheme(securitySchemeName = "ApiKey", type = SecuritySchemeType.APIKEY,
                                in = SecuritySchemeIn.HEADER, apiKeyName = "X-API-Key"),
                        @SecurityScheme(securitySchemeName = "BearerAuth", type = SecuritySchemeType.HTTP,
                                scheme = "bearer", bearerFormat = "JWT", description = "From POST /v1/auth/token")},
                responses = {
                        @APIResponse(name = "BadRequest", responseCode = "400",
                                description = "MALFORMED_JSON: the body is not JSON, or not an object", content = @Content(
                                mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Unauthorized", responseCode = "401",
                                description = "INVALID_API_KEY (\"Invalid or missing API Key\"), EXPIRED_API_KEY, MISSING_JWT, "
                                        + "INVALID_JWT or INVALID_CREDENTIALS", content = @Content(
                                mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Forbidden", responseCode = "403",
                                description = "ADMIN_REQUIRED (\"Admin privileges required\") or READ_ONLY (a viewer tried a change)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "TooManyRequests", responseCode = "429",
                                description = "RATE_LIMIT_EXCEEDED; Retry-After says when to retry",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "NotFound", responseCode = "404",
                                description = "VM_NOT_FOUND or PORT_NOT_FOUND", content = @Content(
                                mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Conflict", responseCode = "409",
                                description = "VM_EXISTS, MAC_IN_USE, VM_BUSY (retry after Retry-After) or NO_RULE_SLOT",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Invalid", responseCode = "422",
                                description = "VALIDATION_FAILED, INVALID_FIELD_TYPE, UNKNOWN_FIELD, INVALID_IP_RANGE, "
                                        + "INVALID_PORT_RANGE, INVALID_MAC, UNKNOWN_PORT, INVALID_LIMIT, INVALID_CURSOR; malformed JSON is 400",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "Exhausted", responseCode = "507",
                                description = "IP_POOL_EXHAUSTED, PORT_POOL_EXHAUSTED or NAT_RULES_EXHAUSTED",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "RouterRejected", responseCode = "502",
                                description = "ROUTER_REJECTED, ROUTER_ERROR or ROUTER_AUTH_FAILED: nothing was changed",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = "RouterUnavailable", responseCode = "503",
                                description = "ROUTER_UNAVAILABLE, ROUTER_BUSY, ALLOCATION_CONTENTION (nothing was changed) "
                                        + "or ROUTER_STATE_UNKNOWN (rolled back automatically once the router answers)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE,
                                        schema = @Schema(implementation = Problem.class)))}))
public class ApiDocumentation extends Application {}
