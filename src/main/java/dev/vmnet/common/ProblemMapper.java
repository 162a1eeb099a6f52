package dev.vmnet.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP: every error leaves as RFC 9457 problem+json with a
 * stable {@code code}. Client mistakes are 4xx; anything unexpected is a 500 that carries a
 * reference to the log line, never a stack trace or class name.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder response = problem(e.status(), e.detail(), e.code(), null);
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response validation(ResteasyReactiveViolationException e) {
        return violations(e);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        return violations(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return problem(400, "Malformed JSON body: " + e.getOriginalMessage(), "MALFORMED_JSON", null).build();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        String field = fieldPath(e);
        return problem(422, "Unknown field '" + field + "'", "UNKNOWN_FIELD",
                List.of(new Problem.FieldError(field, "unknown field"))).build();
    }

    @ServerExceptionMapper
    public Response wrongValue(InvalidFormatException e) {
        return wrongType(e);
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = fieldPath(e);
        if (field.isEmpty()) {
            return problem(400, "Request body must be a JSON object", "MALFORMED_JSON", null).build();
        }
        return response(invalidFieldType(field, e.getTargetType()));
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e) {
        return problem(400, "Request body could not be read as JSON", "MALFORMED_JSON", null).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return malformedJson(parse);
            }
        }
        if (status >= 500) {
            return unexpected(e);
        }
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "BAD_REQUEST";
        };
        String detail = switch (status) {
            case 404 -> "Resource not found";
            case 415 -> "Content-Type must be application/json";
            default -> Response.Status.fromStatusCode(status) == null
                    ? "Request rejected" : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
        return problem(status, detail, code, null).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        return response(problemOf(e));
    }

    /**
     * The problem a failure answers outside a request too (an asynchronous change): an
     * ApiException's own, anything else a 500 whose reference points to the logged stack trace.
     */
    public static Problem problemOf(Throwable e) {
        if (e instanceof ApiException api) {
            return problemOf(api.status(), api.detail(), api.code(), null);
        }
        if (e instanceof ConstraintViolationException violations) {
            return violationsProblem(violations);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        return problemOf(500, "An unexpected error occurred: reference " + reference, "INTERNAL_ERROR", null);
    }

    public static Response.ResponseBuilder problem(int status, String detail, String code, List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problemOf(status, detail, code, errors));
    }

    private static Problem problemOf(int status, String detail, String code, List<Problem.FieldError> errors) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : status == 507 ? "Insufficient Storage"
                : status == 422 ? "Unprocessable Content" : "Error";
        return new Problem(title, status, detail, code, errors);
    }

    private static Response violations(ConstraintViolationException e) {
        return response(violationsProblem(e));
    }

    private static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Problem violationsProblem(ConstraintViolationException e) {
        return validationFailed(e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList());
    }

    private static Problem validationFailed(List<Problem.FieldError> errors) {
        String detail = errors.stream()
                .map(f -> f.field().isEmpty() ? f.message() : f.field() + ": " + f.message())
                .collect(Collectors.joining("; "));
        return problemOf(422, detail, "VALIDATION_FAILED", errors);
    }

    /** A required field left out: what the request records' {@code @NotNull(message = "is required")} answer. */
    public static Problem missingField(String field) {
        return validationFailed(List.of(new Problem.FieldError(field, "is required")));
    }

    /** A field whose value is not of its type: a string for an integer, an unknown enum constant. */
    public static Problem invalidFieldType(String field, Class<?> type) {
        String message = "must be " + describe(type);
        return problemOf(422, "Field '" + field + "' " + message, "INVALID_FIELD_TYPE",
                List.of(new Problem.FieldError(field, message)));
    }

    /** Turns "provision.request.ipRange.start" into the JSON name the caller sent: "ip_range.start". */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<String> nodes = new ArrayList<>();
        boolean methodParameter = false;
        for (Path.Node node : violation.getPropertyPath()) {
            methodParameter |= node.getKind() == ElementKind.METHOD;
            if (node.getName() != null) {
                nodes.add(Naming.snakeCase(node.getName()));
            }
        }
        if (!methodParameter) { // an object validated directly: the path is its fields
            return String.join(".", nodes);
        }
        // drop the method name and the parameter name of a request body
        List<String> field = nodes.size() > 2 ? nodes.subList(2, nodes.size()) : nodes.subList(nodes.size() - 1, nodes.size());
        return String.join(".", field);
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString()).collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
