package dev.vmnet.reconcile;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One NAT rule, static mapping or DHCP pool that differs between router and database. Missing: every field
 * with actual null; unknown: every field with expected null; different: only the fields that differ.
 */
@RegisterForReflection
@JsonPropertyOrder({"object", "id", "vm_name", "fields"})
public record Drift(
        @Schema(description = "nat_rule, static_mapping, dhcp_pool or vpn", example = "nat_rule") String object,
        @Schema(description = "Rule number, mapping name, pool name or VPN interface (IPsec peer)", example = "10001") String id,
        @Schema(description = "The VM it belongs to; null when the database knows no owner", example = "server-01")
        String vmName,
        List<FieldDrift> fields) {}
