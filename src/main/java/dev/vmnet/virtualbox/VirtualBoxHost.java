package dev.vmnet.virtualbox;

import dev.vmnet.virtualbox.driver.VBoxException;
import dev.vmnet.virtualbox.driver.VBoxOutput;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Whether VirtualBox is on this host, its version and guest OS types. Probed at start with
 * {@code VBoxManage --version}; without it (as on build machines) spec 004's API answers 503 and
 * the rest of the service runs. A host found missing is probed again at most every 30 s, so
 * VirtualBox installed later is picked up without a restart.
 */
@ApplicationScoped
public class VirtualBoxHost {

    private static final Logger LOG = Logger.getLogger(VirtualBoxHost.class);
    private static final Duration REPROBE = Duration.ofSeconds(30);

    private final VBoxManage vbox;
    private final VirtualBoxConfig config;
    private final AtomicReference<Probe> probe = new AtomicReference<>();
    private volatile List<VBoxOutput.OsType> osTypes;

    /** The last probe: the version, or why there is none. */
    private record Probe(VBoxOutput.Version version, String problem, Instant at) {}

    public VirtualBoxHost(VBoxManage vbox, VirtualBoxConfig config) {
        this.vbox = vbox;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        probe().subscribe().with(version -> LOG.infof("VirtualBox %s (%s)", version.raw(), config.manage()),
                failure -> LOG.warnf("VirtualBox is off: %s", failure.getMessage()));
    }

    /** The version, or a 503 when VirtualBox is not available. */
    public Uni<VBoxOutput.Version> version() {
        Probe last = probe.get();
        if (last != null && last.version() != null) {
            return Uni.createFrom().item(last.version());
        }
        if (!probeDue()) {
            return Uni.createFrom().failure(MachineProblem.unavailable(last.problem()));
        }
        return probe();
    }

    /** Whether VirtualBox was found missing long enough ago to look again. */
    public boolean probeDue() {
        Probe last = probe.get();
        return last == null || (last.version() == null && !last.at().plus(REPROBE).isAfter(Instant.now()));
    }

    public Optional<VBoxOutput.Version> knownVersion() {
        Probe last = probe.get();
        return last == null ? Optional.empty() : Optional.ofNullable(last.version());
    }

    private Uni<VBoxOutput.Version> probe() {
        return vbox.run("--version").map(output -> VBoxOutput.version(output.stdout()))
                .invoke(version -> probe.set(new Probe(version, null, Instant.now())))
                .onFailure().transform(failure -> {
                    String problem = "VirtualBox is not available on this host: " + reason(failure);
                    probe.set(new Probe(null, problem, Instant.now()));
                    return MachineProblem.unavailable(problem);
                });
    }

    private String reason(Throwable failure) {
        if (failure instanceof VBoxException e && e.error() == null && !e.timedOut()) {
            return "VBoxManage was not found at '" + config.manage() + "' (VBOXMANAGE_PATH)";
        }
        return "VBoxManage --version failed: " + failure.getMessage();
    }

    /** The host's guest OS types (§5), read once. */
    public Uni<List<VBoxOutput.OsType>> osTypes() {
        List<VBoxOutput.OsType> known = osTypes;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return version().chain(ignored -> vbox.run("list", "ostypes"))
                .map(output -> VBoxOutput.osTypes(output.stdout()))
                .invoke(types -> osTypes = types);
    }

    /** The OS type id for showvminfo's ostype, which is the description (§8), or the id itself when unknown. */
    public static String osTypeId(List<VBoxOutput.OsType> types, String ostype) {
        return types.stream().filter(type -> type.description().equals(ostype) || type.id().equals(ostype))
                .map(VBoxOutput.OsType::id).findFirst().orElse(ostype);
    }

    public Uni<VBoxOutput.HostInfo> hostInfo() {
        return version().chain(ignored -> vbox.run("list", "hostinfo")).map(output -> VBoxOutput.hostInfo(output.stdout()));
    }
}
