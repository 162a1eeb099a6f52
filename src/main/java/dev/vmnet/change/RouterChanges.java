package dev.vmnet.change;

import dev.vmnet.router.RouterException;
import dev.vmnet.router.RouterWriter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * How a change of one row-backed router resource (a DHCP pool, a VPN) is applied and settled.
 * This is where its compensation happens: when the router did not take the change, {@code
 * restore} puts the row back at once; when its outcome is unknown (the router stopped answering)
 * or the row could not be written, {@link Recovery} rolls it back through the kind's {@link
 * RecoverableKind} as soon as the router answers. The caller gets the failure either way.
 */
@ApplicationScoped
public class RouterChanges {

    private final Recovery recovery;
    private final ChangeConfig config;

    public RouterChanges(Recovery recovery, ChangeConfig config) {
        this.recovery = recovery;
        this.config = config;
    }

    /** Applies {@code before} → {@code after} of {@code part} with the announced batch {@code coming}, then {@code confirm}s the row. */
    public <S> Uni<Void> apply(RouterWriter.Expected coming, RouterWriter.Part<S> part, S before, S after, RecoverableKind kind,
            long id, String name, Supplier<Uni<?>> restore, Supplier<Uni<?>> confirm) {
        Runnable track = () -> recovery.track(kind, id, name);
        return coming.apply(part, before, after, Instant.now().plus(config.queueTimeout()))
                .onFailure().call(failure -> failure instanceof RouterException routerFailure
                        && routerFailure.kind() != RouterException.Kind.STATE_UNKNOWN
                        ? restore.get().onFailure().invoke(track).onFailure().recoverWithNull()
                        : Uni.createFrom().voidItem().invoke(track))
                .chain(() -> confirm.get().onFailure().invoke(track))
                .replaceWithVoid();
    }
}
