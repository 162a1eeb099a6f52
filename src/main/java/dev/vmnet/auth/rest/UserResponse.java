package dev.vmnet.auth.rest;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vmnet.auth.User;
import java.time.OffsetDateTime;
import java.util.Set;

/** A user, never with the password or its hash. */
@JsonPropertyOrder({"id", "username", "roles", "created_at"})
public record UserResponse(long id, String username, Set<String> roles, OffsetDateTime createdAt) {

    static UserResponse of(User user) {
        return new UserResponse(user.id, user.username, user.roleSet(), user.createdAt);
    }
}
