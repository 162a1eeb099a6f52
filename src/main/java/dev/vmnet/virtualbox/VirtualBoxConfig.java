package dev.vmnet.virtualbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Spec 004's VirtualBox API: where VBoxManage is, how it is driven, and the limits the service enforces. */
@ConfigMapping(prefix = "virtualbox")
public interface VirtualBoxConfig {

    /** VBOXMANAGE_PATH: the VBoxManage executable (a name is looked up on the PATH). */
    @WithDefault("VBoxManage")
    String manage();

    /** VBOX_USER_HOME: VirtualBox's settings folder for the processes the service runs; unset, VirtualBox's default. */
    Optional<String> userHome();

    /** VBOX_MACHINE_FOLDER: where new VMs' folders go (createvm --basefolder); unset, VirtualBox's default machine folder. */
    Optional<String> machineFolder();

    /** VBOX_MEDIA_ROOT: the folder disks attached by path must be in; unset, attaching by path is refused. */
    Optional<String> mediaRoot();

    /** VBOX_COMMAND_TIMEOUT: how long one VBoxManage command may run before it is killed. */
    @WithDefault("120s")
    Duration commandTimeout();

    /** VBOX_LOCK_RETRIES: how often a command VirtualBox refused with a session-lock error is tried again. */
    @WithDefault("5")
    int lockRetries();

    /** VBOX_LOCK_BACKOFF: the first wait before such a retry; it doubles with each one. */
    @WithDefault("250ms")
    Duration lockBackoff();

    /** VBOX_MAX_PROCESSES: how many VBoxManage processes may run at once (VBoxSVC serialises most work anyway). */
    @WithDefault("4")
    int maxProcesses();

    /** VBOX_POLL_INTERVAL: how often VM states are read to find changes (vm.state_changed); off turns the poll off. */
    @WithDefault("5s")
    String pollInterval();

    /** VBOX_LAN_ADAPTER: the host interface bridged onto the LAN the router serves; unset, the internal network below. */
    Optional<String> lanAdapter();

    /** VBOX_LAN_NETWORK: the internal network (intnet) for network-provisioned VMs when no LAN adapter is set. */
    @WithDefault("vmnet-lan")
    String lanNetwork();

    /** VBOX_PROVISION_NETWORK: whether POST /api/v1/vms provisions the network when the body does not say. */
    @WithDefault("false")
    boolean provisionNetwork();

    /**
     * VBOX_CONSOLE_PORTS: the loopback ports the VMs' first serial ports listen on (tcpserver),
     * first-last; below Linux's ephemeral range (32768-60999), where an outgoing connection could hold one.
     */
    @WithDefault("27000-27999")
    String consolePorts();

    /** VBOX_MAX_VMS: how many VMs the host may hold. */
    @WithDefault("100")
    int maxVms();

    /** VBOX_MAX_MEMORY_PER_VM: the most memory (MB) one VM may have; never more than the host's. */
    @WithDefault("65536")
    int maxMemoryPerVm();

    /** VBOX_MAX_CPUS_PER_VM: the most virtual CPUs one VM may have; never more than the host's. */
    @WithDefault("32")
    int maxCpusPerVm();

    /** VBOX_MAX_DISK_GB: the largest disk one request may create. */
    @WithDefault("2048")
    int maxDiskGb();
}
