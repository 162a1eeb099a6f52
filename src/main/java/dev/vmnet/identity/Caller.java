package dev.vmnet.identity;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;

/**
 * Who is calling, as the services need it: the name recorded in the audit log ({@code actor}),
 * the owner recorded on the VMs it provisions, and whether it may read or change every VM. Never a
 * secret.
 *
 * @param actor    key:12, user:alice or bootstrap:1
 * @param owner    user:alice for anything a user does (JWT or personal key), else the actor
 * @param username the user behind the credential, or null for a key an admin created
 */
public record Caller(String actor, String owner, Set<String> roles, String username) {

    public static final String ATTRIBUTE = "vmnet.caller";

    /** Work the service does on its own (crash recovery). */
    public static final Caller SYSTEM = new Caller("system", "system", Set.of(Roles.ADMIN), null);

    /** A user, as its rules, integrations and streams act: what its JWT would make of it. */
    public static Caller user(String username, Set<String> roles) {
        return new Caller("user:" + username, "user:" + username, roles, username);
    }

    public boolean admin() {
        return roles.contains(Roles.ADMIN);
    }

    /**
     * Admins and viewers read every VM and operation (a viewer is a dashboard's read-only
     * credential); anyone else reads only its own. Changes stay with the owner or an admin.
     */
    public boolean readsAll() {
        return admin() || roles.contains(Roles.VIEWER);
    }

    /** Set on every authenticated identity, by ApiKeyIdentityProvider and JwtUserAugmentor. */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("an authenticated call without a known credential");
        }
        return caller;
    }
}
