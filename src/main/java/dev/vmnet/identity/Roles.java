package dev.vmnet.identity;

import java.util.Set;

/** The roles a credential can carry. A viewer may only call GET endpoints. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String USER = "user";
    public static final String VIEWER = "viewer";

    public static final Set<String> ALL = Set.of(ADMIN, USER, VIEWER);

    private Roles() {}
}
