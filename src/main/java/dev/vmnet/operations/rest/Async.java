package dev.vmnet.operations.rest;

import dev.vmnet.identity.Caller;
import dev.vmnet.operations.OperationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.function.Supplier;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * "Prefer: respond-async" (RFC 7240) on a change: answer 202 with the operation and its Location
 * at once, and run the change in the background. Input is validated before this point either way,
 * so a bad request is still refused synchronously.
 */
@ApplicationScoped
public class Async {

    public static final String PREFER_DESCRIPTION = "respond-async: answer 202 at once, with a Location where the "
            + "change's state (pending, applied, failed with the reason) can be read";

    private final OperationService operations;

    public Async(OperationService operations) {
        this.operations = operations;
    }

    @SuppressWarnings("unchecked")
    public <T> Uni<RestResponse<Object>> respond(String prefer, Caller caller, String kind, String target,
            Supplier<Uni<RestResponse<T>>> change) {
        if (!requested(prefer)) {
            return change.get().map(response -> (RestResponse<Object>) response);
        }
        return operations.start(caller, kind, target, () -> change.get().map(RestResponse::getEntity))
                .map(operation -> RestResponse.ResponseBuilder.<Object>create(RestResponse.Status.ACCEPTED, operation)
                        .location(URI.create("/v1/operations/" + operation.id()))
                        .header("Preference-Applied", "respond-async")
                        .build());
    }

    /** Whether one of the header's preferences is respond-async (parameters and case ignored). */
    static boolean requested(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            if (preference.split(";", 2)[0].trim().equalsIgnoreCase("respond-async")) {
                return true;
            }
        }
        return false;
    }

}
